import Foundation
import MPesaCore

/// A Nairobi calendar date (`YYYY-MM-DD`) with day arithmetic, so analytics can walk days that have no transactions.
struct CalendarDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01; the same epoch as `LocalDateTime.ordinal`, so conversion is a division.
    let dayNumber: Int

    init(dayNumber: Int) {
        self.dayNumber = dayNumber
    }

    init?(year: Int, month: Int, day: Int) {
        guard let time = LocalDateTime(year: year, month: month, day: day) else { return nil }
        self.init(time)
    }

    /// The local calendar day of a wall-clock time.
    init(_ time: LocalDateTime) {
        // `ordinal` counts seconds from local midnight 1970-01-01 and is non-negative for every valid year after 1970;
        // the floor division keeps earlier dates right too.
        let seconds = time.ordinal
        self.dayNumber = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }

    /// Parses `YYYY-MM-DD` (a date-time is accepted and truncated to its day).
    init?(parsing text: some StringProtocol) {
        guard let time = LocalDateTime(parsing: text) else { return nil }
        self.init(time)
    }

    private var civil: LocalDateTime {
        // Noon UTC of the day is 15:00 in Nairobi on the same date, far from any boundary.
        LocalDateTime(instant: Date(timeIntervalSince1970: TimeInterval(dayNumber) * 86_400 + 43_200))
    }

    var year: Int { civil.year }
    var month: Int { civil.month }
    var day: Int { civil.day }

    /// `YYYY-MM-DD`.
    var description: String { civil.date }

    /// `YYYY-MM`, the key reports group months by.
    var monthKey: String { String(description.prefix(7)) }

    func adding(days: Int) -> CalendarDay { CalendarDay(dayNumber: dayNumber + days) }

    /// Whole days from `self` to `other` (positive when `other` is later).
    func days(to other: CalendarDay) -> Int { other.dayNumber - dayNumber }

    /// The first day of this day's month.
    var firstOfMonth: CalendarDay {
        let time = civil
        return CalendarDay(year: time.year, month: time.month, day: 1)!
    }

    /// The last day of this day's month.
    var lastOfMonth: CalendarDay {
        let time = civil
        return CalendarDay(year: time.year, month: time.month, day: LocalDateTime.daysIn(month: time.month, year: time.year))!
    }

    /// The first day of the month `months` calendar months away (negative goes back).
    func firstOfMonth(offsetBy months: Int) -> CalendarDay {
        let time = civil
        let index = time.year * 12 + (time.month - 1) + months
        return CalendarDay(year: index / 12, month: index % 12 + 1, day: 1)!
    }

    static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool { lhs.dayNumber < rhs.dayNumber }

    init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = CalendarDay(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not YYYY-MM-DD"))
        }
        self = day
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
