import MPesaCore

/// One transaction of a tenant's ledger as the pure analytics code sees it (storage decodes rows into this).
struct LedgerRow: Sendable, Hashable, Codable {
    var id: String
    var receipt: String
    var localTime: LocalDateTime
    var direction: Direction
    /// Positive magnitude that moved, excluding the fee.
    var amountCents: Int64
    var feeCents: Int64
    var balanceCents: Int64?
    var kind: TransactionKind
    /// A category slug of the default taxonomy (or the tenant's own), `uncategorized` when unknown.
    var category: String
    /// A stable key for the counterparty (phone/shortcode/normalised name), nil when none.
    var counterpartyKey: String?
    var counterpartyName: String?

    /// Signed effect on the balance: +amount − fee for money in; −(amount + fee) for money out.
    var netCents: Int64 { direction == .in ? amountCents - feeCents : -(amountCents + feeCents) }
}
