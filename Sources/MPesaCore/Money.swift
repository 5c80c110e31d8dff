/// An amount of Kenyan shillings held as whole cents, so that sums and comparisons are exact.
///
/// Money never passes through floating point: it is parsed from text digit by digit and formatted back the
/// same way. JSON carries it as an integer number of cents (`amount_cents`).
public struct Money: Sendable, Hashable, Comparable, Codable {
    /// The amount in cents (1 KES = 100 cents). Negative amounts are debits or deficits.
    public var cents: Int64

    public init(cents: Int64) {
        self.cents = cents
    }

    public static let zero = Money(cents: 0)

    public init(from decoder: any Decoder) throws {
        self.cents = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(cents)
    }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.cents < rhs.cents }

    /// Adds two amounts, reporting overflow instead of trapping, because amounts come from untrusted files.
    public func adding(_ other: Money) throws(MoneyError) -> Money {
        let (sum, overflow) = cents.addingReportingOverflow(other.cents)
        if overflow { throw .overflow }
        return Money(cents: sum)
    }

    /// Subtracts an amount, reporting overflow instead of trapping.
    public func subtracting(_ other: Money) throws(MoneyError) -> Money {
        let (difference, overflow) = cents.subtractingReportingOverflow(other.cents)
        if overflow { throw .overflow }
        return Money(cents: difference)
    }

    /// Parses an amount as printed on statements and in SMS: `1,234.50`, `-20.00`, `Ksh1,000`, `KES 5`, `(1,234.50)`.
    ///
    /// Thousands separators are accepted only in groups of three; at most two decimals are allowed.
    public init(parsing text: some StringProtocol) throws(MoneyError) {
        var body = Substring(text).trimmingSpaces()
        var negative = false
        if body.hasPrefix("("), body.hasSuffix(")") {
            negative = true
            body = body.dropFirst().dropLast().trimmingSpaces()
        }
        if body.hasPrefix("-") {
            negative.toggle()
            body = body.dropFirst().trimmingSpaces()
        }
        for prefix in ["KES", "Kes", "KSH", "Ksh", "KShs", "Kshs", "Sh", "KSh"] where body.hasPrefix(prefix) {
            body = body.dropFirst(prefix.count).trimmingSpaces()
            break
        }
        if body.hasPrefix("-"), !negative {
            negative = true
            body = body.dropFirst().trimmingSpaces()
        }
        guard !body.isEmpty else { throw .malformed(String(text)) }

        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw .malformed(String(text)) }
        let wholeGroups = parts[0].split(separator: ",", omittingEmptySubsequences: false)
        guard let firstGroup = wholeGroups.first, !firstGroup.isEmpty, firstGroup.count <= (wholeGroups.count > 1 ? 3 : 19)
        else { throw .malformed(String(text)) }
        for group in wholeGroups.dropFirst() where group.count != 3 { throw .malformed(String(text)) }

        var cents: Int64 = 0
        for digit in wholeGroups.joined() {
            guard let value = digit.wholeNumberValue, digit.isASCII else { throw .malformed(String(text)) }
            let (shifted, o1) = cents.multipliedReportingOverflow(by: 10)
            let (added, o2) = shifted.addingReportingOverflow(Int64(value))
            if o1 || o2 { throw .overflow }
            cents = added
        }
        var fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= 2 else { throw .malformed(String(text)) }
        while fraction.count < 2 { fraction.append("0") }
        for digit in fraction {
            guard let value = digit.wholeNumberValue, digit.isASCII else { throw .malformed(String(text)) }
            let (shifted, o1) = cents.multipliedReportingOverflow(by: 10)
            let (added, o2) = shifted.addingReportingOverflow(Int64(value))
            if o1 || o2 { throw .overflow }
            cents = added
        }
        self.cents = negative ? -cents : cents
    }

    /// The amount as digits with two decimals and thousands separators, e.g. `1,234.50` or `-20.00`.
    public var decimalString: String {
        let magnitude = cents.magnitude
        let whole = String(magnitude / 100)
        let fraction = magnitude % 100
        var grouped = ""
        for (index, digit) in whole.enumerated() {
            if index > 0, (whole.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        let sign = cents < 0 ? "-" : ""
        return "\(sign)\(grouped).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

extension Money: CustomStringConvertible {
    /// `KES 1,234.50`, the way the product shows money to people.
    public var description: String { "KES \(decimalString)" }
}

/// Why an amount could not be read or computed.
public enum MoneyError: Error, Sendable, Equatable {
    case malformed(String)
    case overflow
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var result = self
        while let first = result.first, first.isWhitespace { result = result.dropFirst() }
        while let last = result.last, last.isWhitespace { result = result.dropLast() }
        return result
    }
}
