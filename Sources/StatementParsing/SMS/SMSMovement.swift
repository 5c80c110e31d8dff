import MPesaCore

/// The facts one money-moving SMS states, before duplicates are dropped and missing times are filled in.
struct SMSMovement: Sendable, Equatable {
    var receipt: String
    /// Nil when the message prints no time (Fuliza draw and repayment notices).
    var time: LocalDateTime?
    var kind: TransactionKind
    var direction: Direction
    var lineKind: LineKind
    var amount: Money
    /// `Transaction cost`; zero when the message prints none.
    var fee: Money
    /// The M-PESA balance after the transaction; never a Pochi, M-Shwari or KCB M-PESA balance.
    var balance: Money?
    var counterparty: Counterparty?
    /// The receipt a reversal undoes.
    var linkedReceipt: String?

    /// Receipt plus line kind: a payment and the Fuliza draw that funded it share a receipt but not a key.
    var key: String { "\(receipt):\(lineKind.rawValue)" }
}
