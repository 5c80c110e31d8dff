import Categorization
import Testing

/// One row of the matching table: does `pattern` find a match in `text`?
private struct SafeRegexMatchCase: Sendable, CustomTestStringConvertible {
    let pattern: String
    let text: String
    let expected: Bool
    var caseInsensitive = true

    var testDescription: String {
        "\(pattern) \(expected ? "matches" : "does not match") \"\(text)\"\(caseInsensitive ? "" : " (case-sensitive)")"
    }
}

/// One refused pattern: where the error must point and a phrase its message must contain.
private struct SafeRegexRefusal: Sendable, CustomTestStringConvertible {
    let pattern: String
    let position: Int
    let phrase: String

    var testDescription: String { "\(pattern.prefix(40)) is refused at \(position)" }
}

/// SplitMix64: a tiny deterministic generator so the differential test explores the same patterns on every run.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random patterns over a small alphabet, built from the subset of syntax Swift's `Regex` reads the same way.
private struct RandomPatternGenerator {
    var random: SplitMix64
    let letters: [String]

    mutating func pattern() -> String {
        // Anchors are common so that a good share of texts do not match; unanchored patterns match almost anything.
        let start = chance(1, in: 2) ? "^" : ""
        let end = chance(1, in: 2) ? "$" : ""
        return start + alternation(depth: 0) + end
    }

    mutating func text(alphabet: [Character], maximumLength: Int) -> String {
        let length = Int.random(in: 0...maximumLength, using: &random)
        return String((0..<length).map { _ in alphabet.randomElement(using: &random)! })
    }

    private mutating func alternation(depth: Int) -> String {
        var result = concatenation(depth: depth)
        while chance(1, in: 4) { result += "|" + concatenation(depth: depth) }
        return result
    }

    private mutating func concatenation(depth: Int) -> String {
        (0..<Int.random(in: 1...3, using: &random)).map { _ in quantified(depth: depth) }.joined()
    }

    private mutating func quantified(depth: Int) -> String {
        let atom = atom(depth: depth)
        guard chance(1, in: 3) else { return atom }
        return atom + ["*", "+", "?", "{1,3}", "{2}", "{0,2}", "{2,}", "*?", "+?", "??", "{1,3}?"].randomElement(using: &random)!
    }

    private mutating func atom(depth: Int) -> String {
        var choices = letters + [".", "[\(letters.joined())]", "[^\(letters[0])]"]
        if depth < 2 { choices += ["(", "(?:"] }
        let choice = choices.randomElement(using: &random)!
        if choice == "(" || choice == "(?:" {
            return choice + alternation(depth: depth + 1) + ")"
        }
        return choice
    }

    private mutating func chance(_ numerator: Int, in denominator: Int) -> Bool {
        Int.random(in: 0..<denominator, using: &random) < numerator
    }
}

