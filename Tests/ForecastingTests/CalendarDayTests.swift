import Foundation
import Testing
@testable import Forecasting

@Suite("CalendarDay")
struct CalendarDayTests {
    @Test("1970-01-01 is day zero and a Thursday")
    func epoch() throws {
        let day = try CalendarDay(year: 1970, month: 1, day: 1)
        #expect(day.daysSinceEpoch == 0)
        #expect(day.weekday == 4)
    }

    @Test("known dates have the right ISO weekday", arguments: [
        (2024, 2, 29, 4), (2024, 1, 1, 1), (2023, 12, 31, 7), (2000, 1, 1, 6), (1969, 12, 31, 3), (2025, 6, 15, 7),
    ])
    func weekdays(year: Int, month: Int, day: Int, weekday: Int) throws {
        #expect(try CalendarDay(year: year, month: month, day: day).weekday == weekday)
    }

    @Test("every day from 1899 to 2101 round-trips through year, month and day")
    func roundTrip() throws {
        let first = try CalendarDay(year: 1899, month: 1, day: 1).daysSinceEpoch
        let last = try CalendarDay(year: 2101, month: 12, day: 31).daysSinceEpoch
        var previous: CalendarDay?
        for d in first...last {
            let day = CalendarDay(daysSinceEpoch: d)
            let rebuilt = try CalendarDay(year: day.year, month: day.month, day: day.day)
            #expect(rebuilt == day)
            if let previous { #expect(previous.weekday % 7 + 1 == day.weekday) }
            previous = day
        }
    }

    @Test("leap years follow the Gregorian rule and invalid dates are rejected")
    func leapYears() throws {
        #expect(try CalendarDay(year: 2024, month: 2, day: 29).isMonthEnd)
        #expect(try CalendarDay(year: 2000, month: 2, day: 29).daysInMonth == 29)
        #expect(throws: ForecastError.invalidDate("2023-2-29")) { try CalendarDay(year: 2023, month: 2, day: 29) }
        #expect(throws: ForecastError.self) { try CalendarDay(year: 1900, month: 2, day: 29) }
        #expect(throws: ForecastError.self) { try CalendarDay(year: 2024, month: 13, day: 1) }
        #expect(throws: ForecastError.self) { try CalendarDay(year: 2024, month: 4, day: 31) }
    }

    @Test("month ends and advancing across a leap day")
    func monthEnds() throws {
        let feb28 = try CalendarDay(year: 2024, month: 2, day: 28)
        #expect(!feb28.isMonthEnd)
        #expect(feb28.advanced(by: 1).isMonthEnd)
        #expect(feb28.advanced(by: 2) == (try CalendarDay(year: 2024, month: 3, day: 1)))
        #expect(try CalendarDay(year: 2024, month: 1, day: 31).daysToMonthEnd == 0)
    }

    @Test("encodes as a YYYY-MM-DD string and decodes back, rejecting nonsense")
    func codable() throws {
        let day = try CalendarDay(year: 2024, month: 2, day: 9)
        let data = try JSONEncoder().encode([day])
        #expect(String(decoding: data, as: UTF8.self) == "[\"2024-02-09\"]")
        #expect(try JSONDecoder().decode([CalendarDay].self, from: data) == [day])
        #expect(throws: (any Error).self) { try JSONDecoder().decode([CalendarDay].self, from: Data("[\"2024-02-30\"]".utf8)) }
        #expect(CalendarDay(iso: "2024-2-9") == nil)
    }
}
