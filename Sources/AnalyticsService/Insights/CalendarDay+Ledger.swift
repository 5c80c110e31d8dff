import Forecasting
import MPesaCore

/// The day arithmetic analytics needs on top of the Forecasting library's ``CalendarDay`` (one day type for both:
/// the forecast's days and the ledger's days are the same Nairobi calendar days).
extension CalendarDay {
    /// Days since 1970-01-01, as `LocalDateTime.dayNumber` counts them.
    var dayNumber: Int { daysSinceEpoch }

    init(dayNumber: Int) {
        self.init(daysSinceEpoch: dayNumber)
    }

    /// The local calendar day of a wall-clock time.
    init(_ time: LocalDateTime) {
        self.init(daysSinceEpoch: time.dayNumber)
    }

    /// Parses `YYYY-MM-DD` (a date-time is accepted and truncated to its day).
    init?(parsing text: some StringProtocol) {
        guard let time = LocalDateTime(parsing: text) else { return nil }
        self.init(time)
    }

    /// `YYYY-MM`, the key reports group months by.
    var monthKey: String { String(description.prefix(7)) }

    func adding(days: Int) -> CalendarDay { CalendarDay(daysSinceEpoch: daysSinceEpoch + days) }

    /// Whole days from `self` to `other` (positive when `other` is later).
    func days(to other: CalendarDay) -> Int { distance(to: other) }

    /// The first day of this day's month.
    var firstOfMonth: CalendarDay { adding(days: 1 - dayOfMonth) }

    /// The last day of this day's month.
    var lastOfMonth: CalendarDay { adding(days: daysToMonthEnd) }

    /// The first day of the month `months` calendar months away (negative goes back).
    func firstOfMonth(offsetBy months: Int) -> CalendarDay {
        let index = year * 12 + (month - 1) + months
        let (y, m) = (index >= 0 ? index / 12 : (index - 11) / 12, ((index % 12) + 12) % 12 + 1)
        return CalendarDay(daysSinceEpoch: LocalDateTime(year: y, month: m, day: 1)?.dayNumber ?? daysSinceEpoch)
    }
}
