import DequeModule
import NIOConcurrencyHelpers

/// Lets at most `limit` tasks into a section at once; the rest wait in arrival order. Guards CPU-heavy work
/// (statement extraction) so a burst of uploads queues instead of starving the machine.
public final class ConcurrencyLimiter: Sendable {
    private struct State {
        var running = 0
        var waiters: Deque<CheckedContinuation<Void, Never>> = []
    }

    private let state = NIOLockedValueBox(State())
    public let limit: Int

    public init(limit: Int) {
        self.limit = max(1, limit)
    }

    public func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let admitted = state.withLockedValue { state -> Bool in
                if state.running < limit {
                    state.running += 1
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if admitted { continuation.resume() }
        }
    }

    private func release() {
        let next = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            if let next = state.waiters.popFirst() { return next }
            state.running -= 1
            return nil
        }
        next?.resume()
    }
}
