/// The identifier of a tenant (an organisation), safe to embed in SQL identifiers and file names.
///
/// Tenant identifiers reach schema names, database names and SQLite file names, so they are restricted to
/// `^[a-z][a-z0-9_]{0,62}$` and validated on every construction.
public struct TenantID: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    public let rawValue: String

    public init(_ rawValue: String) throws(TenantIDError) {
        guard Self.isValid(rawValue) else { throw TenantIDError(value: rawValue) }
        self.rawValue = rawValue
    }

    public static func isValid(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard let first = bytes.first, bytes.count <= 63, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first)
        else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_")
        }
    }

    public var description: String { rawValue }

    public static func < (lhs: TenantID, rhs: TenantID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(value)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "\(error)")
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A string that is not a valid tenant identifier.
public struct TenantIDError: Error, Sendable, Equatable, CustomStringConvertible {
    public let value: String
    public var description: String {
        "'\(value.prefix(80))' is not a valid tenant id: use 1-63 characters of a-z, 0-9 and _, starting with a letter"
    }
}
