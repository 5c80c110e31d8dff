import MPesaCore
import NIOConcurrencyHelpers
import SQLKit

/// A service's tenant data, reached by organisation: finds the organisation's home (its isolation tier), creates
/// it on first use, and fences writes while the organisation moves to another tier.
///
/// Where a tenant's rows are is this store's own record (`tenant_homes`, kept by the provider); the tier the
/// organisation should have comes from the tenant service through ``TenantDirectory`` and is used to provision a
/// home the first time. A move (``TenantRelocation``) changes the record; other replicas re-read it when the
/// `tenant.updated` event arrives.
public final class TenantStore: Sendable {
    public let database: any DatabaseProvider
    public let directory: TenantDirectory
    public let fence: TenantFence
    private let homes = NIOLockedValueBox<[String: IsolationTier]>([:])

    public init(database: any DatabaseProvider, directory: TenantDirectory, fence: TenantFence = TenantFence()) {
        self.database = database
        self.directory = directory
        self.fence = fence
    }

    /// Runs `work` in one transaction in the organisation's home. Reads continue during a tier move.
    ///
    /// A read that began in the old home as a move switched, and found that home gone (dropped, or its connections
    /// ended), is run again where the rows are now: reads are idempotent, and this is what keeps them working
    /// across the switch however long the read took.
    public func read<T: Sendable>(_ tenant: TenantID, _ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let home = try await scope(of: tenant)
        do {
            return try await database.withSession(tenant: home, work)
        } catch {
            forgetHome(of: tenant.rawValue)
            let now = try await scope(of: tenant)
            guard now.tier != home.tier else { throw error }
            return try await database.withSession(tenant: now, work)
        }
    }

    /// Runs `work` in one transaction in the organisation's home; refused with 503 while the organisation's data
    /// is moving to another tier.
    public func write<T: Sendable>(_ tenant: TenantID, _ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let facts = try await directory.facts(for: tenant)
        if facts.relocatingTo != nil { throw TenantFence.relocating }
        try fence.enter(tenant.rawValue)
        defer { fence.leave(tenant.rawValue) }
        return try await database.withSession(tenant: try await scope(of: tenant), work)
    }

    /// Where the organisation's rows are now, provisioning its home on first use.
    public func scope(of tenant: TenantID) async throws -> TenantScope {
        if let tier = homes.withLockedValue({ $0[tenant.rawValue] }) { return TenantScope(tenant, tier: tier) }
        let tier: IsolationTier
        if let recorded = try await database.recordedTier(of: tenant) {
            tier = recorded
        } else {
            tier = try await directory.facts(for: tenant).tier
            try await database.provision(TenantScope(tenant, tier: tier))
        }
        homes.withLockedValue { $0[tenant.rawValue] = tier }
        return TenantScope(tenant, tier: tier)
    }

    /// Sets where the organisation's rows are (after a move).
    public func setHome(of tenant: TenantID, tier: IsolationTier) {
        homes.withLockedValue { $0[tenant.rawValue] = tier }
    }

    /// Forgets the cached home, so the next session re-reads the record (another replica moved the tenant).
    public func forgetHome(of tenant: String) {
        _ = homes.withLockedValue { $0.removeValue(forKey: tenant) }
    }
}
