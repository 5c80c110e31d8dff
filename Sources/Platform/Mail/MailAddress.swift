/// An e-mail address with an optional display name, validated so it can go into a header or SMTP command as is.
///
/// Only ASCII dot-atom addresses are accepted (`local@domain`): they need no SMTPUTF8 support from the server and
/// leave no room for header injection. Display names may be any Unicode text without control characters.
public struct MailAddress: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `local@domain`, exactly as given.
    public let address: String
    /// The human name shown by mail clients ("Wanjiru Ngʼangʼa"); `nil` shows the bare address.
    public let displayName: String?

    public init(_ address: String, displayName: String? = nil) throws(MailError) {
        try Self.validate(address: address)
        if let displayName {
            guard displayName.count <= 200 else {
                throw .invalidAddress(address: displayName, reason: "the display name is longer than 200 characters")
            }
            if let bad = displayName.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
                throw .invalidAddress(
                    address: displayName,
                    reason: "the display name contains the control character U+\(String(bad.value, radix: 16, uppercase: true)); remove line breaks and control characters"
                )
            }
        }
        self.address = address
        self.displayName = displayName.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The part after `@`; used to build Message-IDs in the sender's domain.
    public var domain: Substring {
        address[address.index(after: address.lastIndex(of: "@")!)...]
    }

    public var description: String {
        displayName.map { "\($0) <\(address)>" } ?? address
    }

    private enum CodingKeys: String, CodingKey {
        case address
        case displayName = "display_name"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            container.decode(String.self, forKey: .address),
            displayName: container.decodeIfPresent(String.self, forKey: .displayName)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(address, forKey: .address)
        try container.encodeIfPresent(displayName, forKey: .displayName)
    }

    /// Characters RFC 5322 allows in an unquoted local part besides letters and digits.
    private static let localSymbols = Set("!#$%&'*+-/=?^_`{|}~".utf8)

    /// Accepts `dot-atom@domain` (RFC 5321/5322) and says precisely what is wrong otherwise.
    static func validate(address: String) throws(MailError) {
        func fail(_ reason: String) -> MailError { .invalidAddress(address: address, reason: reason) }
        let bytes = Array(address.utf8)
        if bytes.isEmpty { throw fail("it is empty") }
        if let bad = bytes.first(where: { $0 < 0x20 || $0 == 0x7F }) {
            let name = bad == 0x0D ? "a carriage return (CR)" : bad == 0x0A ? "a line feed (LF)" : "the control byte 0x\(String(bad, radix: 16))"
            throw fail("it contains \(name), which could inject headers or SMTP commands")
        }
        if bytes.contains(where: { $0 >= 0x80 }) {
            throw fail("it contains non-ASCII characters; use the punycode (xn--) form of the domain, international local parts are not supported")
        }
        if let bad = bytes.first(where: { " <>(),;:\"[]\\".utf8.contains($0) }) {
            throw fail("it contains \"\(Character(Unicode.Scalar(bad)))\"; give the bare address (name@example.com) and put the name in displayName")
        }
        guard bytes.count <= 254 else { throw fail("it is longer than 254 characters") }
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")), bytes.firstIndex(of: UInt8(ascii: "@")) == at else {
            throw fail("it needs exactly one \"@\"")
        }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        guard !local.isEmpty else { throw fail("the part before \"@\" is empty") }
        guard local.count <= 64 else { throw fail("the part before \"@\" is longer than 64 characters") }
        guard local.first != UInt8(ascii: "."), local.last != UInt8(ascii: "."),
              !zip(local, local.dropFirst()).contains(where: { $0 == UInt8(ascii: ".") && $1 == UInt8(ascii: ".") })
        else { throw fail("the part before \"@\" has a leading, trailing or doubled dot") }
        guard local.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: ".") || localSymbols.contains($0) }) else {
            throw fail("the part before \"@\" contains a character not allowed there")
        }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard !domain.isEmpty, labels.allSatisfy({ !$0.isEmpty }) else { throw fail("the domain is empty or has an empty label") }
        for label in labels {
            guard label.count <= 63,
                  label.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "-") }),
                  label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-")
            else { throw fail("the domain label \"\(String(decoding: label, as: UTF8.self))\" is not a valid host name label") }
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}
