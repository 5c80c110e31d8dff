/// What one tenant holds in one home, table by table: two homes hold the same data exactly when their censuses
/// are equal.
public struct TenantCensus: Sendable, Codable, Equatable, CustomStringConvertible {
    public var tables: [TableCensus]

    public init(tables: [TableCensus]) {
        self.tables = tables
    }

    /// Rows over all tables.
    public var rows: Int { tables.reduce(0) { $0 + $1.rows } }

    public subscript(table: String) -> TableCensus? {
        tables.first { $0.table == table }
    }

    /// The tables whose count or checksum differ from `other`'s, for error messages.
    public func differences(from other: TenantCensus) -> [String] {
        let names = tables.map(\.table) + other.tables.map(\.table).filter { name in !tables.contains { $0.table == name } }
        return names.compactMap { name in
            let mine = self[name]
            let theirs = other[name]
            guard mine != theirs else { return nil }
            return "\(name) (\(mine.map { "\($0.rows) rows" } ?? "missing") vs \(theirs.map { "\($0.rows) rows" } ?? "missing"))"
        }
    }

    public var description: String { tables.map(\.description).joined(separator: "; ") }
}
