import Categorization
import MPesaCore
import StatementGeneration
import Testing

@Suite("The global model")
struct GlobalModelTests {
    @Test("on freshly generated transactions it never saw, the cascade is right far more often than not")
    func heldOut() async {
        let model = await CategorizationTraining.globalModel()
        let categorizer = Categorizer(model: model)
        let fresh = LabelledTransactionGenerator.generate(seed: 99, count: 3_000)
        let inputs = fresh.enumerated().map { CategorizationTraining.input($0.element, id: "t\($0.offset)") }
        let results = categorizer.categorize(inputs)
        let report = ClassificationReport(truth: fresh.map(\.category), predicted: results.map(\.category))
        print("held-out generated: accuracy \(report.accuracy) macro-F1 \(report.macroF1) temperature \(model.classifier.temperature)")
        for scores in report.classes where scores.f1 < 0.9 { print("  \(scores.category) p=\(scores.precision) r=\(scores.recall) n=\(scores.support) confused: \(report.confusions[scores.category] ?? [:])") }
        #expect(report.macroF1 > 0.8)
    }
}
