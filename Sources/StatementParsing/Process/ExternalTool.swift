import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a command-line tool (poppler, qpdf, LibreOffice) out of process, so a hostile file can hang or exhaust
/// only a child: a wall-clock timeout, a memory and CPU limit, and its own process group, killed whole at the
/// timeout or when the calling task is cancelled (LibreOffice forks helpers that must not outlive it).
///
/// Output (stdout and stderr together) goes to a log file in a private directory rather than a pipe, so a chatty
/// tool cannot fill a pipe and hang; tools that produce data write it to a file of their own.
public struct ExternalTool: Sendable {
    public var executable: String
    public var timeout: Duration
    /// Address-space limit for the tool; 0 for none (LibreOffice reserves far more than it uses).
    public var memoryLimitBytes: Int
    public var maxLogBytes: Int

    public init(executable: String, timeout: Duration = .seconds(60), memoryLimitBytes: Int = 1 << 30, maxLogBytes: Int = 1 << 20) {
        self.executable = executable
        self.timeout = timeout
        self.memoryLimitBytes = memoryLimitBytes
        self.maxLogBytes = maxLogBytes
    }

    /// How a run ended.
    public struct Output: Sendable {
        /// The exit status, or 128 + the signal that killed it.
        public var status: Int32
        /// What the tool wrote to stdout and stderr (capped).
        public var log: String
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
    public func run(_ arguments: [String], environment: [String: String]? = nil, workingDirectory: String? = nil) async throws(Failure) -> Output {
        guard let path = Self.locate(executable) else { throw .notInstalled(executable) }
        let scratch: PrivateScratchDirectory
        do {
            scratch = try PrivateScratchDirectory()
        } catch {
            throw .notInstalled(executable)
        }
        defer { scratch.remove() }
        let logFile = "\(scratch.path)/output.log"
        // The shell applies the limits to itself, then becomes the tool (exec): the limits bind the tool only.
        var limits = "ulimit -t \(max(Int(timeout.components.seconds) + 5, 5)) 2>/dev/null;"
        if memoryLimitBytes > 0 { limits += " ulimit -v \(max(memoryLimitBytes / 1024, 65_536)) 2>/dev/null;" }
        let script = "\(limits) \(workingDirectory.map { "cd '\($0)' || exit 126;" } ?? "") exec \"$0\" \"$@\""
        let env = environment ?? ["PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": scratch.path]
        let pid: pid_t
        do {
            pid = try Self.spawn("/bin/sh", arguments: ["-c", script, path] + arguments, environment: env, logFile: logFile)
        } catch {
            throw .notInstalled(executable)
        }
        let timeout = self.timeout
        let watchdog = Task { () -> Bool in
            do {
                try await Task.sleep(for: timeout)
            } catch {
                return false
            }
            kill(-pid, SIGKILL)
            return true
        }
        let status = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
                // waitpid blocks, so it waits on a Dispatch thread, never on the cooperative pool.
                DispatchQueue.global().async {
                    var status: Int32 = 0
                    while waitpid(pid, &status, 0) == -1, errno == EINTR {}
                    continuation.resume(returning: status)
                }
            }
        } onCancel: {
            kill(-pid, SIGKILL)
        }
        watchdog.cancel()
        let timedOut = await watchdog.value
        // Whatever the leader did, nothing it started may outlive it.
        kill(-pid, SIGKILL)
        if timedOut { throw .timedOut(timeout) }
        let exited = status & 0x7f == 0
        let code = exited ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let log = (try? FileHandle(forReadingFrom: URL(fileURLWithPath: logFile)).read(upToCount: maxLogBytes)) ?? nil
        return Output(status: code, log: String(decoding: log ?? Data(), as: UTF8.self))
    }

    private struct SpawnFailure: Error {}

    #if canImport(Glibc)
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), looked up at run time because Swift's Glibc
    /// module does not import GNU extensions.
    nonisolated(unsafe) private static let closeFrom: CloseFrom? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: CloseFrom.self) }

    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        _ = closeFrom?(&actions, 3)
    }
    #else
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t?) {}
    #endif

    private static func spawn(_ executable: String, arguments: [String], environment: [String: String], logFile: String) throws -> pid_t {
        #if canImport(Glibc)
        var attributes = posix_spawnattr_t()
        var actions = posix_spawn_file_actions_t()
        #else
        var attributes: posix_spawnattr_t?
        var actions: posix_spawn_file_actions_t?
        #endif
        posix_spawnattr_init(&attributes)
        posix_spawn_file_actions_init(&actions)
        defer {
            posix_spawnattr_destroy(&attributes)
            posix_spawn_file_actions_destroy(&actions)
        }
        // A new process group (pgid = pid) so the whole group can be killed; default signal handling and mask.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else the service has open may reach the tool: not its database files and sockets, and not the
        // pipes by which Foundation's Process watches other children (a tool holding one would make that child
        // look alive until the tool exits).
        closeInheritedDescriptors(&actions)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        guard posix_spawn(&pid, executable, &actions, &attributes, argv, envp) == 0 else { throw SpawnFailure() }
        return pid
    }
}

/// A directory only this process can read, removed with everything in it by ``remove()``: where uploaded files
/// and decrypted copies live for the seconds a tool needs them.
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
