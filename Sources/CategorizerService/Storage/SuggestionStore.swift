import Categorization
import Foundation
import Platform
import SQLKit

/// A proposed rule and what became of it.
struct SuggestionRecord: Decodable, Sendable {
    let id: String
    let counterparty_key: String
    let category: String
    let rule: String
    let evidence: Int
    let status: String
    let rule_id: String?
    let created_at: Int64
    let decided_at: Int64?
    let decided_by: String?

    func proposedRule() throws -> Rule {
        try ServiceJSONCoding.makeDecoder().decode(Rule.self, from: Data(rule.utf8))
    }
}

enum SuggestionStore {
    static let columns = "id, counterparty_key, category, rule, evidence, status, rule_id, created_at, decided_at, decided_by"

    static func find(tenant: String, counterpartyKey: String, category: String, on db: any SQLDatabase) async throws -> SuggestionRecord? {
        try await db.raw(
            """
            SELECT \(unsafeRaw: columns) FROM categorizer_suggestions
            WHERE tenant_id = \(bind: tenant) AND counterparty_key = \(bind: counterpartyKey) AND category = \(bind: category)
            """
        ).first(decoding: SuggestionRecord.self)
    }

    static func find(tenant: String, id: String, on db: any SQLDatabase) async throws -> SuggestionRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM categorizer_suggestions WHERE tenant_id = \(bind: tenant) AND id = \(bind: id)")
            .first(decoding: SuggestionRecord.self)
    }

    static func list(tenant: String, status: String?, on db: any SQLDatabase) async throws -> [SuggestionRecord] {
        if let status {
            return try await db.raw(
                "SELECT \(unsafeRaw: columns) FROM categorizer_suggestions WHERE tenant_id = \(bind: tenant) AND status = \(bind: status) ORDER BY created_at DESC, id"
            ).all(decoding: SuggestionRecord.self)
        }
        return try await db.raw("SELECT \(unsafeRaw: columns) FROM categorizer_suggestions WHERE tenant_id = \(bind: tenant) ORDER BY created_at DESC, id")
            .all(decoding: SuggestionRecord.self)
    }

    static func insert(tenant: String, counterpartyKey: String, category: String, rule: Rule, evidence: Int, now: Int64, on db: any SQLDatabase) async throws -> SuggestionRecord {
        let record = SuggestionRecord(
            id: Identifiers.make("sug_"), counterparty_key: counterpartyKey, category: category, rule: try RuleStore.encode(rule), evidence: evidence,
            status: "pending", rule_id: nil, created_at: now, decided_at: nil, decided_by: nil
        )
        try await db.raw(
            """
            INSERT INTO categorizer_suggestions (tenant_id, id, counterparty_key, category, rule, evidence, status, rule_id, created_at, decided_at, decided_by)
            VALUES (\(bind: tenant), \(bind: record.id), \(bind: counterpartyKey), \(bind: category), \(bind: record.rule), \(bind: evidence), 'pending', NULL, \(bind: now), NULL, NULL)
            """
        ).run()
        return record
    }

    static func updateEvidence(tenant: String, id: String, evidence: Int, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE categorizer_suggestions SET evidence = \(bind: evidence) WHERE tenant_id = \(bind: tenant) AND id = \(bind: id)").run()
    }

    static func decide(tenant: String, id: String, status: String, ruleID: String?, by user: String, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE categorizer_suggestions SET status = \(bind: status), rule_id = \(bind: ruleID), decided_at = \(bind: now), decided_by = \(bind: user)
            WHERE tenant_id = \(bind: tenant) AND id = \(bind: id)
            """
        ).run()
    }
}
