import Foundation

/// Waiting for a Foundation `Process` without holding a thread of the cooperative pool: `waitUntilExit()` blocks
/// its thread for as long as the child runs, and on a two-core machine two such waits stall every test in the run.
extension Process {
    /// Waits for the process to exit (polling) and returns its status; one that outlives `timeout` is killed and
    /// reported as an error.
    @discardableResult
    public func exited(timeout: Duration = .seconds(60)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while isRunning {
            if ContinuousClock.now > deadline {
                kill(processIdentifier, SIGKILL)
                reapInBackground()
                throw TestSetupError("process \(arguments ?? []) did not exit within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(20))  // poll interval until the deadline
        }
        return terminationStatus
    }

    /// Terminates the process and lets a Dispatch thread (not the caller's) wait for it, then run `cleanup`; for
    /// `defer` blocks, which cannot await.
    public func stopInBackground(cleanup: @escaping @Sendable () -> Void = {}) {
        if isRunning { terminate() }
        reapInBackground(cleanup: cleanup)
    }

    private func reapInBackground(cleanup: @escaping @Sendable () -> Void = {}) {
        let process = self
        DispatchQueue.global().async {
            process.waitUntilExit()
            cleanup()
        }
    }
}
