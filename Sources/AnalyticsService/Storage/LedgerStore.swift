import Foundation
import MPesaCore
import Platform
import SQLKit

/// Reads and writes the ledger (`analytics_transactions`) of one organisation; call inside a session of its home.
enum LedgerStore {
    /// Adds `entries` to the ledger and links every one of them to `statementID`; rows whose identity is already in
    /// the ledger (an overlapping or repeated statement) are kept as they are, so a category set by hand survives.
    /// Returns the ids of the rows that were new.
    static func insert(tenant: String, statementID: String, entries: [LedgerEntry], now: Int64, on db: any SQLDatabase) async throws -> Set<String> {
        var inserted: Set<String> = []
        for start in stride(from: 0, to: entries.count, by: 200) {
            let chunk = entries[start..<min(start + 200, entries.count)]
            var values: [SQLQueryString] = []
            for entry in chunk {
                let transaction = entry.transaction
                let counterparty = try transaction.counterparty.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
                let tags = String(decoding: try JSONEncoder().encode(entry.category.tags), as: UTF8.self)
                let confidence = Int((entry.category.confidence * 10_000).rounded())
                values.append(
                    """
                    (\(bind: tenant), \(bind: entry.id), \(bind: transaction.identity), \(bind: transaction.receipt), \(bind: transaction.lineKind.rawValue),
                     \(bind: Int64(transaction.completedAt.timeIntervalSince1970 * 1000)), \(bind: Int64(entry.sequence)), \(bind: transaction.localTime.description), \(bind: transaction.localTime.date),
                     \(bind: transaction.direction.rawValue), \(bind: transaction.amountCents), \(bind: transaction.feeCents), \(bind: transaction.netCents),
                     \(bind: transaction.balanceCents), \(bind: transaction.kind.rawValue), \(bind: transaction.status.description),
                     \(bind: LedgerEntry.counterpartyKey(transaction.counterparty)), \(bind: entry.counterpartyName), \(bind: counterparty),
                     \(bind: transaction.details), \(bind: entry.category.category), \(bind: entry.category.source.rawValue), \(bind: confidence),
                     \(bind: entry.category.reason), NULL, \(bind: tags), \(bind: statementID), \(bind: now), \(bind: now))
                    """
                )
            }
            let rows = try await db.raw(
                """
                INSERT INTO analytics_transactions (tenant_id, \(unsafeRaw: TransactionRecord.columns))
                VALUES \(values.joined(separator: ", "))
                ON CONFLICT (tenant_id, identity) DO NOTHING
                RETURNING id
                """
            ).all()
            for row in rows { inserted.insert(try row.decode(column: "id", as: String.self)) }
            let links = chunk.map { "(\(bind: tenant), \(bind: statementID), \(bind: $0.id))" as SQLQueryString }
            try await db.raw(
                """
                INSERT INTO analytics_statement_transactions (tenant_id, statement_id, transaction_id) VALUES \(links.joined(separator: ", "))
                ON CONFLICT (tenant_id, statement_id, transaction_id) DO NOTHING
                """
            ).run()
        }
        return inserted
    }

    static func find(tenant: String, id: String, on db: any SQLDatabase) async throws -> TransactionRecord? {
        try await db.raw("SELECT \(unsafeRaw: TransactionRecord.columns) FROM analytics_transactions WHERE tenant_id = \(bind: tenant) AND id = \(bind: id)")
            .first(decoding: TransactionRecord.self)
    }

    static func find(tenant: String, ids: [String], on db: any SQLDatabase) async throws -> [TransactionRecord] {
        var found: [TransactionRecord] = []
        for start in stride(from: 0, to: ids.count, by: 500) {
            let list = ids[start..<min(start + 500, ids.count)].map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")
            found += try await db.raw(
                "SELECT \(unsafeRaw: TransactionRecord.columns) FROM analytics_transactions WHERE tenant_id = \(bind: tenant) AND id IN (\(list))"
            ).all(decoding: TransactionRecord.self)
        }
        return found
    }

    /// One page of the ledger matching `filter`, in its order, starting after `cursor`.
    static func page(tenant: String, filter: TransactionFilter, after cursor: TransactionCursor?, limit: Int, on db: any SQLDatabase) async throws -> [TransactionRecord] {
        var conditions = filter.conditions(tenant: tenant)
        if let cursor { conditions.append(filter.sort.after(cursor)) }
        let order = filter.sort.orderBy
        return try await db.raw(
            """
            SELECT \(unsafeRaw: TransactionRecord.columns) FROM analytics_transactions
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(unsafeRaw: order) LIMIT \(unsafeRaw: String(limit))
            """
        ).all(decoding: TransactionRecord.self)
    }

