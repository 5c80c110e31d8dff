import Foundation
import NIOConcurrencyHelpers

/// A real `mpesa` process started by a test, with its output captured line by line.
public final class ChildProcess: @unchecked Sendable {
    // @unchecked: `process` is only touched through its own thread-safe API; captured output is behind locks.
    public let process: Process
    private let output = NIOLockedValueBox<(stdout: [String], stderr: [String], partialOut: String, partialErr: String)>(([], [], "", ""))

    /// The freshly built `mpesa` executable next to the test bundle.
    public static func mpesaExecutable() throws -> URL {
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("mpesa"))
        }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("mpesa"))
        candidates.append(URL(fileURLWithPath: PackagePaths.root + "/.build/debug/mpesa"))
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw TestSetupError("the mpesa executable is not built; run `swift build --build-tests` (make test does)")
        }
        return found
    }

    public init(arguments: [String], environment: [String: String], directory: String? = nil) throws {
        process = Process()
        process.executableURL = try Self.mpesaExecutable()
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasSuffix("_PORT") && !$0.key.hasSuffix("_URL") || $0.key == "MPESA_TEST_POSTGRES_URL" }
        merged.merge(environment) { _, new in new }
        process.environment = merged
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let stdout = try OutputDrain { [output] bytes in Self.collect(bytes, into: output, \.stdout, partial: \.partialOut) }
        let stderr = try OutputDrain { [output] bytes in Self.collect(bytes, into: output, \.stderr, partial: \.partialErr) }
        process.standardOutput = stdout.handleForChild
        process.standardError = stderr.handleForChild
        try process.run(draining: stdout, stderr)
    }

    private typealias Captured = (stdout: [String], stderr: [String], partialOut: String, partialErr: String)

    /// Appends complete lines of `data` to one stream's lines, keeping an unfinished last line for later.
    private static func collect(
        _ data: [UInt8],
        into output: NIOLockedValueBox<Captured>,
        _ lines: WritableKeyPath<Captured, [String]>,
        partial: WritableKeyPath<Captured, String>
    ) {
        guard !data.isEmpty else { return }
        output.withLockedValue { state in
            state[keyPath: partial] += String(decoding: data, as: UTF8.self)
            // "\r\n" is one Character in Swift, so CRLF line ends are looked for as well as "\n".
            while let newline = state[keyPath: partial].firstIndex(where: { $0 == "\n" || $0 == "\r\n" }) {
                state[keyPath: lines].append(String(state[keyPath: partial][..<newline]))
                state[keyPath: partial] = String(state[keyPath: partial][state[keyPath: partial].index(after: newline)...])
            }
        }
    }

    public var stdoutLines: [String] { output.withLockedValue { $0.stdout } }
    public var stderrLines: [String] { output.withLockedValue { $0.stderr + ($0.partialErr.isEmpty ? [] : [$0.partialErr]) } }
    public var isRunning: Bool { process.isRunning }

    public func signal(_ signal: Int32) {
        if process.isRunning { kill(process.processIdentifier, signal) }
    }

    /// Waits for the process to exit and returns its status, killing it if it outlives `timeout`.
    @discardableResult
    public func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
        try await process.exited(timeout: timeout)
    }

    /// Makes sure nothing is left running when a test ends early.
    public func stop() async {
        guard process.isRunning else { return }
        signal(SIGTERM)
        if (try? await waitForExit(timeout: .seconds(10))) == nil { signal(SIGKILL) }
    }
}

/// Free TCP ports on 127.0.0.1, all distinct, never handed out twice in one test process.
///
/// They come from below the kernel's ephemeral range (`net.ipv4.ip_local_port_range`): a port the kernel picked with
/// `bind(port 0)` and that was then released is also a candidate for the local end of any outgoing connection, so a
/// busy test run (hundreds of client connections a second) could take it before the service binds it, and the cluster
/// would never come up. Below the range only listeners compete, and each port is checked with a real bind first.
public enum FreePorts {
    private static let cursor = NIOLockedValueBox<Int?>(nil)

    public static func allocate(_ count: Int) throws -> [Int] {
        let (low, high) = candidateRange()
        var ports: [Int] = []
        var tried = 0
        while ports.count < count {
            guard tried < high - low else { throw TestSetupError("no free port between \(low) and \(high)") }
            tried += 1
            let port = cursor.withLockedValue { cursor -> Int in
                // Each process starts somewhere of its own in the range, so two test processes rarely meet.
                let next = cursor ?? low + Int(getpid()) % (high - low)
                cursor = next + 1 >= high ? low : next + 1
                return next
            }
            if isFree(port) { ports.append(port) }
        }
        return ports
    }

    /// The ports under the ephemeral range, leaving the well-known and commonly configured ones alone.
    private static func candidateRange() -> (Int, Int) {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        let ephemeralLow = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first.flatMap { Int($0) } ?? 32768
        let high = max(min(ephemeralLow, 65535), 20000)
        return (high - 10000, high)
    }

    private static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return bound == 0
    }
}
