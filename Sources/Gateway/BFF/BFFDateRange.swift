import Foundation
import MPesaCore
import Platform

/// The `from`/`to` dates (inclusive, `YYYY-MM-DD`, Nairobi calendar) a dashboard screen covers.
///
/// Missing ends default to the last 30 days ending today in Nairobi, the way the analytics service reads a range.
struct BFFDateRange: Sendable, Equatable {
    var from: LocalDateTime
    var to: LocalDateTime

    static let defaultDays = 30
    static let maximumYears = 5

    /// The range a request asks for: 400 for text that is not a calendar date, 422 for `from` after `to` or a
    /// range longer than five years.
    static func parse(from fromText: String?, to toText: String?, now: Date) throws(Problem) -> BFFDateRange {
        var end = LocalDateTime(instant: now).startOfDay
        if let toText { end = try date(toText, parameter: "to") }
        var start = end.adding(seconds: -(defaultDays - 1) * 86_400)
        if let fromText { start = try date(fromText, parameter: "from") }
        guard start <= end else {
            throw Problem.validation(
                "The range is empty", errors: [.init(pointer: "/from", detail: "from (\(start.date)) is after to (\(end.date)); swap them")]
            )
        }
        let earliest = LocalDateTime(
            year: end.year - maximumYears, month: end.month, day: min(end.day, LocalDateTime.daysIn(month: end.month, year: end.year - maximumYears))
        )
        if let earliest, start < earliest {
            throw Problem.validation(
                "The range is too long",
                errors: [.init(pointer: "/from", detail: "a range covers at most \(maximumYears) years; with to = \(end.date), from can be \(earliest.date) at the earliest")]
            )
        }
        return BFFDateRange(from: start, to: end)
    }

    static func date(_ text: String, parameter: String) throws(Problem) -> LocalDateTime {
        guard text.utf8.count == 10, let date = LocalDateTime(parsing: text) else {
            throw Problem.badRequest(
                "\(parameter) must be a calendar date written YYYY-MM-DD, such as 2026-11-28",
                errors: [.init(pointer: "/\(parameter)", detail: "'\(text.prefix(40))' is not a date written YYYY-MM-DD")]
            )
        }
        return date
    }
}

extension LocalDateTime {
    /// Midnight of the same local day.
    fileprivate var startOfDay: LocalDateTime {
        LocalDateTime(year: year, month: month, day: day)!
    }
}
