import Forecasting
/// Runs every insight detector over a tenant's ledger for a range of days and ranks what they found.
///
/// Pure: the route loads rows and recurring payments, this decides what is worth telling the tenant. Every detector
/// stays silent on thin data (thresholds are named constants on each detector type).
enum InsightEngine {
    /// Insights about `rows` that fall inside `range` (rows outside it are ignored), most severe first.
    static func insights(rows: [LedgerRow], in range: DayRange, recurring: [RecurringPayment]) -> [Insight] {
        let inRange = rows.filter { range.contains($0.localTime) }
        var found: [Insight] = []
        if let insight = RevenueConcentrationInsight.detect(rows: inRange) { found.append(insight) }
        found += UnusualTransactionInsight.detect(rows: inRange)
        found += CashflowSwingInsight.detect(rows: inRange, in: range)
        if let insight = FeeLeakageInsight.detect(rows: inRange) { found.append(insight) }
        if let insight = FulizaDependenceInsight.detect(rows: inRange, in: range) { found.append(insight) }
        if let insight = BettingSpendInsight.detect(rows: inRange) { found.append(insight) }
        found += recurring.map(RecurringPaymentInsight.insight(for:))
        // A stable sort keeps each detector's own ordering within a severity.
        return found.enumerated().sorted { lhs, rhs in
            lhs.element.severity != rhs.element.severity ? lhs.element.severity > rhs.element.severity : lhs.offset < rhs.offset
        }.map(\.element)
    }
}
