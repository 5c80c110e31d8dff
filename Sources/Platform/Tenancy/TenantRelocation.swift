import Logging
import MPesaCore

/// One service's part in moving an organisation to another isolation tier, driven by the tenant service in three
/// calls: `copy` (fence writes, copy, verify counts and checksums), then `finish` on every service once all copies
/// verified (switch to the new home, remove the old one), or `abort` if any failed (drop the copy).
///
/// Reads keep using the old home until `finish`. Before copying, the fence waits for this process's running writes,
/// then for `settle`, so other replicas (which learn of the move from the `tenant.updated` event) stop writing too.
public struct TenantRelocation: Sendable {
    public enum Phase: String, Sendable, Codable {
        case copy, finish, abort
    }

    let store: TenantStore
    let relocator: TenantRelocator
    let settle: Duration
    let logger: Logger

    public init(store: TenantStore, migrations: [Migration], settle: Duration, logger: Logger) {
        self.store = store
        self.relocator = TenantRelocator(provider: store.database, migrations: migrations, logger: logger)
        self.settle = settle
        self.logger = logger
    }

    public func copy(_ tenant: TenantID, from: IsolationTier, to: IsolationTier) async throws -> RelocationReport {
        try await store.fence.close(tenant.rawValue)
        do {
            try await Task.sleep(for: settle)
            let report = try await relocator.copy(tenant, from: from, to: to)
            logger.info("tenant data copied", metadata: ["tenant_id": .string(tenant.rawValue), "from": .string(from.rawValue), "to": .string(to.rawValue), "rows": .stringConvertible(report.copiedRows)])
            return report
        } catch {
            store.fence.open(tenant.rawValue)
            throw error
        }
    }

    public func finish(_ tenant: TenantID, from: IsolationTier, to: IsolationTier) async throws {
        try await relocator.finish(tenant, from: from, to: to)
        store.setHome(of: tenant, tier: to)
        store.fence.open(tenant.rawValue)
        logger.info("tenant moved", metadata: ["tenant_id": .string(tenant.rawValue), "from": .string(from.rawValue), "to": .string(to.rawValue)])
    }

    public func abort(_ tenant: TenantID, from: IsolationTier, to: IsolationTier) async throws {
        try await relocator.abort(tenant, from: from, to: to)
        store.fence.open(tenant.rawValue)
        logger.warning("tenant move aborted", metadata: ["tenant_id": .string(tenant.rawValue), "from": .string(from.rawValue), "to": .string(to.rawValue)])
    }
}
