import Platform
import SQLKit

/// Metered usage per organisation and calendar month (`2026-11`), kept in the organisation's home and fed by
/// `usage.recorded` events from the services that meter (statements uploaded, transactions ingested, …).
enum UsageStore {
    static func add(tenant: String, metric: String, period: String, quantity: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO usage_counters (tenant_id, metric, period, quantity) VALUES (\(bind: tenant), \(bind: metric), \(bind: period), \(bind: quantity))
            ON CONFLICT (tenant_id, metric, period) DO UPDATE SET quantity = usage_counters.quantity + excluded.quantity
            """
        ).run()
    }

    static func period(tenant: String, period: String, on db: any SQLDatabase) async throws -> [String: Int64] {
        let rows = try await db.raw("SELECT metric, quantity FROM usage_counters WHERE tenant_id = \(bind: tenant) AND period = \(bind: period)").all()
        var result: [String: Int64] = [:]
        for row in rows { result[try row.decode(column: "metric", as: String.self)] = try row.decode(column: "quantity", as: Int64.self) }
        return result
    }
}
