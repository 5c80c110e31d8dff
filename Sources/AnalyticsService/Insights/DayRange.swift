import Forecasting
import MPesaCore

/// An inclusive range of calendar days an analysis covers; statements may have days without transactions inside it.
struct DayRange: Sendable, Hashable, Codable {
    var first: CalendarDay
    var last: CalendarDay

    /// A range of whole days; nil when `last` comes before `first`.
    init?(first: CalendarDay, last: CalendarDay) {
        guard first <= last else { return nil }
        self.first = first
        self.last = last
    }

    /// Parses `YYYY-MM-DD` bounds, as query strings carry them.
    init?(first: String, last: String) {
        guard let start = CalendarDay(parsing: first), let end = CalendarDay(parsing: last) else { return nil }
        self.init(first: start, last: end)
    }

    /// The calendar month `year`-`month`, nil when the month does not exist.
    init?(year: Int, month: Int) {
        guard let start = try? CalendarDay(year: year, month: month, day: 1) else { return nil }
        self.init(first: start, last: start.lastOfMonth)
    }

    var dayCount: Int { first.days(to: last) + 1 }

    func contains(_ day: CalendarDay) -> Bool { first <= day && day <= last }

    func contains(_ time: LocalDateTime) -> Bool { contains(CalendarDay(time)) }

    /// Every day of the range, in order.
    var days: [CalendarDay] { (first.dayNumber...last.dayNumber).map(CalendarDay.init(dayNumber:)) }
}
