import MPesaCore
import StatementParsing

/// The facts an SMS confirmation states about one transaction: what `SMSRenderer` prints and what `SMSParser`
/// reads back (see `SMSRenderer.recoverableFacts(of:)` for the facts an SMS cannot carry).
public struct SMSTransaction: Sendable, Equatable {
    public var receipt: String
    /// Nairobi wall time; SMS print it to the minute.
    public var localTime: LocalDateTime
    public var kind: TransactionKind
    public var direction: Direction
    /// The amount that moved, a positive magnitude in cents, excluding the fee.
    public var amountCents: Int64
    /// `Transaction cost`. A Fuliza draw prints it as the access fee (1% of the amount when zero), which the
    /// parser does not read back as a fee: it is charged to the Fuliza debt, not the wallet.
    public var feeCents: Int64
    /// The M-PESA balance after the transaction; nil leaves the balance sentence out.
    public var balanceCents: Int64?
    public var counterparty: Counterparty?
    /// For a reversal: the receipt it undoes (the renderer makes one up from the same day when nil).
    public var reversedReceipt: String?

    public init(
        receipt: String, localTime: LocalDateTime, kind: TransactionKind, direction: Direction, amountCents: Int64, feeCents: Int64 = 0,
        balanceCents: Int64?, counterparty: Counterparty?, reversedReceipt: String? = nil
    ) {
        self.receipt = receipt
        self.localTime = localTime
        self.kind = kind
        self.direction = direction
        self.amountCents = amountCents
        self.feeCents = feeCents
        self.balanceCents = balanceCents
        self.counterparty = counterparty
        self.reversedReceipt = reversedReceipt
    }

    /// The facts of a normalised transaction, e.g. one the statement generator produced.
    public init(_ transaction: ParsedTransaction) {
        self.init(
            receipt: transaction.receipt, localTime: transaction.localTime, kind: transaction.kind, direction: transaction.direction,
            amountCents: transaction.amountCents, feeCents: transaction.feeCents, balanceCents: transaction.balanceCents,
            counterparty: transaction.counterparty, reversedReceipt: transaction.rows.first?.linkedTransactionID
        )
    }

    /// A Fuliza draw is the overdraft leg of the payment it funded; everything else is the main line.
    public var lineKind: LineKind { kind == .fulizaDraw ? .overdraft : .main }
}
