/// Text clean-up for pasted SMS: line endings, control characters and the asterisk look-alikes phones and
/// extractors substitute in masked numbers, then whitespace collapsing for the Details column.
enum SMSText {
    /// `\r\n` and lone `\r` become `\n`; other control and format characters (NUL, BOM, zero-width space, …)
    /// and Unicode spaces (no-break space, …) become a plain space, so binary noise cannot glue words together
    /// or hide inside a receipt; asterisk look-alikes become `*`. ASCII takes a fast path: Unicode property
    /// look-ups dominate otherwise.
    static func normalise(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var previousWasCarriageReturn = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            defer { previousWasCarriageReturn = value == 0x0D }
            if value < 0x80 {
                switch value {
                case 0x0D: bytes.append(0x0A)
                case 0x0A: if !previousWasCarriageReturn { bytes.append(0x0A) }
                case 0x00..<0x20, 0x7F: bytes.append(0x20)
                default: bytes.append(UInt8(value))
                }
            } else if isAsteriskLookalike(value) {
                bytes.append(UInt8(ascii: "*"))
            } else {
                switch scalar.properties.generalCategory {
                case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator: bytes.append(0x20)
                default: bytes.append(contentsOf: scalar.utf8)
                }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Glyphs seen in place of `*` in masked phone numbers (formats reference §1.9).
    static func isAsteriskLookalike(_ value: UInt32) -> Bool {
        switch value {
        case 0x2022, 0x2217, 0x2731, 0x066D, 0x2023, 0x25CF, 0x2219, 0x00B7, 0x2024, 0x2027: true
        default: false
        }
    }

    /// Collapses every run of whitespace (newlines and no-break spaces included) to one space and trims the ends.
    static func collapse(_ text: some StringProtocol) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let isWhitespace = value < 0x80 ? (value == 0x20 || (0x09...0x0D).contains(value)) : scalar.properties.isWhitespace
            if isWhitespace {
                pendingSpace = !bytes.isEmpty
                continue
            }
            if pendingSpace {
                bytes.append(0x20)
                pendingSpace = false
            }
            if value < 0x80 {
                bytes.append(UInt8(value))
            } else {
                bytes.append(contentsOf: scalar.utf8)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Trims whitespace at both ends, keeping the inner line breaks.
    static func trim(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(text[first...last])
    }

    /// The start of a text for a finding's message: at most `limit` characters, on one line.
    static func excerpt(_ text: String, limit: Int = 60) -> String {
        let line = collapse(text)
        return line.count <= limit ? line : String(line.prefix(limit)) + "…"
    }
}
