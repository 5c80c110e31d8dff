import MPesaCore
import NIOConcurrencyHelpers
import Platform

/// Each organisation's request quota and status, readable without suspending: the edge asks it on every request.
///
/// Filled from the ``TenantDirectory`` (which the tenant service's events keep fresh) and kept for `ttl`, so a
/// plan change or a suspension reaches the edge within that time even if an event is missed.
final class PlanQuotas: Sendable {
    struct Entry: Sendable {
        /// Requests per minute; nil: unlimited.
        var perMinute: Int64?
        var suspended: Bool
        var fetchedAt: UInt64
    }

    private let entries = NIOLockedValueBox<[String: Entry]>([:])
    private let directory: TenantDirectory
    private let ttlNanoseconds: UInt64
    private let now: Nanoseconds
    static let maxEntries = 50_000

    init(directory: TenantDirectory, ttl: Duration = .seconds(30), now: @escaping Nanoseconds = MonotonicClock.system) {
        self.directory = directory
        self.ttlNanoseconds = MonotonicClock.nanoseconds(ttl)
        self.now = now
    }

    /// The cached entry, or nil when it must be fetched with ``fetch(_:)``.
    func cached(_ tenant: String) -> Entry? {
        let time = now()
        guard let entry = entries.withLockedValue({ $0[tenant] }), time &- entry.fetchedAt < ttlNanoseconds else { return nil }
        return entry
    }

    /// Asks the directory (the tenant service behind it) and remembers the answer.
    func fetch(_ tenant: TenantID) async throws -> Entry {
        let facts = try await directory.facts(for: tenant)
        let entry = Entry(
            perMinute: facts.plan.limit(.requestsPerMinute),
            suspended: facts.status == .suspended || facts.status == .deleted,
            fetchedAt: now()
        )
        entries.withLockedValue { entries in
            if entries.count >= Self.maxEntries { entries.removeAll(keepingCapacity: true) }
            entries[tenant.rawValue] = entry
        }
        return entry
    }
}
