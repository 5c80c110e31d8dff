import Foundation
import MPesaCore

/// Reads amounts and times out of table cells, exactly and quickly.
///
/// Amounts: a byte-level fast path for the shapes statements print (`1,234.50`, `-20.00`, `500`), falling back to
/// ``Money/init(parsing:)`` for everything else (`Ksh1,000`, `(1,234.50)`), and for numeric cells to the exact
/// decimal text. Times: year-first `YYYY-MM-DD HH:MM[:SS]` and day-first `DD-MM-YYYY`/`DD/MM/YYYY` with optional
/// seconds, two-digit years, `AM`/`PM`, month names (`14 Oct 2024`), date cells and Excel serials.
enum TabularValueParser {
    /// What an amount cell holds.
    enum Amount: Equatable {
        case blank
        case value(Money)
        case unreadable
    }

    static func amount(_ cell: TabularCell) -> Amount {
        switch cell {
        case .empty: return .blank
        case .number(let text):
            guard !text.isEmpty else { return .blank }
            guard let cents = TabularDecimal(text)?.cents else { return .unreadable }
            return .value(Money(cents: cents))
        case .text(let text):
            return amount(text: text)
        case .boolean, .date:
            return .unreadable
        }
    }

    static func amount(text: String) -> Amount {
        var text = text
        let fast: Amount? = text.withUTF8 { fastAmount($0) }
        if let fast { return fast }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed == "-" { return .blank }
        if let money = try? Money(parsing: trimmed) { return .value(money) }
        // Numbers written by converters through Double (`1234.5599999999999`).
        if let cents = TabularDecimal(trimmed)?.cents { return .value(Money(cents: cents)) }
        return .unreadable
    }

