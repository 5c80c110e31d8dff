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

    /// The rest of the string after a case-insensitive prefix, or nil.
    func dropPrefixIgnoringCase(_ prefix: String) -> Substring? {
        guard hasPrefixIgnoringCase(prefix) else { return nil }
        let utf8 = Substring(self).utf8
        return Substring(utf8.dropFirst(prefix.utf8.count))
    }
}
