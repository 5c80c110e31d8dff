import Forecasting
import MPesaCore

/// Warns when the business leans more and more on Fuliza overdraft to get through the month.
enum FulizaDependenceInsight {
    /// The recent window and the window it is compared with, in calendar months.
    static let windowMonths = 3
    /// Fewer draws than this in the recent window is occasional use, not dependence.
    static let minimumRecentDraws = 3
    /// More days in overdraft than this in the latest month is critical whatever the trend.
    static let criticalOverdraftDaysInLastMonth = 10

    struct MonthFigures {
        var month: String
        var draws: Int
        var drawnCents: Int64
        var overdraftDays: Int
    }

    /// Draws and overdraft days of the `2 × windowMonths` calendar months ending with the month of `range.last`.
    static func months(rows: [LedgerRow], in range: DayRange) -> [MonthFigures] {
        let overdraft = FulizaOverdraft.overdraftDays(rows: rows, in: range)
        return (0..<(2 * windowMonths)).reversed().map { back in
            let first = range.last.firstOfMonth(offsetBy: -back)
            let key = first.monthKey
            let draws = rows.filter { LedgerFlow.isFulizaDraw($0) && $0.localTime.date.hasPrefix(key) }
            return MonthFigures(
                month: key,
                draws: draws.count,
                drawnCents: draws.reduce(0) { $0 + $1.amountCents },
                overdraftDays: overdraft.filter { $0.monthKey == key }.count
            )
        }
    }

    static func detect(rows: [LedgerRow], in range: DayRange) -> Insight? {
        let draws = rows.filter(LedgerFlow.isFulizaDraw)
        guard !draws.isEmpty else { return nil }
        let months = months(rows: rows, in: range)
        let earlier = months.prefix(windowMonths)
        let recent = months.suffix(windowMonths)
        guard let lastMonth = months.last else { return nil }
        // The comparison is fair only when the range reaches back into the earliest month compared.
        let earlierCovered = range.first.firstOfMonth <= range.last.firstOfMonth(offsetBy: -(2 * windowMonths - 1))
        let recentDraws = recent.reduce(0) { $0 + $1.draws }
        let earlierDraws = earlier.reduce(0) { $0 + $1.draws }
        let recentDays = recent.reduce(0) { $0 + $1.overdraftDays }
        let earlierDays = earlier.reduce(0) { $0 + $1.overdraftDays }
        let rising = earlierCovered && recentDraws >= minimumRecentDraws && recentDraws > earlierDraws && recentDays > earlierDays
        let heavy = lastMonth.overdraftDays > criticalOverdraftDaysInLastMonth
        guard rising || heavy else { return nil }

        let title = rising
            ? "You are using Fuliza more: \(recentDraws) draws and \(recentDays) days in overdraft in the last \(windowMonths) months, up from \(earlierDraws) draws and \(earlierDays) days"
            : "You were in Fuliza overdraft on \(lastMonth.overdraftDays) days in \(lastMonth.month)"
        var metrics: [String: MetricValue] = [
            "recent_draws": .integer(Int64(recentDraws)),
            "earlier_draws": .integer(Int64(earlierDraws)),
            "recent_overdraft_days": .integer(Int64(recentDays)),
            "earlier_overdraft_days": .integer(Int64(earlierDays)),
            "last_month_overdraft_days": .integer(Int64(lastMonth.overdraftDays)),
        ]
        for month in months { metrics["draws_\(month.month)"] = .integer(Int64(month.draws)) }
        let recentKeys = Set(recent.map(\.month))
        let evidence = draws.filter { recentKeys.contains(String($0.localTime.date.prefix(7))) }
            .sorted { $0.amountCents != $1.amountCents ? $0.amountCents > $1.amountCents : $0.id < $1.id }
            .map(\.id)
        return Insight(
            kind: .fulizaDependence,
            severity: heavy ? .critical : .warning,
            title: title,
            detail: "Fuliza charges a daily fee for every day the overdraft is unpaid. "
                + months.map { "\($0.month): \($0.draws) draws, \($0.overdraftDays) days" }.joined(separator: "; ")
                + ". Keeping a small cash buffer in M-PESA or an M-Shwari savings float would avoid most draws.",
            metrics: metrics,
            evidence: evidence
        )
    }
}
