import Foundation
import PostgresNIO

/// PostgreSQL tells a cell's type, so each value is read as exactly that type; any other type is refused rather
/// than copied in a form that could differ from the original.
extension ColumnValue: PostgresDecodable {
    init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer,
        type: PostgresDataType,
        format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        switch type {
        case .int2, .int4, .int8:
            self = .integer(try Int64(from: &buffer, type: type, format: format, context: context))
        case .float4, .float8:
            self = .real(try Double(from: &buffer, type: type, format: format, context: context))
        case .bool:
            self = .boolean(try Bool(from: &buffer, type: type, format: format, context: context))
        case .text, .varchar, .bpchar, .name:
            self = .text(try String(from: &buffer, type: type, format: format, context: context))
        case .bytea:
            self = .bytes(Data(from: &buffer, type: type, format: format, context: context))
        case .json, .jsonb:
            self = .json(try String(from: &buffer, type: type, format: format, context: context))
        default:
            throw UnsupportedColumnType(description: "PostgreSQL type \(type) is not one the relocator copies")
        }
    }
}

/// A column of a type ``ColumnValue`` does not represent.
struct UnsupportedColumnType: Error, CustomStringConvertible {
    let description: String
}
