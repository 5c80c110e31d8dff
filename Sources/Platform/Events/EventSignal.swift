import NIOConcurrencyHelpers

/// A wake-up call for pollers: `notify()` releases every waiter at once; a waiter that missed the call (it
/// happened after the waiter last looked) returns immediately instead of sleeping through it.
public final class EventSignal: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var nextWaiter: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var cancelled: Set<UInt64> = []
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    /// The number of notifications so far; pass it to ``wait(after:timeout:)``.
    public var generation: UInt64 { state.withLockedValue { $0.generation } }

    public func notify() {
        let waiters = state.withLockedValue { state in
            state.generation &+= 1
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Waits until a notification newer than `generation` or until `timeout`, whichever is first.
    public func wait(after generation: UInt64, timeout: Duration) async {
        let id: UInt64? = state.withLockedValue { state in
            guard state.generation == generation else { return nil }
            state.nextWaiter &+= 1
            return state.nextWaiter
        }
        guard let id else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                        let resumeNow = self.state.withLockedValue { state -> Bool in
                            if state.cancelled.remove(id) != nil || state.generation != generation { return true }
                            state.waiters[id] = continuation
                            return false
                        }
                        if resumeNow { continuation.resume() }
                    }
                } onCancel: {
                    let waiter = self.state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
                        if let waiter = state.waiters.removeValue(forKey: id) { return waiter }
                        state.cancelled.insert(id)
                        return nil
                    }
                    waiter?.resume()
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
            }
            await group.next()
            group.cancelAll()
        }
        state.withLockedValue { _ = $0.cancelled.remove(id) }
    }
}
