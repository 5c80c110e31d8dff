import Foundation
import Synchronization

/// Runs a command-line tool (poppler, qpdf, LibreOffice) out of process, with a wall-clock timeout, a memory
/// and CPU limit, and a cap on how much output is kept, so a hostile file can hang or bloat only the child.
public struct ExternalTool: Sendable {
    public var executable: String
    public var timeout: Duration
    public var memoryLimitBytes: Int
    public var maxOutputBytes: Int

    public init(executable: String, timeout: Duration = .seconds(60), memoryLimitBytes: Int = 1 << 30, maxOutputBytes: Int = 256 << 20) {
        self.executable = executable
        self.timeout = timeout
        self.memoryLimitBytes = memoryLimitBytes
        self.maxOutputBytes = maxOutputBytes
    }

    /// What a run produced.
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: String
        public var outputTruncated: Bool
    }

    public enum Failure: Error, Sendable, Equatable {
        case notInstalled(String)
        case timedOut(Duration)
    }

    /// Finds a tool on the PATH (or at an absolute path).
    public static func locate(_ name: String) -> String? {
        if name.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs the tool with `arguments`; throws ``Failure/timedOut(_:)`` after killing it if it outlives the timeout.
    public func run(_ arguments: [String], workingDirectory: String? = nil) async throws -> Output {
        guard let path = Self.locate(executable) else { throw Failure.notInstalled(executable) }
        let process = Process()
        // The shell applies the limits to itself, then becomes the tool (exec), so the limits bind the tool only.
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let memoryKB = max(memoryLimitBytes / 1024, 65_536)
        let cpuSeconds = max(Int(timeout.components.seconds) + 5, 5)
        process.arguments = ["-c", "ulimit -v \(memoryKB) 2>/dev/null; ulimit -t \(cpuSeconds) 2>/dev/null; exec \"$0\" \"$@\"", path] + arguments
        process.environment = ["PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": NSTemporaryDirectory()]
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        let stdoutPipe = Pipe()
        let stderrPipe = Pipe()
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        process.standardInput = FileHandle.nullDevice

        let captured = LockedValue<(out: Data, err: Data, truncated: Bool)>((Data(), Data(), false))
        let limit = maxOutputBytes
        stdoutPipe.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            guard !chunk.isEmpty else { return }
            captured.withLockedValue { state in
                if state.out.count + chunk.count <= limit { state.out.append(chunk) } else { state.truncated = true }
            }
        }
        stderrPipe.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            guard !chunk.isEmpty else { return }
            captured.withLockedValue { state in
                if state.err.count < 64 * 1024 { state.err.append(chunk) }
            }
        }

        defer {
            stdoutPipe.fileHandleForReading.readabilityHandler = nil
            stderrPipe.fileHandleForReading.readabilityHandler = nil
        }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            let finished = LockedValue(false)
            process.terminationHandler = { process in
                let first = finished.withLockedValue { done -> Bool in
                    defer { done = true }
                    return !done
                }
                if first { continuation.resume(returning: process.terminationStatus) }
            }
            do {
                try process.run()
            } catch {
                finished.withLockedValue { $0 = true }
                continuation.resume(throwing: Failure.notInstalled(executable))
                return
            }
            let pid = process.processIdentifier
            let timeout = self.timeout
            Task.detached {
                try? await Task.sleep(for: timeout)
                let first = finished.withLockedValue { done -> Bool in
                    defer { done = true }
                    return !done
                }
                if first {
                    kill(pid, SIGKILL)
                    continuation.resume(throwing: Failure.timedOut(timeout))
                }
            }
        }
        // Drain what is left in the pipes once the process has exited.
        stdoutPipe.fileHandleForReading.readabilityHandler = nil
        stderrPipe.fileHandleForReading.readabilityHandler = nil
        let restOut = (try? stdoutPipe.fileHandleForReading.readToEnd()) ?? Data()
        let restErr = (try? stderrPipe.fileHandleForReading.readToEnd()) ?? Data()
        let result = captured.withLockedValue { state -> Output in
            var out = state.out
            var truncated = state.truncated
            if out.count + restOut.count <= limit { out.append(restOut) } else if !restOut.isEmpty { truncated = true }
            let err = state.err + restErr.prefix(64 * 1024)
            return Output(status: status, stdout: out, stderr: String(decoding: err, as: UTF8.self), outputTruncated: truncated)
        }
        return result
    }
}

/// A directory only this process can read, removed with everything in it by ``remove()``: where uploaded files
/// and decrypted copies live for the seconds poppler needs them.
public struct PrivateScratchDirectory: Sendable {
    public let path: String

    /// A new directory under `parent` (the system temporary directory by default).
    public init(parent: String? = nil) throws {
        let root = parent ?? NSTemporaryDirectory()
        let base = root.hasSuffix("/") ? root : root + "/"
        path = base + "mpesa-parse-" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    /// Writes a file readable by this user only.
    public func write(_ data: Data, named name: String) throws -> String {
        let file = "\(path)/\(name)"
        guard FileManager.default.createFile(atPath: file, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        return file
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A value behind a lock, shareable between the pipe handlers, the termination handler and the timeout task.
final class LockedValue<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) {
        mutex = Mutex(value)
    }

    func withLockedValue<Result>(_ body: (inout Value) -> Result) -> Result {
        mutex.withLock { body(&$0) }
    }
}