    /// `-?\d{1,3}(,\d{3})*(\.\d{1,2})?` or `-?\d{1,15}(\.\d{1,2})?`, with surrounding spaces; nil means "not this
    /// shape, ask Money(parsing:)", which gives the same value for everything this accepts.
    static func fastAmount(_ bytes: UnsafeBufferPointer<UInt8>) -> Amount? {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 { end -= 1 }
        if start == end { return .blank }
        var negative = false
        if bytes[start] == 0x2D {
            negative = true
            start += 1
        }
        var index = start
        var cents: Int64 = 0
        var groupDigits = 0
        var sawComma = false
        var integerDigits = 0
        while index < end {
            let byte = bytes[index]
            if byte >= 0x30, byte <= 0x39 {
                cents = cents * 10 + Int64(byte - 0x30)
                groupDigits += 1
                integerDigits += 1
                if integerDigits > 15 { return nil }
            } else if byte == 0x2C {
                if sawComma ? groupDigits != 3 : (groupDigits == 0 || groupDigits > 3) { return nil }
                sawComma = true
                groupDigits = 0
            } else {
                break
            }
            index += 1
        }
        if integerDigits == 0 || (sawComma && groupDigits != 3) { return nil }
        var fractionDigits = 0
        if index < end, bytes[index] == 0x2E {
            index += 1
            while index < end, fractionDigits < 2, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                cents = cents * 10 + Int64(bytes[index] - 0x30)
                fractionDigits += 1
                index += 1
            }
            if fractionDigits == 0 { return nil }
        }
        guard index == end else { return nil }
        for _ in fractionDigits..<2 { cents *= 10 }
        return .value(Money(cents: negative ? -cents : cents))
    }

    // MARK: - Times

    static func dateTime(_ cell: TabularCell, uses1904DateSystem: Bool = false) -> LocalDateTime? {
        switch cell {
        case .empty, .boolean: return nil
        case .date(let date): return date
        case .number(let text): return ExcelSerialDate.localDateTime(fromSerial: text, uses1904DateSystem: uses1904DateSystem)
        case .text(let text): return dateTime(text: text)
        }
    }

    static func dateTime(text: String) -> LocalDateTime? {
        var text = text
        return text.withUTF8 { dateTime(bytes: $0) }
    }

    /// Parses a printed date and time; see the type's documentation for the shapes accepted.
    static func dateTime(bytes: UnsafeBufferPointer<UInt8>) -> LocalDateTime? {
        var scanner = Scanner(bytes: bytes)
        scanner.skipSpaces()
        guard !scanner.atEnd else { return nil }
        // A bare number is an Excel serial that a converter wrote as text.
        if scanner.isPlainDecimal() {
            return ExcelSerialDate.localDateTime(fromSerial: String(decoding: bytes, as: UTF8.self))
        }
        guard let (first, firstLength) = scanner.number(maxDigits: 4) else { return nil }
        var year: Int
        var month: Int
        var day: Int
        if firstLength == 4 {
            guard let separator = scanner.dateSeparator(), let (m, _) = scanner.number(maxDigits: 2),
                scanner.expect(separator), let (d, _) = scanner.number(maxDigits: 2)
            else { return nil }
            (year, month, day) = (first, m, d)
        } else {
            guard firstLength <= 2, let separator = scanner.dateSeparator() else { return nil }
            if let (m, _) = scanner.number(maxDigits: 2) {
                month = m
            } else if let m = scanner.monthName() {
                month = m
            } else {
                return nil
            }
            guard scanner.expect(separator), let (y, yearLength) = scanner.number(maxDigits: 4),
                yearLength == 4 || yearLength == 2
            else { return nil }
            (year, day) = (yearLength == 2 ? 2000 + y : y, first)
        }
        var hour = 0
        var minute = 0
        var second = 0
        let beforeTime = scanner.index
        if scanner.skipTimeSeparator(), let (h, _) = scanner.number(maxDigits: 2) {
            guard scanner.expect(0x3A), let (mi, minuteLength) = scanner.number(maxDigits: 2), minuteLength == 2 else { return nil }
            (hour, minute) = (h, mi)
            if scanner.expect(0x3A) {
                guard let (s, secondLength) = scanner.number(maxDigits: 2), secondLength == 2 else { return nil }
                second = s
                if scanner.expect(0x2E) { _ = scanner.number(maxDigits: 9) }
            }
            scanner.skipSpaces()
            if let meridiem = scanner.meridiem() {
                guard (1...12).contains(hour) else { return nil }
                hour = hour % 12 + (meridiem == .pm ? 12 : 0)
            }
        } else {
            scanner.index = beforeTime
        }
        scanner.skipSpaces()
        guard scanner.atEnd else { return nil }
        return LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    private enum Meridiem { case am, pm }

    /// A cursor over ASCII bytes.
    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var atEnd: Bool { index >= bytes.count }

        mutating func skipSpaces() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        }

        func isPlainDecimal() -> Bool {
            var position = index
            var digits = 0
            var points = 0
            var end = bytes.count
            while end > position, bytes[end - 1] == 0x20 { end -= 1 }
            while position < end {
                let byte = bytes[position]
                if byte >= 0x30, byte <= 0x39 {
                    digits += 1
                } else if byte == 0x2E {
                    points += 1
                } else {
                    return false
                }
                position += 1
            }
            return digits > 0 && points <= 1
        }

        mutating func number(maxDigits: Int) -> (Int, Int)? {
            var value = 0
            var length = 0
            while index < bytes.count, length < maxDigits, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                value = value * 10 + Int(bytes[index] - 0x30)
                length += 1
                index += 1
            }
            // A longer run of digits than allowed is not this field.
            if length == maxDigits, index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { return nil }
            return length > 0 ? (value, length) : nil
        }

        mutating func dateSeparator() -> UInt8? {
            guard index < bytes.count else { return nil }
            let byte = bytes[index]
            guard byte == 0x2D || byte == 0x2F || byte == 0x2E || byte == 0x20 else { return nil }
            index += 1
            return byte
        }

        mutating func expect(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// The space or `T` between date and time (several spaces are tolerated).
        mutating func skipTimeSeparator() -> Bool {
            guard index < bytes.count else { return false }
            if bytes[index] == 0x54 {
                index += 1
                return true
            }
            guard bytes[index] == 0x20 else { return false }
            skipSpaces()
            return true
        }

        mutating func monthName() -> Int? {
            var letters: [UInt8] = []
            while index < bytes.count, letters.count < 10 {
                let byte = bytes[index] | 0x20
                guard byte >= 0x61, byte <= 0x7A else { break }
                letters.append(byte)
                index += 1
            }
            guard letters.count >= 3 else { return nil }
            let names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
            let full = [
                "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
            ]
            let word = String(decoding: letters, as: UTF8.self)
            for (offset, name) in names.enumerated() where word == name || word == full[offset] || (name == "sep" && word == "sept") {
                return offset + 1
            }
            return nil
        }

        mutating func meridiem() -> Meridiem? {
            guard index + 1 < bytes.count else { return nil }
            let first = bytes[index] | 0x20
            let second = bytes[index + 1] | 0x20
            guard second == 0x6D, first == 0x61 || first == 0x70 else { return nil }
            index += 2
            return first == 0x61 ? .am : .pm
        }
    }
}
