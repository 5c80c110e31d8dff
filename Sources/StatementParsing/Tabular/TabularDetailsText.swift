/// Joins the lines of a wrapped Details cell into one line (formats reference §1.6): whitespace runs collapse to
/// one space, and a line ending in a letter followed by `-` (`Co-⏎operative`) joins without a space, while
/// ` -⏎` (space before the dash) keeps it.
enum TabularDetailsText {
    static func joined(_ raw: String) -> String {
        // Fast path: a single line with single spaces is already joined.
        var needsWork = false
        var previousWasSpace = true
        for byte in raw.utf8 {
            let isSpace = byte == 0x20
            if byte == 0x0A || byte == 0x0D || byte == 0x09 || byte >= 0x80 || (isSpace && previousWasSpace) {
                needsWork = true
                break
            }
            previousWasSpace = isSpace
        }
        if !needsWork, !previousWasSpace || raw.isEmpty { return raw }

        var result = ""
        result.reserveCapacity(raw.utf8.count)
        var lines: [Substring] = []
        var current = raw[...]
        while let breakIndex = current.firstIndex(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            lines.append(current[..<breakIndex])
            current = current[current.index(after: breakIndex)...]
        }
        lines.append(current)
        for line in lines {
            let words = line.split(whereSeparator: { $0.isWhitespace })
            guard !words.isEmpty else { continue }
            if !result.isEmpty {
                let scalars = result.unicodeScalars
                let endsWithLetterDash = scalars.last == "-" && scalars.count >= 2
                    && scalars[scalars.index(before: scalars.index(before: scalars.endIndex))].properties.isAlphabetic
                if !endsWithLetterDash { result.append(" ") }
            }
            result.append(words.joined(separator: " "))
        }
        return result
    }
}
