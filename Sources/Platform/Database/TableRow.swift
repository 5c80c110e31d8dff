import SQLKit

/// One row of a tenant table read generically: its column names as the database lists them, and their values.
struct TableRow: Sendable, Hashable {
    var columns: [String]
    var values: [ColumnValue]

    /// Reads every column of `row`; a value of a type the relocator does not copy is reported with its place.
    init(decoding row: any SQLRow, table: String) throws {
        columns = row.allColumns
        values = try columns.map { column in
            if try row.decodeNil(column: column) { return .null }
            do {
                return try row.decode(column: column, as: ColumnValue.self)
            } catch {
                throw RelocationError.unsupportedValue(table: table, column: column, reason: String(describing: error))
            }
        }
    }

    func value(of column: String) -> ColumnValue? {
        columns.firstIndex(of: column).map { values[$0] }
    }
}
