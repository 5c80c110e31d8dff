import Foundation

/// Text clean-up shared by every reader: whitespace collapsing, the asterisk glyphs extractors substitute
/// (PDFBox/PDFKit print `•`, `∗`, `●` … for `*`), and case-insensitive prefix tests.
public enum TextNormalization {
    /// Glyphs seen in place of `*` in masked phone numbers (§1.9 of the formats reference).
    static let asteriskLookalikes: Set<Character> = [
        "\u{2022}", "\u{2217}", "\u{2731}", "\u{066D}", "\u{2023}", "\u{25CF}", "\u{2219}", "\u{00B7}", "\u{2024}", "\u{2027}",
    ]

    /// Collapses runs of whitespace (including newlines and NBSP) to one space, trims, and maps asterisk
    /// look-alikes to `*`.
    public static func collapse(_ text: some StringProtocol) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for character in text {
            if character.isWhitespace || character == "\u{00A0}" {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.append(" ")
                pendingSpace = false
            }
            result.append(asteriskLookalikes.contains(character) ? "*" : character)
        }
        return result
    }

    /// Joins a cell whose wrapped lines are separated by line breaks; a cell already on one line with single
    /// spaces comes back untouched without allocating (the common case in exports).
    public static func joinWrapped(text: String) -> String {
        var needsWork = false
        var previousWasSpace = true
        for byte in text.utf8 {
            let isSpace = byte == 0x20
            if byte == 0x0A || byte == 0x0D || byte == 0x09 || byte >= 0x80 || (isSpace && previousWasSpace) {
                needsWork = true
                break
            }
            previousWasSpace = isSpace
        }
        if !needsWork, !previousWasSpace || text.isEmpty { return text }
        return joinWrapped(text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).map(String.init))
    }

    /// Joins wrapped Details lines (§1.6): a line ending in a letter followed by `-` joins the next without a
    /// space (`Co-` + `operative`); everything else joins with one space.
    public static func joinWrapped(_ lines: [String]) -> String {
        var result = ""
        for line in lines {
            let piece = collapse(line)
            guard !piece.isEmpty else { continue }
            if result.isEmpty {
                result = piece
            } else if result.hasSuffix("-"), result.count >= 2,
                result[result.index(result.endIndex, offsetBy: -2)].isLetter
            {
                result += piece
            } else {
                result += " " + piece
            }
        }
        return result
    }
}

extension StringProtocol {
    /// Case-insensitive ASCII prefix test without allocating a lower-cased copy.
    func hasPrefixIgnoringCase(_ prefix: String) -> Bool {
        var iterator = self.utf8.makeIterator()
        for expected in prefix.utf8 {
            guard let actual = iterator.next() else { return false }
            if actual == expected { continue }
            let lowerActual = (65...90).contains(actual) ? actual + 32 : actual
            let lowerExpected = (65...90).contains(expected) ? expected + 32 : expected
            if lowerActual != lowerExpected { return false }
        }
        return true
    }

    /// Case-insensitive ASCII suffix test without allocating.
    func hasSuffixIgnoringCase(_ suffix: String) -> Bool {
        let mine = Array(self.utf8.suffix(suffix.utf8.count))
        guard mine.count == suffix.utf8.count else { return false }
        for (actual, expected) in zip(mine, suffix.utf8) {
            let a = (65...90).contains(actual) ? actual + 32 : actual
            let e = (65...90).contains(expected) ? expected + 32 : expected
            if a != e { return false }
        }
        return true
    }

    /// Whether the string contains `needle`, ASCII case-insensitively, scanning bytes.
    func containsIgnoringCase(_ needle: String) -> Bool {
        Substring(self).rangeIgnoringCase(needle) != nil
    }

    /// The rest of the string after a case-insensitive prefix, or nil.
    func dropPrefixIgnoringCase(_ prefix: String) -> Substring? {
        guard hasPrefixIgnoringCase(prefix) else { return nil }
        let utf8 = Substring(self).utf8
        return Substring(utf8.dropFirst(prefix.utf8.count))
    }
}

extension Substring {
    /// The first (or last) range of `needle`, ASCII case-insensitively, found by scanning UTF-8 bytes: the
    /// classifier's hot path, where Foundation's `range(of:options:)` costs more than the rest of a row.
    func rangeIgnoringCase(_ needle: String, backwards: Bool = false) -> Range<String.Index>? {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty else { return nil }
        @inline(__always) func lower(_ byte: UInt8) -> UInt8 { (65...90).contains(byte) ? byte + 32 : byte }
        let lowered = pattern.map(lower)
        return utf8.withContiguousStorageIfAvailable { buffer -> Range<String.Index>? in
            guard buffer.count >= lowered.count else { return nil }
            let last = buffer.count - lowered.count
            var candidates = stride(from: 0, through: last, by: 1).makeIterator()
            var reverse = stride(from: last, through: 0, by: -1).makeIterator()
            while let start = backwards ? reverse.next() : candidates.next() {
                var matched = true
                for offset in 0..<lowered.count where lower(buffer[start + offset]) != lowered[offset] {
                    matched = false
                    break
                }
                if matched {
                    let lowerIndex = utf8.index(utf8.startIndex, offsetBy: start)
                    let upperIndex = utf8.index(lowerIndex, offsetBy: lowered.count)
                    return lowerIndex..<upperIndex
                }
            }
            return nil
        } ?? range(of: needle, options: backwards ? [.caseInsensitive, .backwards] : .caseInsensitive)
    }
}