@Suite("SafeRegex")
struct SafeRegexTests {
    fileprivate static let matchCases: [SafeRegexMatchCase] = [
        // Anchors and search semantics.
        .init(pattern: "^pay bill.*kplc", text: "Pay Bill Online to 888880 - KPLC PREPAID", expected: true),
        .init(pattern: "^pay bill", text: "Customer Pay Bill Online", expected: false),
        .init(pattern: "prepaid$", text: "KPLC PREPAID", expected: true),
        .init(pattern: "kplc$", text: "KPLC PREPAID", expected: false),
        .init(pattern: "^$", text: "", expected: true),
        .init(pattern: "^$", text: " ", expected: false),
        .init(pattern: "bill", text: "", expected: false),
        // Alternation and groups.
        .init(pattern: "cat|dog", text: "hotdog stand", expected: true),
        .init(pattern: "cat|dog", text: "cow", expected: false),
        .init(pattern: "^(ab)+$", text: "ababab", expected: true),
        .init(pattern: "^(ab)+$", text: "ababa", expected: false),
        .init(pattern: "^(?:airtime|bundles) purchase$", text: "Bundles Purchase", expected: true),
        .init(pattern: "^(?:airtime|bundles) purchase$", text: "Bundles Purchased", expected: false),
        .init(pattern: "()", text: "", expected: true),
        .init(pattern: "a|", text: "zzz", expected: true),
        .init(pattern: "(a*)*b", text: "aab", expected: true),
        .init(pattern: "^(a*)*$", text: "aaab", expected: false),
        // Counted repeats.
        .init(pattern: "^a{3}$", text: "aaa", expected: true),
        .init(pattern: "^a{3}$", text: "aaaa", expected: false),
        .init(pattern: "^a{2,}$", text: "a", expected: false),
        .init(pattern: "^a{2,}$", text: "aaaaa", expected: true),
        .init(pattern: "^a{1,2}$", text: "aaa", expected: false),
        .init(pattern: "^a{0,2}b$", text: "b", expected: true),
        .init(pattern: "^a{0}b$", text: "b", expected: true),
        .init(pattern: "^a{0}b$", text: "ab", expected: false),
        .init(pattern: "^\\d{3}-\\d{3}$", text: "254-712", expected: true),
        // Lazy forms answer the same as greedy ones.
        .init(pattern: "^a+?$", text: "aaa", expected: true),
        .init(pattern: "a*?b", text: "aaab", expected: true),
        .init(pattern: "^a{2,3}?$", text: "aaaa", expected: false),
        .init(pattern: "^x??y$", text: "xy", expected: true),
        .init(pattern: "^a{2,}?$", text: "a", expected: false),
        // Classes.
        .init(pattern: "\\d{4}", text: "Till 5678", expected: true),
        .init(pattern: "^\\d+$", text: "12a", expected: false),
        .init(pattern: "\\D", text: "123", expected: false),
        .init(pattern: "^\\w+$", text: "mama_mboga1", expected: true),
        .init(pattern: "\\W", text: "abc", expected: false),
        .init(pattern: "\\s", text: "a b", expected: true),
        .init(pattern: "\\s", text: "a\u{00A0}b", expected: true),
        .init(pattern: "^\\S+$", text: "a b", expected: false),
        .init(pattern: "[aeiou]", text: "xyz", expected: false),
        .init(pattern: "^[a-c]+$", text: "abcabc", expected: true),
        .init(pattern: "[^0-9]", text: "123", expected: false),
        .init(pattern: "[^0-9]", text: "12x", expected: true),
        .init(pattern: "^[\\d.-]+$", text: "1.000-2", expected: true),
        .init(pattern: "^[\\d.-]+$", text: "1,000", expected: false),
        .init(pattern: "^[-a]+$", text: "a-a", expected: true),
        .init(pattern: "^[\\s\\d]+$", text: " 1 2 ", expected: true),
        .init(pattern: "^[^\\d]+$", text: "abc1", expected: false),
        // `.` and escapes.
        .init(pattern: "a.c", text: "abc", expected: true),
        .init(pattern: "a.c", text: "a\nc", expected: false),
        .init(pattern: "a\\.b", text: "axb", expected: false),
        .init(pattern: "a\\.b", text: "a.b", expected: true),
        .init(pattern: "\\(1\\)", text: "(1)", expected: true),
        .init(pattern: "ksh\\$", text: "KSH$", expected: true),
        .init(pattern: "a\\|b", text: "a|b", expected: true),
        .init(pattern: "a\\|b", text: "a", expected: false),
        .init(pattern: "\\t", text: "a\tb", expected: true),
        .init(pattern: "\\n", text: "a\nb", expected: true),
        .init(pattern: "\\r", text: "a\nb", expected: false),
        .init(pattern: "1\\/2", text: "1/2", expected: true),
        .init(pattern: "\\{x\\}", text: "{x}", expected: true),
        .init(pattern: "\\[x\\]\\*\\+\\?\\^\\\\", text: "[x]*+?^\\", expected: true),
        .init(pattern: "a}b]", text: "a}b]", expected: true),
        .init(pattern: "^a\\ b\\#\\:$", text: "a b#:", expected: true),
        // Case.
        .init(pattern: "KPLC", text: "kplc token", expected: true),
        .init(pattern: "KPLC", text: "kplc token", expected: false, caseInsensitive: false),
        .init(pattern: "kplc", text: "kplc token", expected: true, caseInsensitive: false),
        .init(pattern: "(?i)KPLC", text: "kplc", expected: true, caseInsensitive: false),
        .init(pattern: "[A-Z]", text: "k", expected: true),
        .init(pattern: "[A-Z]", text: "k", expected: false, caseInsensitive: false),
        .init(pattern: "[^a]", text: "A", expected: false),
        .init(pattern: "[^a]", text: "A", expected: true, caseInsensitive: false),
        .init(pattern: "ÉLÈVE", text: "élève", expected: true),
        .init(pattern: "ÉLÈVE", text: "élève", expected: false, caseInsensitive: false),
        // Unicode scalars are single units.
        .init(pattern: "café", text: "Chakula café Nairobi", expected: true),
        .init(pattern: "^caf.$", text: "café", expected: true),
        .init(pattern: "^.{4}$", text: "café", expected: true),
        .init(pattern: "^. sale$", text: "🎉 sale", expected: true),
        .init(pattern: "🎉", text: "Big 🎉 sale", expected: true),
        .init(pattern: "^[🎉🎁]+$", text: "🎁🎉", expected: true),
        .init(pattern: "^\\w+$", text: "café", expected: true),
        .init(pattern: "^\\w+$", text: "🎉", expected: false),
        .init(pattern: "umelipa.*kplc", text: "Umelipa Ksh1,000.00 kwa KPLC PREPAID", expected: true),
        .init(pattern: "^pesa imetumwa kwa \\w+ \\w+$", text: "Pesa imetumwa kwa JOHN KAMAU", expected: true),
        .init(pattern: "salio lako ni ksh\\d", text: "Salio lako ni Ksh1,250.00", expected: true),
        // Word boundaries.
        .init(pattern: "\\bcat\\b", text: "the cat sat", expected: true),
        .init(pattern: "\\bcat\\b", text: "concatenate", expected: false),
        .init(pattern: "\\Bcat\\B", text: "concatenate", expected: true),
        .init(pattern: "\\bduka\\b", text: "Duka la Mama", expected: true),
        .init(pattern: "\\bduka\\b", text: "Maduka", expected: false),
        .init(pattern: "\\b", text: "", expected: false),
        .init(pattern: "\\B", text: "", expected: true),
        .init(pattern: "^\\b", text: "a", expected: true),
        .init(pattern: "caf\\b", text: "café", expected: false),
        .init(pattern: "kplc\\b", text: "kplc🎉", expected: true),
        .init(pattern: "\\bmalipo\\b", text: "Malipo ya bili", expected: true),
    ]

