import Foundation
import SQLiteKit

/// SQLite values carry their storage class, so each is read as exactly that class, with no conversion.
extension ColumnValue: SQLiteDataConvertible {
    init?(sqliteData: SQLiteData) {
        switch sqliteData {
        case .integer(let value): self = .integer(Int64(value))
        case .float(let value): self = .real(value)
        case .text(let value): self = .text(value)
        case .blob(let value): self = .bytes(Data(buffer: value))
        case .null: self = .null
        }
    }

    var sqliteData: SQLiteData? {
        switch self {
        case .null: .null
        case .integer(let value): .integer(SQLiteInt64(value))
        case .real(let value): .float(value)
        case .boolean(let value): .integer(value ? 1 : 0)
        case .text(let value), .json(let value): .text(value)
        case .bytes(let value): .blob(ByteBuffer(data: value))
        }
    }
}
