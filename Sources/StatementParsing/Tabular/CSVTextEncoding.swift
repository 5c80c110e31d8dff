/// The text encoding a CSV file turned out to be in, as detected from its byte order mark and its bytes.
///
/// Files exported by Excel on Windows are often Windows-1252; files edited by hand can mix UTF-8 and
/// Windows-1252 fields. Detection never fails: bytes that are not valid UTF-8 are read as Windows-1252, field by
/// field.
public enum CSVTextEncoding: String, Sendable, Equatable {
    case utf8 = "utf-8"
    case utf16LittleEndian = "utf-16le"
    case utf16BigEndian = "utf-16be"
    case windows1252 = "windows-1252"
    /// Mostly UTF-8, with some fields that were only readable as Windows-1252.
    case mixed

    /// The Unicode scalars of bytes 0x80–0x9F in Windows-1252; the five undefined bytes map to the C1 control of
    /// the same value, as the WHATWG encoding standard does.
    static let windows1252High: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// Appends the UTF-8 encoding of Windows-1252 bytes.
    static func appendWindows1252(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        for byte in bytes {
            if byte < 0x80 {
                output.append(byte)
                continue
            }
            let scalar = byte < 0xA0 ? windows1252High[Int(byte - 0x80)] : UInt16(byte)
            if scalar < 0x800 {
                output.append(UInt8(0xC0 | (scalar >> 6)))
                output.append(UInt8(0x80 | (scalar & 0x3F)))
            } else {
                output.append(UInt8(0xE0 | (scalar >> 12)))
                output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
                output.append(UInt8(0x80 | (scalar & 0x3F)))
            }
        }
    }

    /// Whether bytes are well-formed UTF-8 (no overlong forms, surrogates or scalars past U+10FFFF).
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return false
            }
            guard index + length <= count else { return false }
            let second = bytes[index + 1]
            guard second >= lower, second <= upper else { return false }
            var offset = 2
            while offset < length {
                guard bytes[index + offset] & 0xC0 == 0x80 else { return false }
                offset += 1
            }
            index += length
        }
        return true
    }

    /// Detects a UTF-16 file by its byte order mark, or by the zero bytes of ASCII text when there is none.
    static func utf16ByteOrder(of bytes: UnsafeBufferPointer<UInt8>) -> (encoding: CSVTextEncoding, bomLength: Int)? {
        if bytes.count >= 2 {
            if bytes[0] == 0xFF, bytes[1] == 0xFE { return (.utf16LittleEndian, 2) }
            if bytes[0] == 0xFE, bytes[1] == 0xFF { return (.utf16BigEndian, 2) }
        }
        // Without a BOM: ASCII-heavy UTF-16 has a zero in every other byte of its first characters.
        let probe = min(bytes.count, 64) & ~1
        guard probe >= 8 else { return nil }
        var evenZeros = 0
        var oddZeros = 0
        for index in 0..<probe where bytes[index] == 0 {
            if index % 2 == 0 { evenZeros += 1 } else { oddZeros += 1 }
        }
        let pairs = probe / 2
        if oddZeros == pairs, evenZeros == 0 { return (.utf16LittleEndian, 0) }
        if evenZeros == pairs, oddZeros == 0 { return (.utf16BigEndian, 0) }
        return nil
    }

    /// Transcodes UTF-16 bytes to UTF-8; unpaired surrogates and a dangling odd byte become U+FFFD.
    static func transcodeUTF16(_ bytes: UnsafeBufferPointer<UInt8>, bigEndian: Bool) -> [UInt8] {
        let unitCount = bytes.count / 2
        var units = [UInt16](repeating: 0, count: unitCount + (bytes.count % 2))
        for index in 0..<unitCount {
            let first = UInt16(bytes[2 * index])
            let second = UInt16(bytes[2 * index + 1])
            units[index] = bigEndian ? (first << 8 | second) : (second << 8 | first)
        }
        if bytes.count % 2 == 1 { units[unitCount] = 0xFFFD }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }
}