    /// Counts and sums of the rows matching `filter` (shown beside a filtered list).
    static func totals(tenant: String, filter: TransactionFilter, on db: any SQLDatabase) async throws -> (count: Int64, inflow: Int64, outflow: Int64) {
        let row = try await db.raw(
            """
            SELECT COUNT(*) AS n,
                   CAST(COALESCE(SUM(CASE WHEN direction = 'in' THEN amount_cents ELSE 0 END), 0) AS BIGINT) AS inflow,
                   CAST(COALESCE(SUM(CASE WHEN direction = 'out' THEN amount_cents ELSE 0 END), 0) AS BIGINT) AS outflow
            FROM analytics_transactions WHERE \(filter.conditions(tenant: tenant).joined(separator: " AND "))
            """
        ).first()
        guard let row else { return (0, 0, 0) }
        return (try row.decode(column: "n", as: Int64.self), try row.decode(column: "inflow", as: Int64.self), try row.decode(column: "outflow", as: Int64.self))
    }

    /// The completed ledger rows of local days `first…last` in the order M-PESA applied them (time, then the place
    /// in the statement), for reports and insights over a bounded span.
    static func rows(tenant: String, first: String, last: String, on db: any SQLDatabase) async throws -> [LedgerRow] {
        try await db.raw(
            """
            SELECT \(unsafeRaw: TransactionRecord.columns) FROM analytics_transactions
            WHERE tenant_id = \(bind: tenant) AND local_day BETWEEN \(bind: first) AND \(bind: last) AND status = 'completed'
            ORDER BY completed_at, sequence, id
            """
        ).all(decoding: TransactionRecord.self).compactMap(\.ledgerRow)
    }

    /// The first and last local day in the ledger, nil when it is empty.
    /// Two index seeks: SQLite answers `MIN` and `MAX` in one query by scanning the whole index (100 ms at a million rows).
    static func span(tenant: String, on db: any SQLDatabase) async throws -> (first: String, last: String)? {
        let first = try await db.raw("SELECT local_day FROM analytics_transactions WHERE tenant_id = \(bind: tenant) ORDER BY local_day ASC LIMIT 1").first()
        let last = try await db.raw("SELECT local_day FROM analytics_transactions WHERE tenant_id = \(bind: tenant) ORDER BY local_day DESC LIMIT 1").first()
        guard let first, let last else { return nil }
        return (try first.decode(column: "local_day", as: String.self), try last.decode(column: "local_day", as: String.self))
    }

    /// Sets the category of `ids` by hand and refreshes the totals of the days they are on.
    static func setCategory(tenant: String, ids: [String], category: String, now: Int64, on db: any SQLDatabase) async throws {
        for start in stride(from: 0, to: ids.count, by: 500) {
            let list = ids[start..<min(start + 500, ids.count)].map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")
            try await db.raw(
                """
                UPDATE analytics_transactions SET category = \(bind: category), category_source = 'manual', confidence_bp = 10000,
                    category_reason = 'set by hand', updated_at = \(bind: now)
                WHERE tenant_id = \(bind: tenant) AND id IN (\(list))
                """
            ).run()
        }
    }

    static func setNote(tenant: String, id: String, note: String?, tags: [String]?, now: Int64, on db: any SQLDatabase) async throws {
        if let note {
            try await db.raw(
                "UPDATE analytics_transactions SET note = \(bind: note.isEmpty ? nil : note), updated_at = \(bind: now) WHERE tenant_id = \(bind: tenant) AND id = \(bind: id)"
            ).run()
        }
        if let tags {
            let text = String(decoding: try JSONEncoder().encode(tags), as: UTF8.self)
            try await db.raw("UPDATE analytics_transactions SET tags = \(bind: text), updated_at = \(bind: now) WHERE tenant_id = \(bind: tenant) AND id = \(bind: id)").run()
        }
    }

    /// The statements that carried a transaction.
    static func statements(of id: String, tenant: String, on db: any SQLDatabase) async throws -> [String] {
        try await db.raw(
            "SELECT statement_id FROM analytics_statement_transactions WHERE tenant_id = \(bind: tenant) AND transaction_id = \(bind: id) ORDER BY statement_id"
        ).all().map { try $0.decode(column: "statement_id", as: String.self) }
    }
}
