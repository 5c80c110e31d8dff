import Foundation
import Logging
import Platform
import Testing

/// Process-wide pieces the tests share: logging and tracing are bootstrapped once, and one HTTP client lives
/// for the whole run (AsyncHTTPClient must be shut down before it is released, so it never is).
public enum TestEnvironment {
    public static let settings: PlatformSettings = {
        let settings = try! PlatformSettings.testing(["log.level": ProcessInfo.processInfo.environment["TEST_LOG_LEVEL"] ?? "critical"])
        Observability.bootstrapLogging(level: settings.logLevel, format: .json)
        if let tracing = try? Observability.bootstrapTracing(serviceName: "mpesa-tests", otlpEndpoint: nil) {
            // Span export must run or finished spans would queue; there is no exporter, so this only drains them.
            Task.detached { try? await tracing.run() }
        }
        return settings
    }()

    public static let httpClient: ServiceHTTPClient = {
        _ = settings
        return ServiceHTTPClient.make(defaultTimeout: .seconds(10))
    }()

    public static let logger: Logger = {
        _ = settings
        return Logger(label: "tests")
    }()

    /// The PostgreSQL the suite runs against (`make test` starts one and sets `MPESA_TEST_POSTGRES_URL`).
    public static func postgresURL() throws -> DatabaseURL {
        guard let text = ProcessInfo.processInfo.environment["MPESA_TEST_POSTGRES_URL"], !text.isEmpty else {
            throw TestSetupError("MPESA_TEST_POSTGRES_URL is not set: run the suite with `make test`, which starts a throw-away PostgreSQL")
        }
        return try DatabaseURL(parsing: text)
    }

    /// A name unique to this test, usable as a store (schema) name so tests never see each other's tables.
    public static func uniqueName(_ prefix: String = "t") -> String {
        "\(prefix)_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
    }
}

/// A test could not even be set up; the message says what to fix.
public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A fresh directory under the system temp directory, removed by ``remove()``.
public struct TemporaryDirectory: Sendable {
    public let path: String

    public init() throws {
        path = NSTemporaryDirectory() + "mpesa-test-" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// How much longer than written every `eventually` may wait: `MPESA_TEST_WAIT_SCALE` (default 1). `make test` runs the
/// whole suite at once on two cores (several clusters, PostgreSQL and browser-less services together), where a wait
/// written for a quiet machine can expire while the thing it waits for is merely slow; it sets 3. A wait that never
/// comes true still fails, later.
public let testWaitScale: Int = {
    let raw = ProcessInfo.processInfo.environment["MPESA_TEST_WAIT_SCALE"].flatMap { Int($0) } ?? 1
    return min(max(raw, 1), 10)
}()

/// Polls `condition` until it holds or `deadline` passes; tests wait this way instead of sleeping blindly.
public func eventually(
    timeout: Duration = .seconds(30),
    every interval: Duration = .milliseconds(20),
    _ description: @autoclosure () -> String = "condition",
    _ condition: () async throws -> Bool
) async throws {
    let timeout = timeout * testWaitScale
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: interval)  // poll interval until the deadline
    }
    throw TestSetupError("timed out after \(timeout) waiting for \(description())")
}

/// Paths of the package being tested.
public enum PackagePaths {
    /// The package root (the directory holding Package.swift).
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath
    }()
}
