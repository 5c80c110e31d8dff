import MPesaCore

/// Shows how much money goes to betting compared with what the business earns.
enum BettingSpendInsight {
    /// A couple of small bets are not a habit; this many are, or any amount above the warning share.
    static let minimumBets = 3
    static let warningShareOfInflow = 0.05
    static let criticalShareOfInflow = 0.20

    static func detect(rows: [LedgerRow]) -> Insight? {
        let bets = rows.filter(LedgerFlow.isBetting)
        guard !bets.isEmpty else { return nil }
        let betting = bets.reduce(Int64(0)) { $0 + $1.amountCents + $1.feeCents }
        let inflow = rows.filter(LedgerFlow.isBusinessInflow).reduce(Int64(0)) { $0 + $1.amountCents }
        let outflow = rows.filter(LedgerFlow.isSpending).reduce(Int64(0)) { $0 + $1.amountCents + $1.feeCents }
        let shareOfInflow = RobustStatistics.share(betting, of: inflow)
        // With no income at all, any betting is paid from borrowed or saved money.
        let overWarning = shareOfInflow.map { $0 > warningShareOfInflow } ?? true
        guard bets.count >= minimumBets || overWarning else { return nil }
        let severity: Insight.Severity = (shareOfInflow.map { $0 > criticalShareOfInflow } ?? true) ? .critical : (overWarning ? .warning : .info)
        var metrics: [String: MetricValue] = [
            "betting_cents": .integer(betting),
            "bets": .integer(Int64(bets.count)),
            "inflow_cents": .integer(inflow),
            "outflow_cents": .integer(outflow),
        ]
        if let shareOfInflow { metrics["share_of_inflow"] = .double(shareOfInflow) }
        if let shareOfOutflow = RobustStatistics.share(betting, of: outflow) { metrics["share_of_outflow"] = .double(shareOfOutflow) }
        let share = shareOfInflow.map { ", \(RobustStatistics.percent($0)) of what the business earned" } ?? " while the business earned nothing"
        return Insight(
            kind: .bettingSpend,
            severity: severity,
            title: "You spent \(Money(cents: betting)) on betting in \(bets.count) bet\(bets.count == 1 ? "" : "s")\(share)",
            detail: "Lenders read regular betting as a risk sign and may lend less. Money kept in the business or in savings works for you instead.",
            metrics: metrics,
            evidence: bets.sorted { $0.amountCents != $1.amountCents ? $0.amountCents > $1.amountCents : $0.id < $1.id }.map(\.id)
        )
    }
}
