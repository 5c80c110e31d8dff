import MPesaCore

/// The completion date encoded in the first three characters of a receipt number (§1.7 of the formats
/// reference): year letter (`U` = 2026, one letter per year), month letter (`A` = January … `L` = December) and
/// day (`1`–`9`, then `A` = 10 … `V` = 31). An empirical rule: mismatches are flagged, not rejected.
public enum ReceiptDateCode {
    /// The (year, month, day) a receipt encodes, or nil if its first characters are not a date code.
    public static func decode(_ receipt: String) -> (year: Int, month: Int, day: Int)? {
        let bytes = Array(receipt.utf8.prefix(3))
        guard bytes.count == 3 else { return nil }
        let (y, m, d) = (bytes[0], bytes[1], bytes[2])
        guard (65...90).contains(y), (65...76).contains(m) else { return nil }
        let year = 2026 + Int(y) - Int(UInt8(ascii: "U"))
        let month = Int(m) - 64
        let day: Int
        switch d {
        case 49...57: day = Int(d) - 48
        case 65...86: day = Int(d) - 65 + 10
        default: return nil
        }
        return (year, month, day)
    }

    /// Midnight of the day a receipt encodes, or nil (a code for 31 February is not a date).
    public static func startOfDay(_ receipt: String) -> LocalDateTime? {
        guard let (year, month, day) = decode(receipt) else { return nil }
        return LocalDateTime(year: year, month: month, day: day)
    }

    /// The three-character prefix for a local date; the generator uses it to mint realistic receipts.
    public static func encode(_ time: LocalDateTime) -> String {
        let year = Character(UnicodeScalar(UInt8(Int(UInt8(ascii: "U")) + time.year - 2026)))
        let month = Character(UnicodeScalar(UInt8(64 + time.month)))
        let day = time.day < 10 ? Character(String(time.day)) : Character(UnicodeScalar(UInt8(65 + time.day - 10)))
        return String([year, month, day])
    }

    /// Whether the receipt's code agrees with the completion date (the day before or after is accepted: the
    /// code appears to follow the initiation time, which can fall just across midnight).
    public static func agrees(_ receipt: String, with time: LocalDateTime) -> Bool? {
        guard let (year, month, day) = decode(receipt), let encoded = LocalDateTime(year: year, month: month, day: day) else { return nil }
        let difference = abs(encoded.ordinal - LocalDateTime(year: time.year, month: time.month, day: time.day)!.ordinal)
        return difference <= 86_400
    }
}
