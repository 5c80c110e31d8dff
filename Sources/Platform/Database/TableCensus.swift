/// How many rows of one tenant one table holds in one home, and a checksum of their contents.
public struct TableCensus: Sendable, Codable, Equatable, CustomStringConvertible {
    public var table: String
    public var rows: Int
    /// Hex SHA-256 over the sorted digests of the canonicalised rows (see `RowChecksum`).
    public var checksum: String

    public init(table: String, rows: Int, checksum: String) {
        self.table = table
        self.rows = rows
        self.checksum = checksum
    }

    public var description: String { "\(table): \(rows) rows, \(checksum.prefix(12))" }
}
