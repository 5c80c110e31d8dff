import Foundation
import MPesaCore

/// Converts between Excel date serial numbers and wall-clock ``LocalDateTime``s.
///
/// Excel stores a date as days since an epoch plus a fraction of a day, with no time zone: the serial is the
/// wall-clock time the sheet shows, so no zone shift is applied. The 1900 system keeps Lotus's phantom
/// 29 February 1900 (serial 60); the 1904 system counts from 1 January 1904.
public enum ExcelSerialDate {
    /// The local time a serial denotes; nil for negative, non-numeric or out-of-range serials and for serial 60
    /// in the 1900 system (a day that never existed).
    public static func localDateTime(fromSerial text: some StringProtocol, uses1904DateSystem: Bool = false) -> LocalDateTime? {
        guard let decimal = TabularDecimal(text), let (days, seconds) = decimal.serialDaysAndSeconds else { return nil }
        return localDateTime(days: days, seconds: seconds, uses1904DateSystem: uses1904DateSystem)
    }

    static func localDateTime(days: Int64, seconds: Int64, uses1904DateSystem: Bool) -> LocalDateTime? {
        guard days < 2_958_466 else { return nil }
        let dayOffset: Int64
        if uses1904DateSystem {
            dayOffset = days + epoch1904Offset
        } else {
            guard days >= 1, days != 60 else { return nil }
            dayOffset = days < 60 ? days - 1 : days - 2
        }
        let instant = epoch1900.addingTimeInterval(TimeInterval(dayOffset * 86_400 + seconds))
        let local = LocalDateTime(instant: instant)
        return LocalDateTime(year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute, second: local.second)
    }

    /// The 1900-system serial of a local time, as decimal text with enough digits to read back to the second.
    public static func serial(of dateTime: LocalDateTime) -> String {
        let seconds = Int64((dateTime.instant.timeIntervalSince(epoch1900)).rounded())
        var days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        days += days >= 59 ? 2 : 1
        guard secondOfDay > 0 else { return String(days) }
        // secondOfDay / 86400 written with 10 decimals; reading back rounds to the same second.
        let scaled = (secondOfDay * 10_000_000_000 + 43_200) / 86_400
        var fraction = String(scaled)
        fraction = String(repeating: "0", count: max(0, 10 - fraction.count)) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(days).\(fraction)"
    }

    /// 1900-01-01 00:00 local time, the day serial 1 denotes.
    private static let epoch1900 = LocalDateTime(year: 1900, month: 1, day: 1)!.instant
    /// 1904-01-01 is 1,460 days after 1900-01-01 (1900 was not a leap year).
    private static let epoch1904Offset: Int64 = 1_460
}
