import Foundation
import Logging
import MPesaCore
import Platform
import SQLKit

/// Keeps the records that live in each organisation's home, from events: the audit trail (every `tenant.*`
/// event with an actor) and the monthly usage counters (`usage.recorded` events from metering services).
///
/// Both are idempotent (the audit entry's id is the event id; usage claims the event id in `processed_events` in
/// the same transaction), and both wait out a tier move instead of failing: the organisation's home is being
/// replaced, and the entry must land in the new one.
struct Projections: Sendable {
    let database: any DatabaseProvider
    let records: TenantStore
    let logger: Logger

    func audit(_ event: LoggedEvent) async throws {
        let envelope = event.envelope
        guard envelope.type.hasPrefix("tenant."), envelope.type != "tenant.deleted", let id = envelope.tenantId, let tenant = try? TenantID(id) else { return }
        guard let organization = try await database.withTransaction({ db in try await OrganizationStore.find(id, on: db) }), organization.status != "deleted" else { return }
        let data = envelope.data
        let actor = data["actor"]?.stringValue ?? "system"
        let target = data["user_id"]?.stringValue ?? data["invitation_id"]?.stringValue ?? data["move_id"]?.stringValue
        var details: [(String, JSONValue)] = []
        if case .object(let pairs) = data { details = pairs.filter { $0.0 != "actor" } }
        let text = details.isEmpty ? nil : JSONValue.object(details).serialized()
        let action = String(envelope.type.dropFirst("tenant.".count))
        let occurred = Int64(envelope.occurredAt.timeIntervalSince1970 * 1000)
        try await writeWaitingOutMoves(tenant) { db in
            try await db.raw(
                """
                INSERT INTO audit_events (id, tenant_id, occurred_at, actor, action, target, details)
                VALUES (\(bind: envelope.id), \(bind: id), \(bind: occurred), \(bind: actor), \(bind: action), \(bind: target), \(bind: text))
                ON CONFLICT (id) DO NOTHING
                """
            ).run()
        }
    }

    func usage(_ event: LoggedEvent) async throws {
        let envelope = event.envelope
        guard envelope.type == "usage.recorded", let id = envelope.tenantId, let tenant = try? TenantID(id),
            let metric = envelope.data["metric"]?.stringValue, (1...64).contains(metric.count), let quantity = envelope.data["quantity"]?.int64Value
        else { return }
        guard let organization = try await database.withTransaction({ db in try await OrganizationStore.find(id, on: db) }), organization.status != "deleted" else { return }
        let period = UsageReport.period(of: envelope.occurredAt, timezone: organization.timezone)
        try await writeWaitingOutMoves(tenant) { db in
            guard try await ProcessedEvents.claim(envelope.id, group: "tenant-usage", on: db) else { return }
            try await UsageStore.add(tenant: id, metric: metric, period: period, quantity: quantity, on: db)
        }
    }

    private func writeWaitingOutMoves(_ tenant: TenantID, _ work: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws {
        let deadline = ContinuousClock.now + .seconds(900)
        while true {
            do {
                return try await records.write(tenant, work)
            } catch let problem as Problem where problem.type == TenantFence.relocating.type && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))  // poll until the move ends (deadline above)
            }
        }
    }
}
