import Categorization
import Foundation
import MPesaCore

/// The categorizer's evaluation set (`Benchmarks/data/categorization-eval.jsonl`, one labelled transaction per line)
/// read the way production would see it: each Details string goes through the parser's Details classifier, so the
/// benchmark and the regression tests measure the categorizer on exactly the inputs it gets in service.
public struct CategorizationEvaluationSet: Sendable {
    /// The labelled rows, in file order.
    public var transactions: [LabelledTransaction]
    /// `transactions` as the categorizer's inputs (ids `eval-<line>`).
    public var inputs: [CategorizationInput]
    /// The true category of each input.
    public var truths: [String]

    public init(transactions: [LabelledTransaction]) {
        self.transactions = transactions
        self.inputs = transactions.enumerated().map { CategorizationTraining.input($0.element, id: "eval-\($0.offset + 1)") }
        self.truths = transactions.map(\.category)
    }

    public var count: Int { transactions.count }

    /// Every `stride`-th row, starting with the first: a smaller set with the same mix (for debug-build tests).
    public func sampled(every stride: Int) -> CategorizationEvaluationSet {
        CategorizationEvaluationSet(transactions: Swift.stride(from: 0, to: transactions.count, by: max(stride, 1)).map { transactions[$0] })
    }

    /// Reads a JSONL file of `details`, `direction` ("in"/"out"), `amount_cents`, `local_time` and `category`.
    public static func read(contentsOf url: URL) throws(CategorizationEvaluationSetError) -> CategorizationEvaluationSet {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: url.path, reason: "\(error.localizedDescription)")
        }
        return try parse(data)
    }

    /// Parses JSONL text; blank lines are skipped, anything else that is not a labelled row is an error naming its line.
    public static func parse(_ data: Data) throws(CategorizationEvaluationSetError) -> CategorizationEvaluationSet {
        let decoder = JSONDecoder()
        var transactions: [LabelledTransaction] = []
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            guard line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\t") }) else { continue }
            let row: Row
            do {
                row = try decoder.decode(Row.self, from: Data(line))
            } catch {
                throw .malformedLine(line: lineNumber, reason: Self.describe(error))
            }
            guard row.amountCents > 0 else { throw .malformedLine(line: lineNumber, reason: "amount_cents must be a positive magnitude, not \(row.amountCents)") }
            guard !row.category.isEmpty else { throw .malformedLine(line: lineNumber, reason: "category is empty") }
            transactions.append(
                LabelledTransaction(details: row.details, direction: row.direction, amountCents: row.amountCents, localTime: row.localTime, category: row.category)
            )
        }
        guard !transactions.isEmpty else { throw .empty }
        return CategorizationEvaluationSet(transactions: transactions)
    }

    /// One line of the file (also what the benchmark writes for the Python reference); JSON keys are snake_case.
    public struct Row: Codable, Sendable {
        public var details: String
        public var direction: Direction
        public var amountCents: Int64
        public var localTime: LocalDateTime
        public var category: String

        public init(_ item: LabelledTransaction) {
            details = item.details
            direction = item.direction
            amountCents = item.amountCents
            localTime = item.localTime
            category = item.category
        }

        enum CodingKeys: String, CodingKey {
            case details, direction, category
            case amountCents = "amount_cents"
            case localTime = "local_time"
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "the field `\(key.stringValue)` is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "`\(context.codingPath.map(\.stringValue).joined(separator: "."))` has the wrong type"
        case DecodingError.dataCorrupted(let context):
            context.codingPath.isEmpty ? "not a JSON object" : "`\(context.codingPath.map(\.stringValue).joined(separator: "."))`: \(context.debugDescription)"
        default: "\(error)"
        }
    }
}

/// Why an evaluation file could not be read; each case says which line to fix.
public enum CategorizationEvaluationSetError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case malformedLine(line: Int, reason: String)
    case empty

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read the evaluation set at \(path): \(reason)"
        case .malformedLine(let line, let reason): "line \(line) of the evaluation set is not a labelled transaction: \(reason)"
        case .empty: "the evaluation set has no rows: generate it with scripts/generate-categorization-eval.py"
        }
    }
}
