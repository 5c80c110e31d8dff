import Foundation
import Platform
import SQLKit

/// An entry of an organisation's audit trail: who did what to what.
struct AuditRecord: Decodable, Sendable {
    let id: String
    let occurred_at: Int64
    let actor: String
    let action: String
    let target: String?
    let details: String?
}

/// The organisation's audit trail, kept in its own home (it moves with the organisation's tier).
enum AuditLog {
    static func record(tenant: String, actor: String, action: String, target: String? = nil, details: [String: String] = [:], now: Int64, on db: any SQLDatabase) async throws {
        let text = details.isEmpty ? nil : String(decoding: try JSONSerialization.data(withJSONObject: details, options: [.sortedKeys]), as: UTF8.self)
        try await db.raw(
            """
            INSERT INTO audit_events (id, tenant_id, occurred_at, actor, action, target, details)
            VALUES (\(bind: Identifiers.make("aud_")), \(bind: tenant), \(bind: now), \(bind: actor), \(bind: action), \(bind: target), \(bind: text))
            """
        ).run()
    }

    static func list(tenant: String, before: Int64?, limit: Int, on db: any SQLDatabase) async throws -> [AuditRecord] {
        if let before {
            return try await db.raw(
                """
                SELECT id, occurred_at, actor, action, target, details FROM audit_events
                WHERE tenant_id = \(bind: tenant) AND occurred_at < \(bind: before) ORDER BY occurred_at DESC, id DESC LIMIT \(bind: limit)
                """
            ).all(decoding: AuditRecord.self)
        }
        return try await db.raw(
            "SELECT id, occurred_at, actor, action, target, details FROM audit_events WHERE tenant_id = \(bind: tenant) ORDER BY occurred_at DESC, id DESC LIMIT \(bind: limit)"
        ).all(decoding: AuditRecord.self)
    }
}
