import MPesaCore
import SQLKit

/// Reads one tenant's rows of one table in one home, a page per privileged transaction.
///
/// Pages follow the table's primary key (keyset paging: each page starts after the last key of the previous one), so
/// no row is read twice or skipped however large the table. A table without a primary key is read in one go; all
/// tenant tables should have one.
struct TenantTableReader: Sendable {
    let provider: any DatabaseProvider
    let scope: TenantScope
    let table: String
    let pageSize: Int

    func forEachPage(_ body: ([TableRow]) async throws -> Void) async throws {
        let quoted = try SQLIdentifier.quoted(table)
        let key = try await primaryKey()
        let dialect = provider.dialect
        let table = self.table
        let tenant = scope.tenant.rawValue
        let pageSize = self.pageSize
        var after: [ColumnValue]?
        while true {
            let cursor = after
            let rows = try await provider.withPrivilegedTransaction(tenant: scope) { db in
                var select = db.select().column(SQLLiteral.all).from(SQLRaw(quoted)).where(SQLKit.SQLIdentifier("tenant_id"), .equal, SQLBind(tenant))
                if !key.isEmpty {
                    if let cursor {
                        select = select.where(
                            SQLGroupExpression(key.map { SQLKit.SQLIdentifier($0) }),
                            .greaterThan,
                            SQLGroupExpression(cursor.map { $0.sqlExpression(dialect) })
                        )
                    }
                    for column in key { select = select.orderBy(column) }
                    select = select.limit(pageSize)
                }
                return try await select.all().map { try TableRow(decoding: $0, table: table) }
            }
            guard !rows.isEmpty else { return }
            try await body(rows)
            guard !key.isEmpty, rows.count == pageSize, let last = rows.last else { return }
            after = key.map { last.value(of: $0) ?? .null }
        }
    }

    /// The primary key's columns in key order, or none.
    private func primaryKey() async throws -> [String] {
        let table = self.table
        let dialect = provider.dialect
        return try await provider.withPrivilegedTransaction(tenant: scope) { db in
            switch dialect {
            case .sqlite:
                try await db.raw("SELECT name FROM pragma_table_info(\(bind: table)) WHERE pk > 0 ORDER BY pk")
                    .all(decodingColumn: "name", as: String.self)
            case .postgres:
                try await db.raw(
                    """
                    SELECT a.attname::text AS name FROM pg_index i
                    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                    WHERE i.indrelid = to_regclass(\(bind: table)) AND i.indisprimary
                    ORDER BY array_position(i.indkey::int2[], a.attnum)
                    """
                ).all(decodingColumn: "name", as: String.self)
            }
        }
    }
}
