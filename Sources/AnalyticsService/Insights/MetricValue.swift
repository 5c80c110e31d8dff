/// A number attached to an insight: exact cents and counts stay integers, ratios and scores are doubles.
///
/// Encodes as a bare JSON number so clients read `metrics.fee_rate` without unwrapping.
enum MetricValue: Sendable, Hashable, Codable, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    case integer(Int64)
    case double(Double)

    init(integerLiteral value: Int64) { self = .integer(value) }
    init(floatLiteral value: Double) { self = .double(value) }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let integer = try? container.decode(Int64.self) {
            self = .integer(integer)
        } else {
            self = .double(try container.decode(Double.self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .integer(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        }
    }

    var integerValue: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    var doubleValue: Double {
        switch self {
        case .integer(let value): Double(value)
        case .double(let value): value
        }
    }
}
