import Foundation
import SQLKit

/// One stored value of a tenant table, typed by what the database holds rather than by what a Swift type would
/// accept, so a generic copy writes back exactly what it read.
///
/// It is decoded through each backend's own conversion (``ColumnValue+Postgres``, ``ColumnValue+SQLite``) because
/// trying Swift types in turn cannot work on both: PostgreSQL hands any cell to `String` and to `Data`, so text and
/// bytes are indistinguishable, and SQLite turns numbers into `String` and the text "1" into `true`.
enum ColumnValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    /// A PostgreSQL `BOOLEAN`; SQLite stores booleans as integers.
    case boolean(Bool)
    case text(String)
    case bytes(Data)
    /// A PostgreSQL `JSON`/`JSONB` document as text; SQLite stores JSON as text.
    case json(String)

    /// The value as SQL for an `INSERT` or a comparison: bound, never spliced into the statement.
    func sqlExpression(_ dialect: DatabaseDialect) -> any SQLExpression {
        switch self {
        case .null: SQLLiteral.null
        case .integer(let value): SQLBind(value)
        case .real(let value): SQLBind(value)
        case .boolean(let value): SQLBind(value)
        case .text(let value): SQLBind(value)
        case .bytes(let value): SQLBind(value)
        case .json(let value):
            // A text parameter has no implicit cast to JSONB on PostgreSQL.
            dialect == .postgres ? SQLQueryString("CAST(\(bind: value) AS JSONB)") : SQLBind(value)
        }
    }

    /// Bytes that stand for the value in a census checksum, equal for the same logical value on both backends: a
    /// boolean counts as the integer 0 or 1 (SQLite has no other), JSON as its text, and zero has no sign.
    var canonicalBytes: [UInt8] {
        switch self {
        case .null: Array("n".utf8)
        case .integer(let value): Array("i\(value)".utf8)
        case .boolean(let value): Array(value ? "i1".utf8 : "i0".utf8)
        case .real(let value): Array("r\(value == 0 ? 0.0 : value)".utf8)
        case .text(let value), .json(let value): Array("t".utf8) + Array(value.utf8)
        case .bytes(let value): Array("b".utf8) + Array(value)
        }
    }
}

extension ColumnValue: Decodable {
    /// Only the backends' own conversions know a cell's stored type; a generic decoder does not.
    init(from decoder: any Decoder) throws {
        throw DecodingError.typeMismatch(
            ColumnValue.self,
            .init(codingPath: decoder.codingPath, debugDescription: "column values are read from SQLite or PostgreSQL rows only")
        )
    }
}
