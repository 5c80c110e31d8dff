import Foundation

/// A regular expression compiled once, with the small matching API the SMS reader needs.
///
/// `NSRegularExpression` rather than Swift `Regex`: on Linux the ICU engine is several times faster for these
/// patterns, and a paste of 10,000 messages runs a few of them per message.
struct SMSPattern: Sendable {
    let expression: NSRegularExpression

    /// Compiles a pattern that is a constant of this module; a typo is a programming error caught by the tests.
    init(_ pattern: String, caseInsensitive: Bool = true) {
        do {
            expression = try NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
        } catch {
            preconditionFailure("invalid SMS pattern \(pattern): \(error)")
        }
    }

    /// A match that starts at the beginning of `text`.
    func prefixMatch(_ text: String) -> Match? {
        expression.firstMatch(in: text, options: [.anchored], range: NSRange(location: 0, length: text.utf16.count))
            .map { Match(result: $0, text: text) }
    }

    /// A match of all of `text`.
    func wholeMatch(_ text: String) -> Match? {
        let length = text.utf16.count
        guard let result = expression.firstMatch(in: text, options: [.anchored], range: NSRange(location: 0, length: length)),
            NSMaxRange(result.range) == length
        else { return nil }
        return Match(result: result, text: text)
    }

    /// The first match anywhere in `text`.
    func firstMatch(in text: String) -> Match? {
        expression.firstMatch(in: text, options: [], range: NSRange(location: 0, length: text.utf16.count))
            .map { Match(result: $0, text: text) }
    }

    /// One match and the text it was found in.
    struct Match {
        let result: NSTextCheckingResult
        let text: String

        /// The text of capture group `index`, nil when the group did not take part in the match.
        subscript(index: Int) -> String? {
            guard let range = Range(result.range(at: index), in: text) else { return nil }
            return String(text[range])
        }

        /// The text after the match.
        var suffix: Substring {
            guard let range = Range(result.range, in: text) else { return "" }
            return text[range.upperBound...]
        }
    }
}
