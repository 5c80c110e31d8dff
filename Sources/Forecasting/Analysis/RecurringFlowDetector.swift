/// Decides whether one counterparty's payments recur on a weekly, fortnightly, monthly or quarterly
/// cadence. Monthly matching is by day of month (±3 days, month-end aware, wrapping across month
/// boundaries), not by a 30-day interval, because rent "on the 1st" and salary "on the last day" drift
/// against any fixed interval.
public struct RecurringFlowDetector: Sendable {
    public var minimumOccurrences: Int
    public var minimumConfidence: Double

    public init(minimumOccurrences: Int = 3, minimumConfidence: Double = 0.6) {
        self.minimumOccurrences = max(2, minimumOccurrences)
        self.minimumConfidence = minimumConfidence
    }

    public func detect(_ payments: [DatedAmount]) -> RecurringFlow? {
        // Several payments on one day are one occurrence (a rent paid in two transfers).
        var byDay: [CalendarDay: Int64] = [:]
        for p in payments { byDay[p.day, default: 0] &+= p.amount }
        let days = byDay.keys.sorted()
        guard days.count >= minimumOccurrences else { return nil }
        let amounts = days.map { Double(byDay[$0]!) }
        let intervals = zip(days, days.dropFirst()).map { $0.distance(to: $1) }

        let aligned = days.map(RecurringFlow.alignedDayOfMonth)
        // Circular median: payments on the 31st and the 1st are two days apart, not thirty.
        func circular(_ a: Int, _ b: Int) -> Int { let d = abs(a - b); return min(d, 31 - d) }
        let anchor = (1...31).min { a, b in
            aligned.reduce(0) { $0 + circular($1, a) } < aligned.reduce(0) { $0 + circular($1, b) }
        }!
        func onAnchor(_ i: Int) -> Bool {
            circular(aligned[i], anchor) <= 3
        }
        func share(_ matches: (Int) -> Bool) -> Double {
            Double(intervals.indices.filter(matches).count) / Double(intervals.count)
        }
        let scores: [(RecurringFlow.Cadence, Double)] = [
            (.weekly, share { abs(intervals[$0] - 7) <= 1 }),
            (.biweekly, share { abs(intervals[$0] - 14) <= 2 }),
            (.monthly, share { (20...40).contains(intervals[$0]) && onAnchor($0) && onAnchor($0 + 1) }),
            (.quarterly, share { (80...102).contains(intervals[$0]) && onAnchor($0) && onAnchor($0 + 1) }),
        ]
        guard let (cadence, fit) = scores.max(by: { $0.1 < $1.1 }), fit >= 0.75 else { return nil }

        let median = RobustStatistics.median(amounts)
        let stability = median == 0 ? 0 : max(0, min(1, 1 - 1.4826 * RobustStatistics.mad(amounts) / abs(median)))
        let confidence = fit * (0.6 + 0.4 * stability) * min(1, Double(days.count) / 4)
        guard confidence >= minimumConfidence else { return nil }

        let last = days[days.count - 1]
        let monthly = cadence == .monthly || cadence == .quarterly
        var next: CalendarDay
        switch cadence {
        case .weekly: next = last.advanced(by: 7)
        case .biweekly: next = last.advanced(by: 14)
        case .monthly, .quarterly:
            // The due date the last payment was for (it may have been paid a day or two early or late),
            // then one cadence on.
            let due = [-1, 0, 1].map { RecurringFlow.expected(inMonthAfter: last, months: $0, anchor: anchor) }
                .min { abs($0.distance(to: last)) < abs($1.distance(to: last)) }!
            next = RecurringFlow.expected(inMonthAfter: due, months: cadence == .monthly ? 1 : 3, anchor: anchor)
        }
        if next <= last { next = last.advanced(by: 1) }
        return RecurringFlow(cadence: cadence, typicalAmount: RobustStatistics.cents(median), steadiness: stability,
                             confidence: confidence, occurrences: days.count, lastDay: last, nextExpectedDay: next,
                             dayOfMonth: monthly ? anchor : nil)
    }
}
