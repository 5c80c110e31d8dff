import Foundation
import MPesaCore

/// One normalised transaction: a payment with its charge folded in as a fee, or a Fuliza draw, or any other
/// movement, with the raw rows it was built from.
///
/// `identity` is stable: re-parsing an overlapping statement yields the same identity for the same transaction,
/// so storage can upsert on it. A receipt is not unique by itself (a payment, its charge and its Fuliza draw
/// share it); the identity is the receipt plus the line kind.
public struct ParsedTransaction: Sendable, Equatable, Codable {
    public var identity: String
    public var receipt: String
    public var lineKind: LineKind
    /// The instant, in UTC.
    public var completedAt: Date
    /// The Nairobi wall time as printed.
    public var localTime: LocalDateTime
    public var direction: Direction
    /// The amount that moved, a positive magnitude in cents, excluding the fee.
    public var amountCents: Int64
    /// Charges folded onto this transaction, in cents.
    public var feeCents: Int64
    /// The running balance after the last row of this transaction, when printed.
    public var balanceCents: Int64?
    public var kind: TransactionKind
    public var counterparty: Counterparty?
    public var details: String
    public var status: TransactionStatus
    /// The rows this transaction was built from, in statement order (the parent first, then folded charges).
    public var rows: [StatementRow]

    public init(
        receipt: String, lineKind: LineKind, localTime: LocalDateTime, direction: Direction, amountCents: Int64, feeCents: Int64,
        balanceCents: Int64?, kind: TransactionKind, counterparty: Counterparty?, details: String, status: TransactionStatus, rows: [StatementRow]
    ) {
        self.identity = "\(receipt):\(lineKind.rawValue)"
        self.receipt = receipt
        self.lineKind = lineKind
        self.completedAt = localTime.instant
        self.localTime = localTime
        self.direction = direction
        self.amountCents = amountCents
        self.feeCents = feeCents
        self.balanceCents = balanceCents
        self.kind = kind
        self.counterparty = counterparty
        self.details = details
        self.status = status
        self.rows = rows
    }

    /// Signed effect on the balance: +amount for money in; −(amount + fee) for money out.
    public var netCents: Int64 {
        direction == .in ? amountCents - feeCents : -(amountCents + feeCents)
    }
}

/// Which leg of a receipt a transaction is; with the receipt it forms the stable identity.
public struct LineKind: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The payment itself (or the only row of the receipt).
    public static let main = LineKind(rawValue: "main")
    /// The Fuliza overdraft credit that funded the payment.
    public static let overdraft = LineKind(rawValue: "overdraft")
    /// A charge that has no parent row in the statement.
    public static let charge = LineKind(rawValue: "charge")
    /// The two sides of an internal sweep in org exports.
    public static let sweepIn = LineKind(rawValue: "sweep_in")
    public static let sweepOut = LineKind(rawValue: "sweep_out")

    /// A further leg of the same kind within one receipt (`main#2`), so identities never collide.
    public func numbered(_ ordinal: Int) -> LineKind {
        ordinal <= 1 ? self : LineKind(rawValue: "\(rawValue)#\(ordinal)")
    }

    public var description: String { rawValue }
}
