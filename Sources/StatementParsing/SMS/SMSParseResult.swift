/// What a batch of pasted SMS confirmations yields: one row and one transaction per money-moving message, in
/// paste order, and findings for everything else (failed or declined transactions, balance queries, duplicates,
/// text that is not a confirmation).
public struct SMSParseResult: Sendable, Equatable {
    /// One row per money-moving message; `source.line` is the 1-based message index in the paste.
    public var rows: [StatementRow]
    /// One transaction per row, `rows[i]` being `transactions[i].rows[0]`.
    public var transactions: [ParsedTransaction]
    /// Findings in message order; those about a row carry its index in `rows` and its receipt.
    public var findings: [Finding]
    /// How many messages the paste was split into, recognised or not.
    public var messageCount: Int

    public init(rows: [StatementRow], transactions: [ParsedTransaction], findings: [Finding], messageCount: Int) {
        self.rows = rows
        self.transactions = transactions
        self.findings = findings
        self.messageCount = messageCount
    }
}
