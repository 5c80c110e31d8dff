import Forecasting
import MPesaCore

/// Finds weeks when money in or out jumped or fell sharply against the weeks before (spikes and drops).
///
/// Weeks are counted back from the last day of the range so every week compared is a whole seven days; a leftover
/// stub at the start of the range is ignored rather than compared as a "drop".
enum CashflowSwingInsight {
    static let baselineWeeks = 8
    /// A week is judged only with at least this many earlier weeks behind it.
    static let minimumHistoryWeeks = 4
    static let spikeRatio = 2.0
    static let dropRatio = 0.5
    /// Baselines smaller than KES 1,000 a week swing by chance; doubling KES 200 is not news.
    static let minimumBaselineCents: Int64 = 100_000
    /// Only the latest swings are reported so a long range does not bury the other insights.
    static let maximumInsights = 6

    enum Flow: String {
        case inflow
        case outflow
    }

    struct Week {
        var range: DayRange
        var totals: [Flow: Int64] = [:]
        var rows: [Flow: [LedgerRow]] = [:]
    }

    /// Whole weeks ending on `range.last`, oldest first, with business inflow and spending summed.
    static func weeks(rows: [LedgerRow], in range: DayRange) -> [Week] {
        let count = range.dayCount / 7
        guard count > 0 else { return [] }
        let start = range.last.adding(days: -(count * 7) + 1)
        var weeks = (0..<count).map { index in
            Week(range: DayRange(first: start.adding(days: index * 7), last: start.adding(days: index * 7 + 6))!)
        }
        for row in rows {
            let offset = start.days(to: CalendarDay(row.localTime))
            guard offset >= 0, offset / 7 < count else { continue }
            let flow: Flow
            let amount: Int64
            if LedgerFlow.isBusinessInflow(row) {
                flow = .inflow
                amount = row.amountCents
            } else if LedgerFlow.isSpending(row) {
                flow = .outflow
                amount = row.amountCents + row.feeCents
            } else {
                continue
            }
            weeks[offset / 7].totals[flow, default: 0] += amount
            weeks[offset / 7].rows[flow, default: []].append(row)
        }
        return weeks
    }

    static func detect(rows: [LedgerRow], in range: DayRange) -> [Insight] {
        let weeks = weeks(rows: rows, in: range)
        var insights: [Insight] = []
        for index in weeks.indices.reversed() where index >= minimumHistoryWeeks {
            for flow in [Flow.inflow, .outflow] {
                let history = weeks[max(0, index - baselineWeeks)..<index].map { $0.totals[flow] ?? 0 }
                guard let baseline = RobustStatistics.median(history), baseline >= minimumBaselineCents else { continue }
                let value = weeks[index].totals[flow] ?? 0
                let ratio = Double(value) / Double(baseline)
                if ratio >= spikeRatio || ratio <= dropRatio {
                    insights.append(insight(week: weeks[index], flow: flow, value: value, baseline: baseline, ratio: ratio, historyWeeks: history.count))
                }
            }
            if insights.count >= maximumInsights { break }
        }
        return Array(insights.prefix(maximumInsights))
    }

    private static func insight(week: Week, flow: Flow, value: Int64, baseline: Int64, ratio: Double, historyWeeks: Int) -> Insight {
        let isSpike = ratio >= spikeRatio
        let what = flow == .inflow ? "Sales and other income" : "Spending"
        let period = "the week of \(week.range.first)–\(week.range.last)"
        let title: String
        let advice: String
        let severity: Insight.Severity
        switch (flow, isSpike) {
        case (.inflow, true):
            title = "\(what) in \(period) were \(multiple(ratio)) a normal week"
            advice = "Find out what brought the extra money in so you can repeat it."
            severity = .info
        case (.inflow, false):
            title = "\(what) in \(period) fell to \(RobustStatistics.percent(ratio)) of a normal week"
            advice = "Check whether customers are paying another way, or whether stock ran out."
            severity = .warning
        case (.outflow, true):
            title = "\(what) in \(period) was \(multiple(ratio)) a normal week"
            advice = "Make sure each large payment was planned."
            severity = .warning
        case (.outflow, false):
            title = "\(what) in \(period) fell to \(RobustStatistics.percent(ratio)) of a normal week"
            advice = "If stock purchases stopped, sales may follow."
            severity = .info
        }
        let evidence = (week.rows[flow] ?? []).sorted { $0.amountCents != $1.amountCents ? $0.amountCents > $1.amountCents : $0.id < $1.id }.map(\.id)
        return Insight(
            kind: isSpike ? .spike : .drop,
            severity: severity,
            title: title,
            detail: "\(Money(cents: value)) against a typical \(Money(cents: baseline)) (the median of the \(historyWeeks) weeks before). \(advice)",
            metrics: [
                "is_inflow": .integer(flow == .inflow ? 1 : 0),
                "week_cents": .integer(value),
                "baseline_cents": .integer(baseline),
                "ratio": .double(ratio),
                "history_weeks": .integer(Int64(historyWeeks)),
            ],
            evidence: evidence
        )
    }

    private static func multiple(_ ratio: Double) -> String {
        let tenths = Int((ratio * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)×" : "\(tenths / 10).\(tenths % 10)×"
    }
}
