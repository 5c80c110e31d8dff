import NIOConcurrencyHelpers
import NIOCore

/// The per-event-loop connection pools of the gateway process, created on first use by each loop.
final class UpstreamPools: Sendable {
    private let pools = NIOLockedValueBox<[ObjectIdentifier: NIOLoopBound<UpstreamConnectionPool>]>([:])

    /// The pool of the calling event loop (called once per client connection, not per request).
    func pool(for eventLoop: any EventLoop) -> UpstreamConnectionPool {
        eventLoop.preconditionInEventLoop()
        let key = ObjectIdentifier(eventLoop)
        return pools.withLockedValue { pools in
            if let existing = pools[key] { return existing.value }
            let pool = UpstreamConnectionPool(eventLoop: eventLoop)
            pools[key] = NIOLoopBound(pool, eventLoop: eventLoop)
            return pool
        }
    }
}
