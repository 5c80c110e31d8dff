// The categorizer on the evaluation set: how right it is (each step of the cascade alone and together, per
// category, calibration), how fast a tenant's corrections teach it the tenant's habits, and how many transactions
// one core classifies per second, against a pure-Python naive Bayes + keyword-directory cascade timed in the same run.
//
// Usage:
//   CategorizationBenchmark <eval.jsonl> [--reference <result.json> | --no-reference] [--no-speed] [--tenants N] [--examples N]
//       Without --reference it writes the global model's training data to a temporary directory and runs
//       Benchmarks/reference/categorize_reference.py itself (python3 on PATH).
//   CategorizationBenchmark --write-training <train.jsonl>
//       Writes the labelled transactions the global model is trained on, for the Python reference.
import Categorization
import Foundation
import MPesaCore
import StatementGeneration
import StatementParsing

// MARK: - Arguments

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let referenceScript = repositoryRoot.appendingPathComponent("Benchmarks/reference/categorize_reference.py")
let directoryFile = repositoryRoot.appendingPathComponent("Sources/Categorization/Directory/merchant-directory.json")

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("CategorizationBenchmark: \(message)\n".utf8))
    exit(2)
}

var arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String, in arguments: inout [String]) -> String? {
    guard let index = arguments.firstIndex(of: name) else { return nil }
    guard index + 1 < arguments.count else { fail("\(name) needs a value") }
    let value = arguments[index + 1]
    arguments.removeSubrange(index...(index + 1))
    return value
}
func flag(_ name: String, in arguments: inout [String]) -> Bool {
    guard let index = arguments.firstIndex(of: name) else { return false }
    arguments.remove(at: index)
    return true
}

func writeTraining(to url: URL) throws {
    let labelled = LabelledTransactionGenerator.generate(seed: CategorizationTraining.seed, count: CategorizationTraining.examples)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var data = Data()
    for item in labelled {
        let row = CategorizationEvaluationSet.Row(item)
        data.append(try encoder.encode(row))
        data.append(UInt8(ascii: "\n"))
    }
    try data.write(to: url)
}

if let path = option("--write-training", in: &arguments) {
    do {
        try writeTraining(to: URL(fileURLWithPath: path))
    } catch {
        fail("cannot write \(path): \(error)")
    }
    exit(0)
}

let referencePath = option("--reference", in: &arguments)
let skipReference = flag("--no-reference", in: &arguments)
let skipSpeed = flag("--no-speed", in: &arguments)
let tenantCount = option("--tenants", in: &arguments).map { Int($0) ?? 8 } ?? 8
let examplesPerConfusion = option("--examples", in: &arguments).map { Int($0) ?? 0 } ?? 0
guard let evalPath = arguments.first else {
    fail("usage: CategorizationBenchmark <eval.jsonl> [--reference <result.json> | --no-reference] [--no-speed] [--tenants N] [--examples N] | --write-training <train.jsonl>")
}

// MARK: - Formatting

