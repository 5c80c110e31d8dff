import NIOConcurrencyHelpers

/// Stops writes for an organisation while its data moves between isolation tiers, in this process: new writes are
/// refused (503, retry shortly) and ``close(_:)`` waits for the writes already running to finish, so the copy
/// starts from a state no write will change. Reads are never fenced.
public final class TenantFence: Sendable {
    private struct State {
        var closed: Set<String> = []
        var running: [String: Int] = [:]
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    /// Admits one write, or throws when the organisation is fenced. Pair with ``leave(_:)``.
    public func enter(_ tenant: String) throws {
        try state.withLockedValue { state in
            if state.closed.contains(tenant) { throw TenantFence.relocating }
            state.running[tenant, default: 0] += 1
        }
    }

    public func leave(_ tenant: String) {
        state.withLockedValue { state in
            let remaining = (state.running[tenant] ?? 1) - 1
            state.running[tenant] = remaining > 0 ? remaining : nil
        }
    }

    /// Refuses new writes and waits (polling, bounded by `timeout`) until running ones have finished.
    public func close(_ tenant: String, timeout: Duration = .seconds(30)) async throws {
        state.withLockedValue { _ = $0.closed.insert(tenant) }
        let deadline = ContinuousClock.now + timeout
        while state.withLockedValue({ $0.running[tenant] ?? 0 }) > 0 {
            guard ContinuousClock.now < deadline else {
                throw Problem.serviceUnavailable("Writes of organisation \(tenant) did not finish within \(timeout); the move was not started", retryAfterSeconds: 5)
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    public func open(_ tenant: String) {
        state.withLockedValue { _ = $0.closed.remove(tenant) }
    }

    public func isClosed(_ tenant: String) -> Bool {
        state.withLockedValue { $0.closed.contains(tenant) }
    }

    /// The answer to a write refused during a move.
    public static let relocating = Problem(
        type: "organization-relocating", title: "The organisation's data is moving", status: .serviceUnavailable,
        detail: "The organisation is moving to another isolation tier; reading works, writing resumes when the move ends. Retry shortly.",
        headers: ["Retry-After": "5"]
    )
}
