/// A regular expression compiled for linear-time matching (no backtracking): safe to run on untrusted patterns.
///
/// Users write categorisation rules such as `details matches ^pay bill.*kplc`. A backtracking engine can take
/// exponential time on patterns like `(a+)+$`, so one careless rule could stall the categoriser for every tenant.
/// `SafeRegex` compiles to a Thompson NFA and runs it as a Pike VM: matching costs at most
/// O(text length × program size), and both factors are bounded (`maximumPatternLength`, `maximumProgramSize`).
/// Matching is over Unicode scalars, so an emoji or an accented letter is one unit for `.` and counts.
public struct SafeRegex: Sendable, Hashable {
    public let pattern: String
    public let caseInsensitive: Bool
    let program: Program

    /// Parses and compiles `pattern`; a leading `(?i)` turns on case-insensitive matching as well.
    public init(_ pattern: String, caseInsensitive: Bool = true) throws(SafeRegex.SyntaxError) {
        let parsed = try Parser.parse(pattern)
        self.pattern = pattern
        self.caseInsensitive = caseInsensitive
        self.program = try Program(compiling: parsed.root, caseInsensitive: caseInsensitive || parsed.inlineCaseInsensitive)
    }

    /// True when the pattern matches anywhere in `text` (search semantics; `^`/`$` anchor to the text's start/end).
    public func matches(_ text: String) -> Bool {
        program.matches(text)
    }

    public static func == (lhs: SafeRegex, rhs: SafeRegex) -> Bool {
        lhs.pattern == rhs.pattern && lhs.caseInsensitive == rhs.caseInsensitive
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(pattern)
        hasher.combine(caseInsensitive)
    }

    /// Why a pattern was refused, and where: rule editors show `description` next to the pattern.
    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        /// 0-based offset of the offending character, counted in Unicode scalars of the pattern.
        public let position: Int
        public let message: String

        public var description: String { "at position \(position): \(message)" }

        init(position: Int, _ message: String) {
            self.position = position
            self.message = message
        }
    }

    /// Longest accepted pattern, in Unicode scalars.
    public static let maximumPatternLength = 500
    /// Most instructions a compiled pattern may have; counted repeats are expanded, so this bounds their nesting.
    public static let maximumProgramSize = 10_000
}
