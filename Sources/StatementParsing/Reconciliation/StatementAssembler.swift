/// Finishes any format's raw reading the same way: orders rows and checks their balances, builds normalised
/// transactions, derives the opening and closing balances when the file does not print them, and reconciles.
public enum StatementAssembler {
    public static func assemble(_ raw: RawStatement) -> ParsedStatement {
        let chain = BalanceChain(rows: raw.rows)
        let transactions = StatementNormalizer.transactions(from: raw.rows, chain: chain)
        var metadata = raw.metadata
        if metadata.openingBalanceCents == nil { metadata.openingBalanceCents = chain.openingCents }
        if metadata.closingBalanceCents == nil { metadata.closingBalanceCents = chain.closingCents }
        var reconciled = raw
        reconciled.metadata = metadata
        let report = StatementReconciler.reconcile(reconciled, chain: chain)
        return ParsedStatement(metadata: metadata, summary: raw.summary, rows: raw.rows, transactions: transactions, reconciliation: report)
    }
}
