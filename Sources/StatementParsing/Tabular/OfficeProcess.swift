import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs one external program in its own process group, with a deadline: when time runs out, or the calling
/// task is cancelled, the whole group is killed, so helpers the program forked (LibreOffice's `soffice.bin`)
/// die with it. Output goes to a log file so a chatty program cannot fill a pipe and hang.
enum OfficeProcess {
    struct Outcome {
        var exitStatus: Int32
        var timedOut: Bool
    }

    struct SpawnFailure: Error {
        var errorNumber: Int32
    }

    static func run(
        executable: String, arguments: [String], environment: [String: String], logFile: String, timeout: Duration
    ) async throws(SpawnFailure) -> Outcome {
        let pid = try spawn(executable: executable, arguments: arguments, environment: environment, logFile: logFile)
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
                // waitpid blocks; it runs on a Dispatch thread, not on the cooperative pool.
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
        return Outcome(exitStatus: status, timedOut: timedOut)
    }

    private static func spawn(
        executable: String, arguments: [String], environment: [String: String], logFile: String
    ) throws(SpawnFailure) -> pid_t {
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
        // A new process group (pgid = pid) so the group can be killed, and default signal handling and mask.
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

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw SpawnFailure(errorNumber: result) }
        return pid
    }
}
