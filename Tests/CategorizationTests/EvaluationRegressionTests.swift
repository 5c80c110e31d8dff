import Categorization
import Foundation
import MPesaCore
import StatementGeneration
import Testing

/// Guards against regressions in what the categorisation benchmark measures (Benchmarks/CategorizationBenchmark):
/// the floors here sit far below its targets, so they fail on a real regression and never on noise.
@Suite("The evaluation set")
struct EvaluationRegressionTests {
    static let evaluationFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Benchmarks/data/categorization-eval.jsonl")

    @Test("the full cascade keeps a macro-F1 of at least 0.80 on merchants and people it never saw")
    func cascadeMacroF1() async throws {
        // Every second row keeps every category and the debug build quick.
        let evaluation = try CategorizationEvaluationSet.read(contentsOf: Self.evaluationFile).sampled(every: 2)
        let results = Categorizer(model: await CategorizationTraining.globalModel()).categorize(evaluation.inputs)
        let report = ClassificationReport(truth: evaluation.truths, predicted: results.map(\.category))
        let weakest = report.classes.sorted { $0.f1 < $1.f1 }.prefix(3).map { "\($0.category) \(String(format: "%.2f", $0.f1))" }
        #expect(report.macroF1 >= 0.80, "macro-F1 \(report.macroF1) on \(evaluation.count) rows; weakest: \(weakest.joined(separator: ", "))")
    }

    @Test("every category of the default taxonomy has examples in the evaluation set")
    func everyCategoryPresent() throws {
        let evaluation = try CategorizationEvaluationSet.read(contentsOf: Self.evaluationFile)
        let present = Set(evaluation.truths)
        let missing = DefaultTaxonomy.categories.map(\.slug).filter { !present.contains($0) }
        #expect(missing.isEmpty, "no rows for: \(missing.joined(separator: ", "))")
        let unknown = present.subtracting(DefaultTaxonomy.categories.map(\.slug))
        #expect(unknown.isEmpty, "categories outside the taxonomy: \(unknown.sorted().joined(separator: ", "))")
    }

    @Test("after 50 corrections a tenant's own habits are categorised better than with none")
    func correctionsRaiseAccuracy() async throws {
        // This tenant buys produce from farmers it rarely pays twice, which keeps it correcting long enough to reach 50.
        let tenant = TenantHabitSimulator(seed: 4, habitShare: 0.5)
        let curve = tenant.learningCurve(startingFrom: await CategorizationTraining.globalModel(), streamCount: 600, heldOutCount: 300, checkpoints: [0, 50])
        let none = try #require(curve.points.first)
        let fifty = try #require(curve.points.last)
        #expect(fifty.reached, "the tenant made only \(curve.corrections) corrections in 600 transactions; pick a tenant with more habits the global model does not know")
        #expect(fifty.accuracy > none.accuracy, "held-out accuracy \(none.accuracy) with no corrections, \(fifty.accuracy) after 50")
        #expect(fifty.habitAccuracy > none.habitAccuracy)
    }

    @Test(
        "a line that is not a labelled transaction is reported with its number",
        arguments: [
            (#"{"details": "Airtime Purchase", "direction": "out", "amount_cents": 5000, "local_time": "2025-01-02 10:00:00"}"#, "category"),
            (#"{"details": "Airtime Purchase", "direction": "sideways", "amount_cents": 5000, "local_time": "2025-01-02 10:00:00", "category": "airtime_data"}"#, "direction"),
            (#"{"details": "Airtime Purchase", "direction": "out", "amount_cents": -5000, "local_time": "2025-01-02 10:00:00", "category": "airtime_data"}"#, "positive"),
            (#"{"details": "Airtime Purchase", "direction": "out", "amount_cents": 5000, "local_time": "02/01/2025", "category": "airtime_data"}"#, "local_time"),
            ("not json at all", "JSON object"),
        ]
    )
    func malformedLine(line: String, mentions: String) {
        let valid = #"{"details": "Airtime Purchase", "direction": "out", "amount_cents": 5000, "local_time": "2025-01-02 10:00:00", "category": "airtime_data"}"#
        #expect {
            try CategorizationEvaluationSet.parse(Data((valid + "\n\n" + line + "\n").utf8))
        } throws: { error in
            guard case .malformedLine(let number, let reason) = error as? CategorizationEvaluationSetError else { return false }
            return number == 3 && reason.contains(mentions)
        }
    }

    @Test("an empty evaluation file says how to generate one")
    func emptyFile() {
        #expect(throws: CategorizationEvaluationSetError.empty) { try CategorizationEvaluationSet.parse(Data("\n  \n".utf8)) }
    }
}
