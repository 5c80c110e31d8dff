extension SafeRegex {
    /// Zero-width tests the VM checks between two scalars.
    enum Assertion: Sendable, Hashable {
        case textStart, textEnd, wordBoundary, notWordBoundary
    }

    /// A node of the pattern's syntax tree. `position` is where the node starts in the pattern, or for a repeat
    /// where its quantifier starts, so the compiler can still point at the pattern when a repeat expands too far.
    struct Node: Sendable {
        indirect enum Kind: Sendable {
            case empty
            case scalar(Unicode.Scalar)
            case anyExceptNewline
            case scalarClass(ScalarClass)
            case assertion(Assertion)
            case concatenation([Node])
            case alternation([Node])
            /// `maximum == nil` is unbounded. Laziness is dropped: it changes which match is found, never whether.
            case repetition(Node, minimum: Int, maximum: Int?)
        }

        var kind: Kind
        var position: Int
    }

    /// Recursive-descent parser from pattern text to `Node`. Nesting depth is bounded by `maximumPatternLength`,
    /// so recursion here cannot exhaust the stack.
    struct Parser {
        static let maximumRepeatCount = 1000

        private let scalars: [Unicode.Scalar]
        private var index = 0

        private init(_ pattern: String) {
            scalars = Array(pattern.unicodeScalars)
        }

        static func parse(_ pattern: String) throws(SyntaxError) -> (root: Node, inlineCaseInsensitive: Bool) {
            // Counted before copying, so a megabyte-long pattern is refused without allocating for it.
            let count = pattern.unicodeScalars.count
            if count > SafeRegex.maximumPatternLength {
                throw SyntaxError(
                    position: SafeRegex.maximumPatternLength,
                    "the pattern is too long: \(count) characters, the limit is \(SafeRegex.maximumPatternLength)"
                )
            }
            var parser = Parser(pattern)
            let inlineCaseInsensitive = parser.scalars.starts(with: ["(", "?", "i", ")"])
            if inlineCaseInsensitive { parser.index = 4 }
            if parser.index == count {
                throw SyntaxError(position: parser.index, "the pattern is empty")
            }
            let root = try parser.parseAlternation()
            if parser.index < count {
                // parseAlternation stops only at the end or at a `)` it has no group for.
                throw SyntaxError(position: parser.index, "unmatched ): there is no open group to close")
            }
            return (root, inlineCaseInsensitive)
        }

        private var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        private func scalar(at offset: Int) -> Unicode.Scalar? {
            offset < scalars.count ? scalars[offset] : nil
        }

        private mutating func parseAlternation() throws(SyntaxError) -> Node {
            let start = index
            var branches = [try parseConcatenation()]
            while peek == "|" {
                index += 1
                branches.append(try parseConcatenation())
            }
            return branches.count == 1 ? branches[0] : Node(kind: .alternation(branches), position: start)
        }

        private mutating func parseConcatenation() throws(SyntaxError) -> Node {
            let start = index
            var items: [Node] = []
            while let next = peek, next != "|", next != ")" {
                let atom = try parseAtom()
                items.append(try parseQuantifier(applyingTo: atom.node, isAssertion: atom.isAssertion))
            }
            switch items.count {
            case 0: return Node(kind: .empty, position: start)
            case 1: return items[0]
            default: return Node(kind: .concatenation(items), position: start)
            }
        }

        private mutating func parseAtom() throws(SyntaxError) -> (node: Node, isAssertion: Bool) {
            let start = index
            let current = scalars[index]
            switch current {
            case "*", "+", "?":
                throw SyntaxError(position: start, "nothing to repeat before \(current): write \\\(current) to match it literally")
            case "{":
                _ = try parseCount()
                throw SyntaxError(position: start, "nothing to repeat before the count {…}: put it after the part to repeat")
            case "(":
                return (try parseGroup(), false)
            case "[":
                return (Node(kind: .scalarClass(try parseBracketClass()), position: start), false)
            case ".":
                index += 1
                return (Node(kind: .anyExceptNewline, position: start), false)
            case "^":
                index += 1
                return (Node(kind: .assertion(.textStart), position: start), true)
            case "$":
                index += 1
                return (Node(kind: .assertion(.textEnd), position: start), true)
            case "\\":
                switch try parseEscape(insideClass: false) {
                case .scalar(let scalar):
                    return (Node(kind: .scalar(scalar), position: start), false)
                case .shorthand(let shorthand, let negated):
                    return (Node(kind: .scalarClass(ScalarClass(shorthand, negated: negated)), position: start), false)
                case .assertion(let assertion):
                    return (Node(kind: .assertion(assertion), position: start), true)
                }
            default:
                index += 1
                return (Node(kind: .scalar(current), position: start), false)
            }
        }

        private mutating func parseQuantifier(applyingTo atom: Node, isAssertion: Bool) throws(SyntaxError) -> Node {
            guard let next = peek else { return atom }
            let start = index
            let bounds: (minimum: Int, maximum: Int?)
            switch next {
            case "*": index += 1; bounds = (0, nil)
            case "+": index += 1; bounds = (1, nil)
            case "?": index += 1; bounds = (0, 1)
            case "{": bounds = try parseCount()
            default: return atom
            }
            if isAssertion {
                throw SyntaxError(position: start, "an anchor or \\b takes up no characters, so it cannot be repeated")
            }
            switch peek {
            case "?":
                index += 1
            case "+":
                throw SyntaxError(position: index, "possessive quantifiers like *+ and ++ are not supported: drop the +")
            default:
                break
            }
            if let after = peek, after == "*" || after == "+" || after == "?" || after == "{" {
                throw SyntaxError(position: index, "nothing to repeat: a quantifier cannot follow another quantifier")
            }
            return Node(kind: .repetition(atom, minimum: bounds.minimum, maximum: bounds.maximum), position: start)
        }

        /// Parses `{n}`, `{n,}` or `{n,m}` at `index`. A `{` that starts none of these is an error rather than a
        /// literal brace, so a typo like `{2.5}` is reported instead of silently matching text.
        private mutating func parseCount() throws(SyntaxError) -> (minimum: Int, maximum: Int?) {
            let open = index
            let malformed = SyntaxError(
                position: open, "{ must start a repeat count like {2}, {2,} or {2,5}: write \\{ to match a brace"
            )
            index += 1
            guard let minimum = try parseNumber() else { throw malformed }
            if peek == "}" {
                index += 1
                return (minimum, minimum)
            }
            guard peek == "," else { throw malformed }
            index += 1
            if peek == "}" {
                index += 1
                return (minimum, nil)
            }
            guard let maximum = try parseNumber(), peek == "}" else { throw malformed }
            index += 1
            if minimum > maximum {
                throw SyntaxError(
                    position: open, "the repeat count {\(minimum),\(maximum)} is reversed: the smaller number goes first"
                )
            }
            return (minimum, maximum)
        }

        private mutating func parseNumber() throws(SyntaxError) -> Int? {
            let start = index
            var value = 0
            while let digit = peek, ("0"..."9").contains(digit) {
                value = min(value * 10 + Int(digit.value - 0x30), 1_000_000)
                index += 1
            }
            guard index > start else { return nil }
            if value > Self.maximumRepeatCount {
                let digits = String(String.UnicodeScalarView(scalars[start..<index]))
                throw SyntaxError(
                    position: start, "the repeat count \(digits) is above the limit of \(Self.maximumRepeatCount)"
                )
            }
            return value
        }

        private mutating func parseGroup() throws(SyntaxError) -> Node {
            let open = index
            index += 1
            if peek == "?" {
                try skipGroupExtension(openedAt: open)
            }
            var inner = try parseAlternation()
            guard peek == ")" else {
                throw SyntaxError(position: open, "unclosed group opened here: add a )")
            }
            index += 1
            switch inner.kind {
            case .concatenation, .alternation, .empty: inner.position = open
            default: break
            }
            return inner
        }

        /// Accepts `(?:` and refuses every other `(?` construct with a message naming it.
        private mutating func skipGroupExtension(openedAt open: Int) throws(SyntaxError) {
            let kind = scalar(at: open + 2)
            switch kind {
            case ":":
                index = open + 3
            case "=", "!":
                throw SyntaxError(position: open, "lookahead and lookbehind are not supported: they need backtracking")
            case "<" where scalar(at: open + 3) == "=" || scalar(at: open + 3) == "!":
                throw SyntaxError(position: open, "lookahead and lookbehind are not supported: they need backtracking")
            case "<", "P", "'":
                throw SyntaxError(position: open, "named groups are not supported: use ( ) or (?: )")
            case "i" where scalar(at: open + 3) == ")":
                throw SyntaxError(position: open, "the (?i) flag is only allowed at the very start of the pattern")
            default:
                throw SyntaxError(position: open, "this (? construct is not supported: only (?: ) and a leading (?i) are")
            }
        }

        private mutating func parseBracketClass() throws(SyntaxError) -> ScalarClass {
            let open = index
            index += 1
            let negated = peek == "^"
            if negated { index += 1 }
            var result = ScalarClass(negated: negated)
            while true {
                guard let next = peek else {
                    throw SyntaxError(position: open, "unclosed character class opened here: add a ]")
                }
                if next == "]" {
                    if result.isEmpty {
                        throw SyntaxError(position: open, "empty character class: [] matches nothing; write \\] to match ]")
                    }
                    index += 1
                    return result
                }
                let itemStart = index
                let item = try parseClassItem()
                let startsRange = peek == "-" && scalar(at: index + 1) != nil && scalar(at: index + 1) != "]"
                switch item {
                case .scalar(let lower) where startsRange:
                    index += 1
                    let upperStart = index
                    guard case .scalar(let upper) = try parseClassItem() else {
                        throw SyntaxError(position: upperStart, "a range cannot end at a class like \\d: write \\- for a dash")
                    }
                    guard lower <= upper else {
                        throw SyntaxError(
                            position: itemStart, "the range \(lower)-\(upper) is reversed: write \(upper)-\(lower)"
                        )
                    }
                    result.insert(lower...upper)
                case .scalar(let scalar):
                    result.insert(scalar)
                case .shorthand where startsRange:
                    throw SyntaxError(position: itemStart, "a range cannot start at a class like \\d: write \\- for a dash")
                case .shorthand(let shorthand, let negated):
                    result.insert(shorthand, negated: negated)
                case .assertion:
                    // parseEscape refuses \b and \B inside a class.
                    break
                }
            }
        }

        private mutating func parseClassItem() throws(SyntaxError) -> Escape {
            let current = scalars[index]
            switch current {
            case "\\":
                return try parseEscape(insideClass: true)
            case "[":
                throw SyntaxError(position: index, "nested classes are not supported: write \\[ to match [ inside [ ]")
            default:
                index += 1
                return .scalar(current)
            }
        }

        enum Escape {
            case scalar(Unicode.Scalar)
            case shorthand(ScalarClass.Shorthand, negated: Bool)
            case assertion(Assertion)
        }

        private mutating func parseEscape(insideClass: Bool) throws(SyntaxError) -> Escape {
            let start = index
            index += 1
            guard let escaped = peek else {
                throw SyntaxError(position: start, "the pattern ends with a lone \\: write \\\\ to match a backslash")
            }
            index += 1
            switch escaped {
            case "d": return .shorthand(.digit, negated: false)
            case "D": return .shorthand(.digit, negated: true)
            case "w": return .shorthand(.word, negated: false)
            case "W": return .shorthand(.word, negated: true)
            case "s": return .shorthand(.space, negated: false)
            case "S": return .shorthand(.space, negated: true)
            case "t": return .scalar("\t")
            case "n": return .scalar("\n")
            case "r": return .scalar("\r")
            case "b", "B":
                if insideClass {
                    throw SyntaxError(position: start, "\\\(escaped) is a word-boundary test and cannot be used inside [ ]")
                }
                return .assertion(escaped == "b" ? .wordBoundary : .notWordBoundary)
            case "1"..."9":
                throw SyntaxError(position: start, "backreferences are not supported: they need backtracking")
            default:
                // Any escaped ASCII punctuation or space is that character, as in every regex dialect users know.
                let isLetterOrDigit = ("a"..."z").contains(escaped) || ("A"..."Z").contains(escaped)
                    || ("0"..."9").contains(escaped)
                if (" "..."~").contains(escaped) && !isLetterOrDigit {
                    return .scalar(escaped)
                }
                throw SyntaxError(
                    position: start, "unknown escape \\\(escaped): remove the \\, or write \\\\ to match a backslash"
                )
            }
        }
    }
}
