import Foundation

/// A wall-clock time as M-PESA prints it: Nairobi local time (EAT, UTC+3) with no zone marker.
///
/// Kenya has kept UTC+3 without daylight saving since 1960, so the conversion to an instant is a fixed offset.
/// Grouping by "day" uses the local calendar date (``date``), never the UTC one.
public struct LocalDateTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int

    /// EAT is UTC+3 all year round.
    public static let nairobiOffsetSeconds = 3 * 3600

    /// Creates a validated local time; nil if any field is out of range (31 February, 25:00, …).
    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        guard (1900...2200).contains(year), (1...12).contains(month), (0...23).contains(hour), (0...59).contains(minute),
            (0...60).contains(second), day >= 1, day <= LocalDateTime.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The local time of an instant in Nairobi.
    public init(instant: Date) {
        let seconds = Int64((instant.timeIntervalSince1970).rounded(.down)) + Int64(Self.nairobiOffsetSeconds)
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let secondOfDay = Int(seconds - Int64(days) * 86_400)
        let (y, m, d) = Self.civilFromDays(days)
        self.year = y
        self.month = m
        self.day = d
        self.hour = secondOfDay / 3600
        self.minute = secondOfDay % 3600 / 60
        self.second = secondOfDay % 60
    }

    /// The instant this local Nairobi time denotes.
    public var instant: Date {
        let days = Self.daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(Self.nairobiOffsetSeconds)
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// The local calendar date, `YYYY-MM-DD`.
    public var date: String {
        "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))"
    }

    /// `YYYY-MM-DD HH:MM:SS`, the form personal statements print.
    public var description: String {
        "\(date) \(Self.pad(hour, 2)):\(Self.pad(minute, 2)):\(Self.pad(second, 2))"
    }

    /// Days since 1970-01-01 of the local calendar date: day arithmetic (weeks, ranges, gaps) without Calendar.
    public var dayNumber: Int { Self.daysFromCivil(year: year, month: month, day: day) }

    /// Midnight of the local calendar date `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) {
        let (y, m, d) = Self.civilFromDays(dayNumber)
        self.year = y
        self.month = m
        self.day = d
        self.hour = 0
        self.minute = 0
        self.second = 0
    }

    /// ISO weekday of the local date: Monday 1 … Sunday 7 (1970-01-01 was a Thursday).
    public var weekday: Int { ((dayNumber % 7 + 7) % 7 + 3) % 7 + 1 }

    /// Seconds since an arbitrary epoch, for ordering and differences.
    public var ordinal: Int64 {
        Int64(Self.daysFromCivil(year: year, month: month, day: day)) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool { lhs.ordinal < rhs.ordinal }

    /// This time shifted by whole seconds.
    public func adding(seconds: Int) -> LocalDateTime {
        LocalDateTime(instant: instant.addingTimeInterval(TimeInterval(seconds)))
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = LocalDateTime(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not YYYY-MM-DD HH:MM:SS"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Parses `YYYY-MM-DD HH:MM:SS` (or `YYYY-MM-DDTHH:MM:SS`, or a bare date).
    public init?(parsing text: some StringProtocol) {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes.count == 10 || bytes.count == 19, bytes[4] == 45, bytes[7] == 45,
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10)
        else { return nil }
        if bytes.count == 10 {
            self.init(year: year, month: month, day: day)
            return
        }
        guard bytes[10] == 32 || bytes[10] == 84, bytes[13] == 58, bytes[16] == 58,
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    // Howard Hinnant's days-from-civil algorithms: exact proleptic Gregorian arithmetic without Calendar.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