    @Test("patterns match the texts a user would expect", arguments: matchCases)
    fileprivate func matching(_ row: SafeRegexMatchCase) throws {
        let regex = try SafeRegex(row.pattern, caseInsensitive: row.caseInsensitive)
        #expect(regex.matches(row.text) == row.expected)
    }

    fileprivate static let refusals: [SafeRegexRefusal] = [
        .init(pattern: "", position: 0, phrase: "the pattern is empty"),
        .init(pattern: "(?i)", position: 4, phrase: "the pattern is empty"),
        .init(pattern: "(abc", position: 0, phrase: "unclosed group opened here"),
        .init(pattern: "a(b(c)", position: 1, phrase: "unclosed group opened here"),
        .init(pattern: "abc)", position: 3, phrase: "unmatched )"),
        .init(pattern: "(a))", position: 3, phrase: "unmatched )"),
        .init(pattern: "x[abc", position: 1, phrase: "unclosed character class"),
        .init(pattern: "[a-", position: 0, phrase: "unclosed character class"),
        .init(pattern: "x[]", position: 1, phrase: "empty character class"),
        .init(pattern: "[^]", position: 0, phrase: "empty character class"),
        .init(pattern: "a[z-a]", position: 2, phrase: "the range z-a is reversed"),
        .init(pattern: "*abc", position: 0, phrase: "nothing to repeat"),
        .init(pattern: "a**", position: 2, phrase: "nothing to repeat"),
        .init(pattern: "a*??", position: 3, phrase: "nothing to repeat"),
        .init(pattern: "a{2}{3}", position: 4, phrase: "nothing to repeat"),
        .init(pattern: "a|*", position: 2, phrase: "nothing to repeat"),
        .init(pattern: "(+a)", position: 1, phrase: "nothing to repeat"),
        .init(pattern: "{2}", position: 0, phrase: "nothing to repeat"),
        .init(pattern: "^*", position: 1, phrase: "cannot be repeated"),
        .init(pattern: "a\\b+", position: 3, phrase: "cannot be repeated"),
        .init(pattern: "a{5,2}", position: 1, phrase: "{5,2} is reversed"),
        .init(pattern: "a{1001}", position: 2, phrase: "the repeat count 1001 is above the limit of 1000"),
        .init(pattern: "a{2,99999999999999999999}", position: 4, phrase: "above the limit of 1000"),
        .init(pattern: "a{x}", position: 1, phrase: "repeat count like {2}"),
        .init(pattern: "a{2", position: 1, phrase: "repeat count like {2}"),
        .init(pattern: "a{,3}", position: 1, phrase: "repeat count like {2}"),
        .init(pattern: "abc\\", position: 3, phrase: "ends with a lone \\"),
        .init(pattern: "[a\\", position: 2, phrase: "ends with a lone \\"),
        .init(pattern: "pay\\q", position: 3, phrase: "unknown escape \\q"),
        .init(pattern: "[\\é]", position: 1, phrase: "unknown escape \\é"),
        .init(pattern: "a\\1", position: 1, phrase: "backreferences are not supported: they need backtracking"),
        .init(pattern: "(a)\\9", position: 3, phrase: "backreferences are not supported"),
        .init(pattern: "a(?=b)", position: 1, phrase: "lookahead and lookbehind are not supported"),
        .init(pattern: "(?!b)", position: 0, phrase: "lookahead and lookbehind are not supported"),
        .init(pattern: "(?<=a)b", position: 0, phrase: "lookahead and lookbehind are not supported"),
        .init(pattern: "x(?<!a)b", position: 1, phrase: "lookahead and lookbehind are not supported"),
        .init(pattern: "(?<name>a)", position: 0, phrase: "named groups are not supported"),
        .init(pattern: "b(?P<n>a)", position: 1, phrase: "named groups are not supported"),
        .init(pattern: "(?>a)", position: 0, phrase: "(? construct is not supported"),
        .init(pattern: "(?m)a", position: 0, phrase: "(? construct is not supported"),
        .init(pattern: "a(?i)b", position: 1, phrase: "only allowed at the very start"),
        .init(pattern: "a*+", position: 2, phrase: "possessive quantifiers"),
        .init(pattern: "a++", position: 2, phrase: "possessive quantifiers"),
        .init(pattern: "a{2}+", position: 4, phrase: "possessive quantifiers"),
        .init(pattern: "a[\\b]", position: 2, phrase: "cannot be used inside [ ]"),
        .init(pattern: "[a-\\d]", position: 3, phrase: "a range cannot end at a class"),
        .init(pattern: "[\\d-z]", position: 1, phrase: "a range cannot start at a class"),
        .init(pattern: "[[:alpha:]]", position: 1, phrase: "nested classes are not supported"),
        .init(pattern: String(repeating: "a", count: 501), position: 500, phrase: "too long: 501 characters"),
        .init(pattern: String(repeating: "🎉", count: 501), position: 500, phrase: "too long"),
        .init(pattern: "(a{1000}){1000}", position: 9, phrase: "the pattern is too complex: it expands to more than 10000 steps"),
        .init(pattern: "((a{100}){10}){10}", position: 14, phrase: "too complex"),
        .init(pattern: String(repeating: "a{1000}", count: 10), position: 64, phrase: "too complex"),
        .init(pattern: "x|" + String(repeating: "(a|b){999}", count: 4), position: 27, phrase: "too complex"),
    ]

