import Synchronization

/// Bounds the requests in flight to one upstream, so a slow upstream queues at most `limit` requests instead of
/// every connection the gateway holds. Lock-free: one compare-and-swap per admission.
final class ConcurrencyCap: Sendable {
    let limit: Int
    private let count = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = max(0, limit)
    }

    /// Takes a slot if one is free; every `true` must be matched by exactly one `release()`.
    func tryAcquire() -> Bool {
        var current = count.load(ordering: .relaxed)
        while current < limit {
            let (exchanged, original) = count.compareExchange(
                expected: current, desired: current + 1, successOrdering: .acquiring, failureOrdering: .relaxed
            )
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// Frees a slot. An unmatched release is a bug; it is ignored rather than letting the count go negative, which
    /// would silently raise the cap.
    func release() {
        var current = count.load(ordering: .relaxed)
        while current > 0 {
            let (exchanged, original) = count.compareExchange(
                expected: current, desired: current - 1, successOrdering: .releasing, failureOrdering: .relaxed
            )
            if exchanged { return }
            current = original
        }
        assertionFailure("ConcurrencyCap.release() without a matching tryAcquire()")
    }

    var inFlight: Int { count.load(ordering: .relaxed) }
}
