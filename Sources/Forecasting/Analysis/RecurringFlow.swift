/// A detected recurring payment (rent, salary, subscription, loan repayment) and when it is due next.
public struct RecurringFlow: Sendable, Codable, Hashable {
    public enum Cadence: String, Sendable, Codable { case weekly, biweekly, monthly, quarterly }

    public let cadence: Cadence
    /// Median amount, KES cents (signed).
    public let typicalAmount: Int64
    /// How alike the payments are, a ratio (not money): 1 − 1.4826·MAD/|median| clamped to [0, 1]; 1 means the same
    /// amount every time.
    public let steadiness: Double
    /// In [0, 1]: the share of intervals that fit the cadence, discounted for unstable amounts and few
    /// occurrences.
    public let confidence: Double
    public let occurrences: Int
    public let lastDay: CalendarDay
    public let nextExpectedDay: CalendarDay
    /// For monthly and quarterly flows, the usual day of the month; 29, 30 and 31 mean the third-last,
    /// second-last and last day, so "paid on the last day" survives February.
    public let dayOfMonth: Int?

    /// The expected future occurrences up to and including `through`, ready for `ForecastOptions.knownFlows`.
    public func projectedFlows(through: CalendarDay, label: String) -> [KnownFlow] {
        var flows: [KnownFlow] = []
        var day = nextExpectedDay
        while day <= through && flows.count < 1000 {
            flows.append(KnownFlow(day: day, amount: typicalAmount, label: label))
            day = following(day)
        }
        return flows
    }

    func following(_ day: CalendarDay) -> CalendarDay {
        switch cadence {
        case .weekly: return day.advanced(by: 7)
        case .biweekly: return day.advanced(by: 14)
        case .monthly: return RecurringFlow.expected(inMonthAfter: day, months: 1, anchor: dayOfMonth ?? day.dayOfMonth)
        case .quarterly: return RecurringFlow.expected(inMonthAfter: day, months: 3, anchor: dayOfMonth ?? day.dayOfMonth)
        }
    }

    /// Month-end-aware position of a day: the last three days of any month map to 29, 30, 31.
    static func alignedDayOfMonth(_ day: CalendarDay) -> Int {
        day.daysToMonthEnd < 3 ? 31 - day.daysToMonthEnd : day.dayOfMonth
    }

    /// The anchor day in the month `months` after `day`'s month.
    static func expected(inMonthAfter day: CalendarDay, months: Int, anchor: Int) -> CalendarDay {
        let total = day.year * 12 + (day.month - 1) + months
        return expected(year: total / 12, month: total % 12 + 1, anchor: anchor)
    }

    static func expected(year: Int, month: Int, anchor: Int) -> CalendarDay {
        let length = CalendarDay.daysInMonth(year: year, month: month)
        let d = anchor >= 29 ? length - (31 - anchor) : min(anchor, length)
        return CalendarDay(daysSinceEpoch: CalendarDay.daysFromCivil(year: year, month: month, day: d))
    }
}
