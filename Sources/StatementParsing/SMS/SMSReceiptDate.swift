import MPesaCore

/// The date a receipt's first three characters encode (formats reference §1.7): the year letter (`R` = 2023,
/// `U` = 2026), the month letter (`A` = January … `L` = December) and the day (`1`–`9`, then `A` = 10 … `V` = 31).
///
/// SMS need it twice: to flag receipts whose code disagrees with the printed date, and to date Fuliza messages,
/// which print no time of their own.
struct SMSReceiptDate: Sendable, Equatable {
    var year: Int
    var month: Int
    var day: Int

    /// Nil when the first three characters are not a date code.
    init?(receipt: String) {
        let bytes = Array(receipt.utf8.prefix(3))
        guard bytes.count == 3 else { return nil }
        let (y, m, d) = (bytes[0], bytes[1], bytes[2])
        guard (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(y), (UInt8(ascii: "A")...UInt8(ascii: "L")).contains(m) else { return nil }
        let day: Int
        switch d {
        case UInt8(ascii: "1")...UInt8(ascii: "9"): day = Int(d - UInt8(ascii: "0"))
        case UInt8(ascii: "A")...UInt8(ascii: "V"): day = Int(d - UInt8(ascii: "A")) + 10
        default: return nil
        }
        let year = 2023 + Int(y) - Int(UInt8(ascii: "R"))
        let month = Int(m - UInt8(ascii: "A")) + 1
        guard day <= LocalDateTime.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    func matches(_ time: LocalDateTime) -> Bool {
        time.year == year && time.month == month && time.day == day
    }

    /// Midnight at the start of the encoded day.
    var startOfDay: LocalDateTime? {
        LocalDateTime(year: year, month: month, day: day)
    }
}
