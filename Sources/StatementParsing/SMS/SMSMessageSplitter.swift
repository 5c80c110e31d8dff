/// Cuts a paste into messages: at blank lines, and wherever a new message starts (a receipt followed by
/// `Confirmed`, or the opening of a notice such as `Dear Customer`), so messages pasted back to back with no
/// separator at all still come apart.
///
/// A byte scan rather than a regular expression over the whole paste: the paste can be megabytes, and this
/// pass runs before anything else.
enum SMSMessageSplitter {
    /// Openings of messages that carry no receipt of their own.
    static let noticeOpenings: [[UInt8]] = ["Dear Customer", "Transaction failed", "M-PESA is currently unable"].map { Array($0.utf8) }
    static let confirmed = Array("confirmed".utf8)

    /// The messages of a normalised paste (only `\n` line breaks), in order, trimmed, with their inner line
    /// breaks. Throws `tooLarge` as soon as the paste holds more than `limit` messages.
    static func split(_ text: String, limit: Int) throws(StatementParseError) -> [String] {
        let bytes = Array(text.utf8)
        var messages: [String] = []
        var start = 0
        func emit(upTo end: Int) throws(StatementParseError) {
            defer { start = end }
            guard end > start else { return }
            let message = SMSText.trim(String(decoding: bytes[start..<end], as: UTF8.self))
            guard !message.isEmpty else { return }
            messages.append(message)
            if messages.count > limit {
                throw .tooLarge("the paste holds more than \(limit) messages; paste at most \(limit) at a time")
            }
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n"), let end = blankLineEnd(bytes, from: index) {
                try emit(upTo: index)
                start = end
                index = end
                continue
            }
            if byte | 0x20 == UInt8(ascii: "c"), matchesIgnoringCase(bytes, at: index, confirmed), let receiptStart = receiptStart(bytes, before: index),
                receiptStart > start
            {
                try emit(upTo: receiptStart)
            } else if index > start, byte == UInt8(ascii: "D") || byte == UInt8(ascii: "T") || byte == UInt8(ascii: "M"),
                noticeOpenings.contains(where: { matches(bytes, at: index, $0) })
            {
                try emit(upTo: index)
            }
            index += 1
        }
        try emit(upTo: bytes.count)
        return messages
    }

    /// If a blank line (a line break, spaces, another line break) starts at `index`, where the whitespace after it ends.
    static func blankLineEnd(_ bytes: [UInt8], from index: Int) -> Int? {
        var cursor = index + 1
        while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\n") else { return nil }
        while cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\n") || bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
        return cursor
    }

    /// Where the ten-character receipt before a `Confirmed` at `index` starts, whitespace allowed in between.
    static func receiptStart(_ bytes: [UInt8], before index: Int) -> Int? {
        var end = index
        while end > 0, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        let start = end - 10
        guard start >= 0 else { return nil }
        for position in start..<end {
            let byte = bytes[position]
            guard (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
        }
        return start
    }

    static func matches(_ bytes: [UInt8], at index: Int, _ word: [UInt8]) -> Bool {
        guard index + word.count <= bytes.count else { return false }
        for offset in word.indices where bytes[index + offset] != word[offset] { return false }
        return true
    }

    /// ASCII case-insensitive match of a lower-case word.
    static func matchesIgnoringCase(_ bytes: [UInt8], at index: Int, _ word: [UInt8]) -> Bool {
        guard index + word.count <= bytes.count else { return false }
        for offset in word.indices {
            let byte = bytes[index + offset]
            let lower = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
            if lower != word[offset] { return false }
        }
        return true
    }
}
