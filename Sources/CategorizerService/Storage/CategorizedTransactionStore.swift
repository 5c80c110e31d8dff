import Categorization
import Foundation
import Platform
import SQLKit

/// One transaction of the tenant's history as the categorizer last decided it.
struct CategorizedTransactionRecord: Decodable, Sendable {
    let transaction_id: String
    let input: String
    let category: String
    let source: String
    let confidence_bp: Int
    let rule_id: String?
    let manual: Int

    func decodedInput() throws -> CategorizationInput {
        try CategorizedTransactionStore.decodeInput(input)
    }
}

enum CategorizedTransactionStore {
    static let columns = "transaction_id, input, category, source, confidence_bp, rule_id, manual"

    /// A stored input (history rows and corrections keep the same JSON).
    static func decodeInput(_ text: String) throws -> CategorizationInput {
        try ServiceJSONCoding.makeDecoder().decode(CategorizationInput.self, from: Data(text.utf8))
    }

    static func encode(_ input: CategorizationInput) throws -> String {
        String(decoding: try ServiceJSONCoding.makeEncoder().encode(input), as: UTF8.self)
    }

    static func find(tenant: String, ids: [String], on db: any SQLDatabase) async throws -> [String: CategorizedTransactionRecord] {
        var found: [String: CategorizedTransactionRecord] = [:]
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            let list = chunk.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")
            let rows = try await db.raw(
                "SELECT \(unsafeRaw: columns) FROM categorizer_transactions WHERE tenant_id = \(bind: tenant) AND transaction_id IN (\(list))"
            ).all(decoding: CategorizedTransactionRecord.self)
            for row in rows { found[row.transaction_id] = row }
        }
        return found
    }

    /// Inserts or replaces the decisions for `rows`, in multi-row statements; a transaction a person categorised by
    /// hand keeps its category unless `overrideManual`.
    static func upsert(tenant: String, _ rows: [(input: CategorizationInput, result: CategorizationResult, manual: Bool)], overrideManual: Bool, now: Int64, on db: any SQLDatabase) async throws {
        for start in stride(from: 0, to: rows.count, by: 200) {
            let chunk = rows[start..<min(start + 200, rows.count)]
            var values: [SQLQueryString] = []
            for row in chunk {
                let confidence = Int((row.result.confidence * 10_000).rounded())
                values.append(
                    """
                    (\(bind: tenant), \(bind: row.input.id), \(bind: try encode(row.input)), \(bind: row.result.category), \(bind: row.result.source.rawValue),
                     \(bind: confidence), \(bind: row.result.ruleIds.last), \(bind: row.manual ? 1 : 0), \(bind: now))
                    """
                )
            }
            let guardManual: SQLQueryString = overrideManual ? "" : " WHERE categorizer_transactions.manual = 0"
            try await db.raw(
                """
                INSERT INTO categorizer_transactions (tenant_id, transaction_id, input, category, source, confidence_bp, rule_id, manual, updated_at)
                VALUES \(values.joined(separator: ", "))
                ON CONFLICT (tenant_id, transaction_id) DO UPDATE SET input = excluded.input, category = excluded.category, source = excluded.source,
                    confidence_bp = excluded.confidence_bp, rule_id = excluded.rule_id, manual = excluded.manual, updated_at = excluded.updated_at\(guardManual)
                """
            ).run()
        }
    }

    /// A page of the history in id order, after `cursor`.
    /// Forgets transactions that left the tenant's ledger (a deleted statement); corrections already made keep
    /// teaching the model, but the transactions' details are no longer kept here. Answers how many rows went.
    @discardableResult
    static func forget(tenant: String, ids: [String], on db: any SQLDatabase) async throws -> Int {
        var removed = 0
        for start in stride(from: 0, to: ids.count, by: 500) {
            let list = ids[start..<min(start + 500, ids.count)].map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")
            removed += try await db.raw(
                "SELECT COUNT(*) AS n FROM categorizer_transactions WHERE tenant_id = \(bind: tenant) AND transaction_id IN (\(list))"
            ).first()?.decode(column: "n", as: Int.self) ?? 0
            try await db.raw("DELETE FROM categorizer_transactions WHERE tenant_id = \(bind: tenant) AND transaction_id IN (\(list))").run()
        }
        return removed
    }

    static func page(tenant: String, after cursor: String?, limit: Int, on db: any SQLDatabase) async throws -> [CategorizedTransactionRecord] {
        try await db.raw(
            """
            SELECT \(unsafeRaw: columns) FROM categorizer_transactions
            WHERE tenant_id = \(bind: tenant) AND transaction_id > \(bind: cursor ?? "") ORDER BY transaction_id LIMIT \(bind: limit)
            """
        ).all(decoding: CategorizedTransactionRecord.self)
    }

    static func count(tenant: String, on db: any SQLDatabase) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM categorizer_transactions WHERE tenant_id = \(bind: tenant)").first(decodingColumn: "n", as: Int.self) ?? 0
    }

    static func count(tenant: String, category: String, on db: any SQLDatabase) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM categorizer_transactions WHERE tenant_id = \(bind: tenant) AND category = \(bind: category)")
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// The ids of the transactions in `category`.
    static func ids(tenant: String, category: String, on db: any SQLDatabase) async throws -> [String] {
        try await db.raw("SELECT transaction_id FROM categorizer_transactions WHERE tenant_id = \(bind: tenant) AND category = \(bind: category) ORDER BY transaction_id")
            .all(decodingColumn: "transaction_id", as: String.self)
    }

    static func reassign(tenant: String, from category: String, to replacement: String, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE categorizer_transactions SET category = \(bind: replacement), updated_at = \(bind: now)
            WHERE tenant_id = \(bind: tenant) AND category = \(bind: category)
            """
        ).run()
    }

    static func setManual(tenant: String, input: CategorizationInput, category: String, now: Int64, on db: any SQLDatabase) async throws {
        let result = CategorizationResult(id: input.id, category: category, confidence: 1, source: .manual, reason: "set by hand")
        try await upsert(tenant: tenant, [(input, result, true)], overrideManual: true, now: now, on: db)
    }
}
