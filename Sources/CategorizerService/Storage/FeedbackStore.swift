import Categorization
import Foundation
import Platform
import SQLKit

/// One correction a person made, replayed in order to rebuild the tenant's model.
struct FeedbackRecord: Decodable, Sendable {
    let id: String
    let sequence: Int64
    let transaction_id: String
    let counterparty_key: String?
    let category: String
    let previous_category: String?
    let input: String
    let user_id: String
    let created_at: Int64
}

enum FeedbackStore {
    static func insert(
        tenant: String, input: CategorizationInput, category: String, previous: String?, user: String, now: Int64, on db: any SQLDatabase
    ) async throws -> FeedbackRecord {
        let sequence = try await db.raw(
            """
            INSERT INTO categorizer_counters (tenant_id, name, value) VALUES (\(bind: tenant), 'feedback', 1)
            ON CONFLICT (tenant_id, name) DO UPDATE SET value = categorizer_counters.value + 1
            RETURNING value
            """
        ).first(decodingColumn: "value", as: Int64.self) ?? 1
        let record = FeedbackRecord(
            id: Identifiers.make("fb_"), sequence: sequence, transaction_id: input.id, counterparty_key: input.counterpartyKey, category: category,
            previous_category: previous, input: try CategorizedTransactionStore.encode(input), user_id: user, created_at: now
        )
        try await db.raw(
            """
            INSERT INTO categorizer_feedback (tenant_id, id, sequence, transaction_id, counterparty_key, category, previous_category, input, user_id, created_at)
            VALUES (\(bind: tenant), \(bind: record.id), \(bind: record.sequence), \(bind: record.transaction_id), \(bind: record.counterparty_key),
                    \(bind: category), \(bind: previous), \(bind: record.input), \(bind: user), \(bind: now))
            """
        ).run()
        return record
    }

    /// Corrections after `sequence`, in order.
    static func after(tenant: String, sequence: Int64, on db: any SQLDatabase) async throws -> [FeedbackRecord] {
        try await db.raw(
            """
            SELECT id, sequence, transaction_id, counterparty_key, category, previous_category, input, user_id, created_at FROM categorizer_feedback
            WHERE tenant_id = \(bind: tenant) AND sequence > \(bind: sequence) ORDER BY sequence
            """
        ).all(decoding: FeedbackRecord.self)
    }

    static func latestSequence(tenant: String, on db: any SQLDatabase) async throws -> Int64 {
        (try await db.raw("SELECT MAX(sequence) AS s FROM categorizer_feedback WHERE tenant_id = \(bind: tenant)").first(decodingColumn: "s", as: Int64?.self) ?? nil) ?? 0
    }

    /// How many corrections filed this counterparty under `category`.
    static func identical(tenant: String, counterpartyKey: String, category: String, on db: any SQLDatabase) async throws -> Int {
        try await db.raw(
            """
            SELECT COUNT(*) AS n FROM categorizer_feedback
            WHERE tenant_id = \(bind: tenant) AND counterparty_key = \(bind: counterpartyKey) AND category = \(bind: category)
            """
        ).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    static func reassign(tenant: String, from category: String, to replacement: String, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE categorizer_feedback SET category = \(bind: replacement) WHERE tenant_id = \(bind: tenant) AND category = \(bind: category)").run()
    }
}