    @Test("malformed and unsupported patterns are refused at the offending position", arguments: refusals)
    fileprivate func refusal(_ row: SafeRegexRefusal) {
        do {
            _ = try SafeRegex(row.pattern)
            Issue.record("\(row.pattern) was accepted")
        } catch {
            #expect(error.position == row.position, "\(error)")
            #expect(error.message.contains(row.phrase), "\(error)")
            #expect(error.description == "at position \(error.position): \(error.message)")
        }
    }

    @Test("patterns at the size limits are accepted")
    func limits() throws {
        let longest = try SafeRegex(String(repeating: "a", count: SafeRegex.maximumPatternLength))
        #expect(longest.matches(String(repeating: "a", count: 500)))
        #expect(!longest.matches(String(repeating: "a", count: 499)))
        // 9 × 1000 + 999 scalar steps and the final match instruction: exactly maximumProgramSize.
        let biggest = try SafeRegex(String(repeating: "a{1000}", count: 9) + "b{999}")
        #expect(!biggest.matches("ab"))
        #expect(throws: SafeRegex.SyntaxError.self) {
            try SafeRegex(String(repeating: "a{1000}", count: 9) + "b{1000}")
        }
    }

    @Test("an error describes itself with its position")
    func errorDescription() {
        #expect(throws: SafeRegex.SyntaxError.self) { try SafeRegex("pay(bill") }
        do {
            _ = try SafeRegex("pay(bill")
        } catch {
            #expect(error.description == "at position 3: unclosed group opened here: add a )")
        }
    }

    @Test("regexes are equal when pattern and case sensitivity are")
    func equality() throws {
        let a = try SafeRegex("kplc")
        #expect(a == (try SafeRegex("kplc", caseInsensitive: true)))
        #expect(a != (try SafeRegex("kplc", caseInsensitive: false)))
        #expect(a != (try SafeRegex("KPLC")))
        #expect(Set([a, try SafeRegex("kplc"), try SafeRegex("zuku")]).count == 2)
        #expect(a.pattern == "kplc" && a.caseInsensitive)
    }

    @Test("random patterns agree with Swift's own Regex", arguments: [(false, 1), (true, 2)] as [(Bool, UInt64)])
    func differential(caseInsensitive: Bool, seed: UInt64) throws {
        var generator = RandomPatternGenerator(
            random: SplitMix64(state: seed), letters: caseInsensitive ? ["a", "B"] : ["a", "b"]
        )
        let alphabet: [Character] = caseInsensitive ? ["a", "A", "b", "B", "c"] : ["a", "b", "c"]
        var compared = 0
        var matched = 0
        for _ in 0..<300 {
            let pattern = generator.pattern()
            let regex = try SafeRegex(pattern, caseInsensitive: caseInsensitive)
            var reference = try Regex(pattern)
            if caseInsensitive { reference = reference.ignoresCase() }
            for length in [0, 3, 6, 10] {
                let text = generator.text(alphabet: alphabet, maximumLength: length)
                let expected = text.contains(reference)
                #expect(regex.matches(text) == expected, "\(pattern) on \"\(text)\"")
                compared += 1
                if expected { matched += 1 }
            }
        }
        // The comparison only means something if both answers come up often.
        #expect(compared == 1_200)
        #expect((240...960).contains(matched), "\(matched) of \(compared) texts matched")
    }

    @Test("patterns that make backtracking engines explode finish on a long text", arguments: [
        ("(a+)+$", false), ("(a|a)*b", false), ("(.*a){20}", true), ("^(a|aa)+$", false), ("(x+x+)+y", false),
        ("(\\w*)*!", true), ("^(a?){25}a{25}$", false),
    ] as [(String, Bool)])
    func catastrophicPatterns(pattern: String, expected: Bool) throws {
        let text = String(repeating: "a", count: 20_000) + "!"
        #expect(try SafeRegex(pattern).matches(text) == expected)
    }

    @Test("one compiled regex can be shared across concurrent tasks")
    func concurrentUse() async throws {
        let regex = try SafeRegex("^pay bill.*(kplc|zuku)")
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<32 {
                group.addTask { regex.matches(index.isMultiple(of: 2) ? "Pay Bill to ZUKU" : "Buy Goods") }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 16)
    }
}