func left(_ text: String, _ width: Int) -> String { text.count >= width ? text : text + String(repeating: " ", count: width - text.count) }
func right(_ text: String, _ width: Int) -> String { text.count >= width ? text : String(repeating: " ", count: width - text.count) + text }
func fixed(_ value: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", value) }
func percent(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f%%", value * 100) }
func grouped(_ value: Double) -> String {
    let digits = String(Int(value.rounded()))
    var output = ""
    for (index, character) in digits.reversed().enumerated() {
        if index > 0 && index % 3 == 0 { output.append(",") }
        output.append(character)
    }
    return String(output.reversed())
}
func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }
func rule(_ width: Int) -> String { String(repeating: "─", count: width) }
func heading(_ text: String) {
    print("")
    print(text)
    print(rule(text.count))
}

// MARK: - The evaluation set and the three configurations

let evaluation: CategorizationEvaluationSet
do {
    evaluation = try CategorizationEvaluationSet.read(contentsOf: URL(fileURLWithPath: evalPath))
} catch {
    fail(error.description)
}
let inputs = evaluation.inputs
let truths = evaluation.truths

let buildStarted = ContinuousClock.now
let global = await CategorizationTraining.globalModel()
let trainingSeconds = seconds(ContinuousClock.now - buildStarted)
let slugs = DefaultTaxonomy.categories.map(\.slug)

// (a) What answers without a learned model: the kind knowledge, the directory and the fallback by kind. An untrained
// model gives every class the same probability (1/23) and the threshold is above 1, so the model step never answers.
let untrained = LearnedModel(classifier: NaiveBayesModel(classes: slugs), version: "untrained")
let withoutModel = Categorizer(model: untrained, threshold: 1.01)
// (c) The full cascade as a new tenant gets it: no rules, no corrections.
let cascade = Categorizer(model: global)

let resultsA = withoutModel.categorize(inputs)
let resultsC = cascade.categorize(inputs)
// (b) The model alone: its top class on every row, with its confidence.
var scratchFeatures: [UInt64] = []
var scratchScores: [Float] = []
let resultsB: [CategorySuggestion] = inputs.map { input in
    FeatureExtractor.extract(input, into: &scratchFeatures)
    return global.rank(scratchFeatures, scores: &scratchScores, limit: 1).suggestions[0]
}

let reportA = ClassificationReport(truth: truths, predicted: resultsA.map(\.category))
let reportB = ClassificationReport(truth: truths, predicted: resultsB.map(\.category))
let reportC = ClassificationReport(truth: truths, predicted: resultsC.map(\.category))

let modelAnswersInA = resultsA.filter { $0.source == .model }.count
guard modelAnswersInA == 0 else { fail("configuration (a) is meant to have no model, yet the model answered \(modelAnswersInA) rows") }

let categoriesInFile = Set(truths)
let missing = slugs.filter { !categoriesInFile.contains($0) }
let unknown = categoriesInFile.subtracting(slugs).sorted()

print("Categorization benchmark")
print("  evaluation set   \(evalPath): \(grouped(Double(evaluation.count))) rows, \(categoriesInFile.count) categories"
    + (missing.isEmpty ? " (every category of the taxonomy)" : "; missing: \(missing.joined(separator: ", "))")
    + (unknown.isEmpty ? "" : "; not in the taxonomy: \(unknown.joined(separator: ", "))"))
print("  global model     \(global.version): \(grouped(Double(CategorizationTraining.examples))) generated examples, vocabulary \(grouped(Double(global.classifier.vocabularySize))), temperature \(fixed(global.classifier.temperature, 2)), trained in \(fixed(trainingSeconds, 2)) s")
print("  directory        \(MerchantDirectory.standard.merchants.count) merchants; model threshold \(fixed(Categorizer.defaultThreshold, 2))")

// MARK: - Accuracy

heading("1. Accuracy on the evaluation set")
let uncategorized = DefaultTaxonomy.uncategorized
func share(_ results: [String], _ category: String) -> Double { Double(results.filter { $0 == category }.count) / Double(max(results.count, 1)) }
print("  \(left("configuration", 50))\(right("accuracy", 10))\(right("macro-F1", 10))\(right("uncategorized", 15))")
for (label, report, predicted) in [
    ("(a) kind knowledge + directory + fallback, no model", reportA, resultsA.map(\.category)),
    ("(b) global model alone (top class, every row)", reportB, resultsB.map(\.category)),
    ("(c) full cascade, no tenant corrections", reportC, resultsC.map(\.category)),
] {
    print("  \(left(label, 50))\(right(fixed(report.accuracy), 10))\(right(fixed(report.macroF1), 10))\(right(percent(share(predicted, uncategorized)), 15))")
}
let target = 0.90
print("  target (c) macro-F1 >= \(fixed(target, 2)): \(reportC.macroF1 >= target ? "PASS" : "BELOW TARGET") (\(fixed(reportC.macroF1)))")
print("  check (a): the model answered \(modelAnswersInA) of \(grouped(Double(inputs.count))) rows (disabled as intended)")

// Which step answered in (c). The cascade reports kind knowledge, the directory and the account reference read behind
// a bank's paybill all as `.directory`; the kind decides first, so a row the kind settles is the kind's, and a directory
// answer that is not the merchant's own category came from the account reference.
heading("Who answers in the full cascade (c)")
enum Step: String, CaseIterable {
    case rule = "tenant rules"
    case kind = "kind knowledge (certain)"
    case directory = "merchant directory"
    case accountIntent = "directory + account reference"
    case model = "model (confidence >= threshold)"
    case fallback = "fallback by kind"
    case uncategorized = "uncategorized"
}
func step(_ input: CategorizationInput, _ result: CategorizationResult) -> Step {
    switch result.source {
    case .rule: return .rule
    case .directory:
        if KindKnowledge.certain(input.kind, input.direction) != nil { return .kind }
        // A bank's or SACCO's paybill whose account reference says what the money was for (rent, salary, loan, fees).
        if let match = MerchantDirectory.standard.match(input), match.merchant.category != result.category { return .accountIntent }
        return .directory
    case .model, .manual: return .model
    case .fallback: return result.category == uncategorized ? .uncategorized : .fallback
    }
}
let steps = zip(inputs, resultsC).map { step($0, $1) }
print("  \(left("step", 34))\(right("rows", 8))\(right("share", 9))\(right("accuracy", 10))")
for kind in Step.allCases {
    let rows = steps.indices.filter { steps[$0] == kind }
    let hits = rows.filter { resultsC[$0].category == truths[$0] }.count
    print("  \(left(kind.rawValue, 34))\(right(String(rows.count), 8))\(right(percent(Double(rows.count) / Double(inputs.count)), 9))\(right(rows.isEmpty ? "—" : percent(Double(hits) / Double(rows.count)), 10))")
}
let coverage = steps.filter { $0 == .rule || $0 == .kind || $0 == .directory || $0 == .accountIntent }.count
print("  coverage of rules + kind knowledge + directory: \(percent(Double(coverage) / Double(inputs.count))) of rows; uncategorized answers: \(percent(share(resultsC.map(\.category), uncategorized)))")

heading("Per category, full cascade (c)")
print("  \(left("category", 20))\(right("support", 9))\(right("precision", 11))\(right("recall", 9))\(right("F1", 8))")
for scores in reportC.classes {
    let marker = scores.f1 < 0.8 ? "  ◀" : ""
    print("  \(left(scores.category, 20))\(right(String(scores.support), 9))\(right(fixed(scores.precision), 11))\(right(fixed(scores.recall), 9))\(right(fixed(scores.f1), 8))\(marker)")
}

heading("The 15 biggest confusions, full cascade (c)")
let supports = Dictionary(uniqueKeysWithValues: reportC.classes.map { ($0.category, $0.support) })
let confusions = reportC.confusions.flatMap { truth, guesses in guesses.map { (truth: truth, predicted: $0.key, count: $0.value) } }
    .sorted { $0.count != $1.count ? $0.count > $1.count : ($0.truth, $0.predicted) < ($1.truth, $1.predicted) }
print("  \(left("truth", 20))   \(left("predicted as", 20))\(right("rows", 7))\(right("of truth", 10))")
for confusion in confusions.prefix(15) {
    print("  \(left(confusion.truth, 20)) → \(left(confusion.predicted, 20))\(right(String(confusion.count), 7))\(right(percent(Double(confusion.count) / Double(supports[confusion.truth] ?? 1)), 10))")
    let rows = truths.indices.filter { truths[$0] == confusion.truth && resultsC[$0].category == confusion.predicted }
    for index in rows.prefix(examplesPerConfusion) {
        print("      \(evaluation.transactions[index].details)  [\(inputs[index].kind.rawValue)] — \(resultsC[index].reason)")
    }
}

// MARK: - Calibration

heading("Calibration: does a confidence of p mean right p of the time?")
/// Bucketed reliability (ten bins of 0.1) and the expected calibration error: Σ (n_bin / n) · |accuracy − confidence|.
func reliability(_ title: String, _ pairs: [(confidence: Double, correct: Bool)]) {
    print("  \(title): \(grouped(Double(pairs.count))) answers")
    guard !pairs.isEmpty else { return }
    print("    \(left("confidence", 12))\(right("answers", 9))\(right("mean conf.", 12))\(right("accuracy", 10))\(right("gap", 8))")
    var expectedError = 0.0
    for bin in 0..<10 {
        let low = Double(bin) / 10
        let members = pairs.filter { min(Int($0.confidence * 10), 9) == bin }
        guard !members.isEmpty else { continue }
        let confidence = members.map(\.confidence).reduce(0, +) / Double(members.count)
        let accuracy = Double(members.filter(\.correct).count) / Double(members.count)
        expectedError += Double(members.count) / Double(pairs.count) * abs(accuracy - confidence)
        print("    \(left("\(fixed(low, 1))–\(fixed(low + 0.1, 1))", 12))\(right(String(members.count), 9))\(right(fixed(confidence), 12))\(right(fixed(accuracy), 10))\(right(String(format: "%+.3f", accuracy - confidence), 8))")
    }
    print("    expected calibration error (ECE): \(fixed(expectedError, 4))")
}
reliability("(b) the model's top class on every row", zip(resultsB, truths).map { ($0.confidence, $0.category == $1) })
reliability("(c) the cascade's model answers (source = model)", zip(resultsC, truths).filter { $0.0.source == .model }.map { ($0.confidence, $0.category == $1) })

// MARK: - Learning curve

heading("2. Learning curve: tenants whose habits differ from the defaults")
let checkpoints = [0, 5, 10, 25, 50, 100, 200]
let tenants = (0..<max(tenantCount, 5)).map { TenantHabitSimulator(seed: 0x5445_4E41_4E54 &+ UInt64($0) &* 7_919) }
let curves = tenants.map { $0.learningCurve(startingFrom: global, streamCount: 600, heldOutCount: 300, checkpoints: checkpoints) }
print("  \(tenants.count) tenants, each 600 transactions streamed in time order (every wrong answer corrected), accuracy of the full")
print("  cascade on the 300 transactions that follow; habits are ~35% of each tenant's traffic, the rest ordinary generated traffic")
print("")
print("  every tenant pays staff and casual labourers by Send Money (salaries), its landlord by Send Money (rent), buys stock")
print("  at a supermarket till the directory calls groceries and from a supplier's Pochi (inventory); each has three more:")
print("  \(left("tenant", 8))\(right("corrections", 12))   its own habits")
for (index, (tenant, curve)) in zip(tenants, curves).enumerated() {
    let own = tenant.habits.filter { !$0.isShared }.map(\.name).joined(separator: "; ")
    print("  \(left("#\(index + 1)", 8))\(right(String(curve.corrections), 12))   \(own)")
}
print("")
print("  \(right("corrections", 12))\(right("tenants reaching", 18))\(right("seen (mean)", 13))\(right("accuracy", 10))\(right("habits", 9))\(right("ordinary", 10))")
var means: [Double] = []
for (index, checkpoint) in checkpoints.enumerated() {
    let points = curves.map { $0.points[index] }
    let reached = points.filter(\.reached)
    let seen = reached.isEmpty ? "—" : String(Int((Double(reached.map(\.transactionsSeen).reduce(0, +)) / Double(reached.count)).rounded()))
    let mean = { (values: [Double]) in values.reduce(0, +) / Double(values.count) }
    let accuracy = mean(points.map(\.accuracy))
    means.append(accuracy)
    print("  \(right(String(checkpoint), 12))\(right("\(reached.count)/\(points.count)", 18))\(right(seen, 13))\(right(percent(accuracy), 10))\(right(percent(mean(points.map(\.habitAccuracy))), 9))\(right(percent(mean(points.map(\.ordinaryAccuracy))), 10))")
}
let rises = zip(means, means.dropFirst()).allSatisfy { $1 >= $0 - 0.0005 } && (means.last ?? 0) > (means.first ?? 0)
print("  a tenant that has not needed that many corrections counts with the model it has at the end of its stream")
let mostCorrections = curves.map(\.corrections).max() ?? 0
print("  the curve \(rises ? "rises" : "DOES NOT RISE"): \(percent(means.first ?? 0)) with no corrections → \(percent(means.last ?? 0)) at the end of the streams (at most \(mostCorrections) corrections were needed)")
print("  first-time accuracy over the streams: \(percent(curves.map(\.streamAccuracy).reduce(0, +) / Double(curves.count)))")

// MARK: - Speed

if skipSpeed { exit(0) }
heading("3. Speed, one core (single thread)")
var sink = 0.0
/// Classifies the evaluation rows in passes until at least `minimum` classifications, after one warm-up pass. The
/// sum of the confidences goes to `sink` and is printed, so the optimiser cannot drop the work.
func measure(_ minimum: Int, sink: inout Double, _ body: (Int) -> Double) -> (count: Int, seconds: Double) {
    for index in inputs.indices { sink += body(index) }
    let passes = (minimum + inputs.count - 1) / inputs.count
    let started = ContinuousClock.now
    for _ in 0..<passes {
        for index in inputs.indices { sink += body(index) }
    }
    return (passes * inputs.count, seconds(ContinuousClock.now - started))
}
var features: [UInt64] = []
var scores: [Float] = []
features.reserveCapacity(64)
let cascadeSpeed = measure(1_000_000, sink: &sink) { index in cascade.categorize(inputs[index], features: &features, scores: &scores).confidence }
let modelSpeed = measure(1_000_000, sink: &sink) { index in
    FeatureExtractor.extract(inputs[index], into: &features)
    return global.rank(features, scores: &scores, limit: 1).suggestions[0].confidence
}
let transactions = evaluation.transactions
let rawSpeed = measure(1_000_000, sink: &sink) { index in
    let item = transactions[index]
    let input = CategorizationTraining.input(id: inputs[index].id, details: item.details, direction: item.direction, amountCents: item.amountCents, localTime: item.localTime)
    return cascade.categorize(input, features: &features, scores: &scores).confidence
}
let speedTarget = 200_000.0
func rate(_ measured: (count: Int, seconds: Double)) -> Double { Double(measured.count) / measured.seconds }
print("  \(left("what", 58))\(right("classified", 12))\(right("seconds", 9))\(right("per second", 13))\(right("vs target", 11))")
for (label, measured) in [
    ("full cascade, from parsed inputs (as the service gets them)", cascadeSpeed),
    ("global model alone (features + ranking)", modelSpeed),
    ("full cascade from raw Details (parse + categorize)", rawSpeed),
] {
    print("  \(left(label, 58))\(right(grouped(Double(measured.count)), 12))\(right(fixed(measured.seconds, 2), 9))\(right(grouped(rate(measured)), 13))\(right(fixed(rate(measured) / speedTarget, 2) + "x", 11))")
}
// Where a raw transaction's time goes, step by step (each step alone, over the same rows).
let directory = MerchantDirectory.standard
let parseSpeed = measure(300_000, sink: &sink) { index in
    let item = transactions[index]
    return Double(CategorizationTraining.input(id: "", details: item.details, direction: item.direction, amountCents: item.amountCents, localTime: item.localTime).amountCents)
}
let directorySpeed = measure(300_000, sink: &sink) { index in directory.match(inputs[index]) == nil ? 0 : 1 }
let featureSpeed = measure(300_000, sink: &sink) { index in
    FeatureExtractor.extract(inputs[index], into: &features)
    return Double(features.count)
}
let rulesSpeed = measure(300_000, sink: &sink) { index in cascade.rules.evaluate(inputs[index]).category == nil ? 0 : 1 }
print("")
print("  where the time goes, each step alone:")
for (label, measured) in [
    ("the parser reading Details (kind, counterparty, account)", parseSpeed),
    ("tenant rules (none)", rulesSpeed),
    ("merchant directory lookup", directorySpeed),
    ("feature extraction", featureSpeed),
] {
    print("    \(left(label, 56))\(right(fixed(measured.seconds / Double(measured.count) * 1e6, 2), 8)) µs per transaction")
}
print("    \(left("global model alone (features + ranking)", 56))\(right(fixed(modelSpeed.seconds / Double(modelSpeed.count) * 1e6, 2), 8)) µs per transaction")
print("    \(left("full cascade from parsed inputs", 56))\(right(fixed(cascadeSpeed.seconds / Double(cascadeSpeed.count) * 1e6, 2), 8)) µs per transaction")
print("")
print("  target >= \(grouped(speedTarget))/s per core, full cascade: \(rate(cascadeSpeed) >= speedTarget ? "PASS" : "BELOW TARGET"), ratio to target \(fixed(rate(cascadeSpeed) / speedTarget, 2))x")

// MARK: - Reference

/// What the Python reference printed: classifications timed, seconds, and its own accuracy on the same file.
struct ReferenceResult: Decodable {
    var classifications: Int
    var seconds: Double
    var accuracy: Double
    var macroF1: Double

    enum CodingKeys: String, CodingKey {
        case classifications, seconds, accuracy
        case macroF1 = "macro_f1"
    }
}

func runReference() throws -> Data {
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("categorization-benchmark-\(ProcessInfo.processInfo.processIdentifier)")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    let training = work.appendingPathComponent("train.jsonl")
    try writeTraining(to: training)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", referenceScript.path, training.path, evalPath, directoryFile.path, "3"]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "the reference exited with \(process.terminationStatus)"]) }
    return data
}

if !skipReference {
    do {
        let data = try referencePath.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } ?? runReference()
        let reference = try JSONDecoder().decode(ReferenceResult.self, from: data)
        let theirs = Double(reference.classifications) / reference.seconds
        print("")
        print("  reference: Benchmarks/reference/categorize_reference.py (pure Python: naive Bayes + keyword directory cascade,")
        print("  trained on the same generated examples, reading kind and shortcode from Details inside its loop)")
        print("  \(left("Python reference, from raw Details", 58))\(right(grouped(Double(reference.classifications)), 12))\(right(fixed(reference.seconds, 2), 9))\(right(grouped(theirs), 13))")
        print("  its accuracy on the same file: \(fixed(reference.accuracy)), macro-F1 \(fixed(reference.macroF1)) (ours (c): \(fixed(reportC.accuracy)), \(fixed(reportC.macroF1)))")
        print("  ratio ours/reference, as served (full cascade from parsed inputs): \(fixed(rate(cascadeSpeed) / theirs, 2))x")
        print("  ratio ours/reference, from raw Details (our parser reads every field, the reference only prefixes): \(fixed(rate(rawSpeed) / theirs, 2))x")
    } catch {
        print("  reference not run: \(error.localizedDescription) (pass --no-reference to skip it)")
    }
}
print("  (checksum \(fixed(sink, 0)))")
