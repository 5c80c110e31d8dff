import Platform
import SQLKit

/// The events the analytics service produces (topic `analytics`, key: the organisation), written in the transaction
/// that made the change.
enum AnalyticsEvents {
    static let topic = "analytics"
    static let statementProcessed = "statement.processed"
    static let balanceLow = "balance.low"
    /// A statement was deleted: `statement_id`, the `transaction_ids` that left the ledger (in parts of at most
    /// ``deletedIDsPerEvent``, numbered `part` of `parts`). The categorizer forgets those transactions.
    static let statementDeleted = "statement.deleted"
    static let deletedIDsPerEvent = 2_000

    static func enqueue(_ type: String, tenant: String, data: JSONValue, on db: any SQLDatabase) async throws {
        try await Outbox.enqueue(EventRecord(topic: topic, key: tenant, envelope: EventEnvelope(type: type, tenantId: tenant, data: data)), on: db)
    }

    /// Meters use for the tenant service's usage report (topic `usage`, `usage.recorded`: metric and quantity).
    static func meter(_ metric: String, _ quantity: Int64, tenant: String, on db: any SQLDatabase) async throws {
        let data: JSONValue = ["metric": .string(metric), "quantity": .int(quantity)]
        try await Outbox.enqueue(EventRecord(topic: "usage", key: tenant, envelope: EventEnvelope(type: "usage.recorded", tenantId: tenant, data: data)), on: db)
    }

    /// Raises `kind` for `subject` once: true when this call recorded it (so the caller emits the event).
    static func claimAlert(kind: String, subject: String, tenant: String, now: Int64, on db: any SQLDatabase) async throws -> Bool {
        let rows = try await db.raw(
            """
            INSERT INTO analytics_alerts (tenant_id, kind, subject, created_at) VALUES (\(bind: tenant), \(bind: kind), \(bind: subject), \(bind: now))
            ON CONFLICT (tenant_id, kind, subject) DO NOTHING RETURNING subject
            """
        ).all()
        return !rows.isEmpty
    }
}
