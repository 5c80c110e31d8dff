/// A decimal number read exactly from its text (`-1234.5`, `45483.5625`, `1.2345E3`), for numeric spreadsheet
/// cells: amounts must never pass through `Double`, so the digits are kept and scaled by hand.
struct TabularDecimal: Sendable, Equatable {
    var negative: Bool
    /// The digits before the decimal point, without leading zeros (empty for zero).
    var integerDigits: [UInt8]
    /// The digits after the decimal point, without trailing zeros.
    var fractionDigits: [UInt8]

    /// Parses `[+-]digits[.digits][(e|E)[+-]digits]` with optional surrounding spaces; nil for anything else.
    init?(_ text: some StringProtocol) {
        var bytes = Array(text.utf8)
        while let last = bytes.last, last == 0x20 { bytes.removeLast() }
        var index = 0
        while index < bytes.count, bytes[index] == 0x20 { index += 1 }
        guard index < bytes.count else { return nil }
        var negative = false
        if bytes[index] == 0x2D || bytes[index] == 0x2B {
            negative = bytes[index] == 0x2D
            index += 1
        }
        var mantissa: [UInt8] = []
        var pointOffset: Int?
        var sawDigit = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 0x30, byte <= 0x39 {
                mantissa.append(byte - 0x30)
                sawDigit = true
            } else if byte == 0x2E, pointOffset == nil {
                pointOffset = mantissa.count
            } else {
                break
            }
            index += 1
        }
        guard sawDigit else { return nil }
        var exponent = 0
        if index < bytes.count, bytes[index] == 0x45 || bytes[index] == 0x65 {
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == 0x2D || bytes[index] == 0x2B {
                exponentNegative = bytes[index] == 0x2D
                index += 1
            }
            var exponentDigits = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                exponent = exponent * 10 + Int(bytes[index] - 0x30)
                exponentDigits += 1
                guard exponent <= 400 else { return nil }
                index += 1
            }
            guard exponentDigits > 0 else { return nil }
            if exponentNegative { exponent = -exponent }
        }
        guard index == bytes.count, mantissa.count <= 400 else { return nil }
        // The decimal point sits `integerCount` digits into the mantissa (may be negative or past the end).
        let integerCount = (pointOffset ?? mantissa.count) + exponent
        var integerDigits: [UInt8]
        var fractionDigits: [UInt8]
        if integerCount <= 0 {
            integerDigits = []
            fractionDigits = [UInt8](repeating: 0, count: -integerCount) + mantissa
        } else if integerCount >= mantissa.count {
            integerDigits = mantissa + [UInt8](repeating: 0, count: integerCount - mantissa.count)
            fractionDigits = []
        } else {
            integerDigits = Array(mantissa[..<integerCount])
            fractionDigits = Array(mantissa[integerCount...])
        }
        while let first = integerDigits.first, first == 0 { integerDigits.removeFirst() }
        while let last = fractionDigits.last, last == 0 { fractionDigits.removeLast() }
        self.negative = negative && !(integerDigits.isEmpty && fractionDigits.isEmpty)
        self.integerDigits = integerDigits
        self.fractionDigits = fractionDigits
    }

    /// The value times 10^places as a whole number, and the digits that did not fit; nil if it overflows Int64.
    func scaled(byPlaces places: Int) -> (magnitude: Int64, discarded: ArraySlice<UInt8>)? {
        guard integerDigits.count + places <= 18 else { return nil }
        var value: Int64 = 0
        for digit in integerDigits { value = value * 10 + Int64(digit) }
        for offset in 0..<places {
            value = value * 10 + Int64(offset < fractionDigits.count ? fractionDigits[offset] : 0)
        }
        let discarded = places < fractionDigits.count ? fractionDigits[places...] : []
        return (value, discarded)
    }

    /// The value in cents. Digits past the cents are accepted only when they are binary floating-point noise
    /// (`1234.5599999999999`, `0.10000000000000001`); a real third decimal (`0.125`) makes the amount unreadable.
    var cents: Int64? {
        guard let (magnitude, discarded) = scaled(byPlaces: 2) else { return nil }
        var value = magnitude
        if !discarded.isEmpty {
            let head = discarded.prefix(6)
            if head.count >= 6, head.allSatisfy({ $0 == 9 }) {
                value += 1
            } else if !(head.count >= 6 && head.allSatisfy({ $0 == 0 })) {
                return nil
            }
        }
        return negative ? -value : value
    }

    /// Whole days and the seconds of the day (rounded to the nearest second), for an Excel serial.
    var serialDaysAndSeconds: (days: Int64, seconds: Int64)? {
        guard !negative, let (days, discarded) = scaled(byPlaces: 0) else { return nil }
        var fraction: Int64 = 0
        for offset in 0..<12 {
            fraction = fraction * 10 + Int64(offset < discarded.count ? discarded[discarded.startIndex + offset] : 0)
        }
        let seconds = (fraction * 86_400 + 500_000_000_000) / 1_000_000_000_000
        return seconds >= 86_400 ? (days + 1, 0) : (days, seconds)
    }
}
