import Foundation
import Platform
import SQLKit

/// One row of `analytics_statements`.
struct StatementRecord: Decodable, Sendable {
    let id: String
    let file_sha256: String
    let filename: String?
    let format: String
    let period_start: String?
    let period_end: String?
    let first_day: String?
    let last_day: String?
    let opening_balance_cents: Int64?
    let closing_balance_cents: Int64?
    let transaction_count: Int
    let new_transaction_count: Int
    let verdict: String
    let reconciliation: String
    let metadata: String
    let job_id: String
    let uploaded_by: String
    let created_at: Int64

    static let columns = """
        id, file_sha256, filename, format, period_start, period_end, first_day, last_day, opening_balance_cents, closing_balance_cents, \
        transaction_count, new_transaction_count, verdict, reconciliation, metadata, job_id, uploaded_by, created_at
        """
}

/// Reads and writes `analytics_statements` of one organisation; call inside a session of its home.
enum StatementStore {
    static func insert(tenant: String, _ record: StatementRecord, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO analytics_statements (tenant_id, \(unsafeRaw: StatementRecord.columns)) VALUES (
                \(bind: tenant), \(bind: record.id), \(bind: record.file_sha256), \(bind: record.filename), \(bind: record.format), \(bind: record.period_start),
                \(bind: record.period_end), \(bind: record.first_day), \(bind: record.last_day), \(bind: record.opening_balance_cents),
                \(bind: record.closing_balance_cents), \(bind: record.transaction_count), \(bind: record.new_transaction_count), \(bind: record.verdict),
                \(bind: record.reconciliation), \(bind: record.metadata), \(bind: record.job_id), \(bind: record.uploaded_by), \(bind: record.created_at))
            """
        ).run()
    }

    static func find(tenant: String, id: String, on db: any SQLDatabase) async throws -> StatementRecord? {
        try await db.raw("SELECT \(unsafeRaw: StatementRecord.columns) FROM analytics_statements WHERE tenant_id = \(bind: tenant) AND id = \(bind: id)")
            .first(decoding: StatementRecord.self)
    }

    static func find(tenant: String, sha256: String, on db: any SQLDatabase) async throws -> StatementRecord? {
        try await db.raw("SELECT \(unsafeRaw: StatementRecord.columns) FROM analytics_statements WHERE tenant_id = \(bind: tenant) AND file_sha256 = \(bind: sha256)")
            .first(decoding: StatementRecord.self)
    }

    /// Newest first; `before` is the `created_at|id` of the last statement of the previous page.
    static func list(tenant: String, before: (Int64, String)?, limit: Int, on db: any SQLDatabase) async throws -> [StatementRecord] {
        let after: SQLQueryString = before.map { " AND (created_at < \(bind: $0.0) OR (created_at = \(bind: $0.0) AND id < \(bind: $0.1)))" } ?? ""
        return try await db.raw(
            """
            SELECT \(unsafeRaw: StatementRecord.columns) FROM analytics_statements WHERE tenant_id = \(bind: tenant)\(after)
            ORDER BY created_at DESC, id DESC LIMIT \(unsafeRaw: String(limit))
            """
        ).all(decoding: StatementRecord.self)
    }

    /// All statements' verdicts and periods (the lender summary weighs them).
    static func all(tenant: String, on db: any SQLDatabase) async throws -> [StatementRecord] {
        try await db.raw("SELECT \(unsafeRaw: StatementRecord.columns) FROM analytics_statements WHERE tenant_id = \(bind: tenant) ORDER BY first_day, id")
            .all(decoding: StatementRecord.self)
    }

    /// Deletes a statement and the ledger rows no other statement carries; returns the ids of the rows that went and
    /// how many stayed (the caller refreshes the totals of the statement's days in the same transaction).
    static func delete(tenant: String, id: String, on db: any SQLDatabase) async throws -> (removed: [String], kept: Int) {
        let linked = try await db.raw(
            "SELECT COUNT(*) AS n FROM analytics_statement_transactions WHERE tenant_id = \(bind: tenant) AND statement_id = \(bind: id)"
        ).first()?.decode(column: "n", as: Int.self) ?? 0
        let orphans = try await db.raw(
            """
            SELECT transaction_id FROM analytics_statement_transactions mine
            WHERE mine.tenant_id = \(bind: tenant) AND mine.statement_id = \(bind: id)
              AND NOT EXISTS (
                SELECT 1 FROM analytics_statement_transactions other
                WHERE other.tenant_id = mine.tenant_id AND other.transaction_id = mine.transaction_id AND other.statement_id <> mine.statement_id)
            """
        ).all().map { try $0.decode(column: "transaction_id", as: String.self) }
        for start in stride(from: 0, to: orphans.count, by: 500) {
            let list = orphans[start..<min(start + 500, orphans.count)].map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")
            try await db.raw("DELETE FROM analytics_transactions WHERE tenant_id = \(bind: tenant) AND id IN (\(list))").run()
        }
        try await db.raw("DELETE FROM analytics_statement_transactions WHERE tenant_id = \(bind: tenant) AND statement_id = \(bind: id)").run()
        try await db.raw("DELETE FROM analytics_statements WHERE tenant_id = \(bind: tenant) AND id = \(bind: id)").run()
        return (orphans, linked - orphans.count)
    }
}
