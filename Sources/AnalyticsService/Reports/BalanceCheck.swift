import MPesaCore

/// Whether the balances M-PESA printed agree with the balance the transactions add up to; a difference means rows
/// are missing (a gap between statements) or figures were changed.
struct BalanceCheck: Sendable, Hashable, Codable {
    enum Status: String, Sendable, Hashable, Codable {
        case matches
        case differs
        /// No printed balance to compare with, or no opening balance to start from.
        case unknown
    }

    var status: Status
    /// The last balance M-PESA printed in the period.
    var printedBalanceCents: Int64?
    /// What opening balance plus the transactions up to that row give.
    var derivedBalanceCents: Int64?
    /// Printed minus derived.
    var differenceCents: Int64?
    /// `matches`, `differs by KES 120.00` or `unknown: …`, for people.
    var summary: String

    /// Compares the last printed balance among `rows` with `opening` plus the net of the rows up to and including it.
    static func check(rows: [LedgerRow], openingBalanceCents: Int64?) -> BalanceCheck {
        guard let opening = openingBalanceCents else {
            return BalanceCheck(status: .unknown, summary: "unknown: no opening balance was given or printed")
        }
        guard let lastIndex = rows.lastIndex(where: { $0.balanceCents != nil }), let printed = rows[lastIndex].balanceCents else {
            return BalanceCheck(status: .unknown, derivedBalanceCents: nil, summary: "unknown: the statement prints no balances")
        }
        let derived = rows[...lastIndex].reduce(opening) { $0 + $1.netCents }
        let difference = printed - derived
        return BalanceCheck(
            status: difference == 0 ? .matches : .differs,
            printedBalanceCents: printed,
            derivedBalanceCents: derived,
            differenceCents: difference,
            summary: difference == 0 ? "matches" : "differs by \(Money(cents: difference))"
        )
    }
}
