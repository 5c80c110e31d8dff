import Foundation

/// A multinomial naive Bayes classifier over hashed features, trainable in one pass and updatable online one
/// example at a time (a tenant's correction), with temperature-scaled probabilities.
///
/// Scores are kept as log counts so that an update touches only the rows of the example's features plus one
/// number per class: `score(c) = log prior(c) + Σ log(n_fc + α) − k · log(N_c + α·V)` for the k known features.
public struct NaiveBayesModel: Sendable {
    public let classes: [String]
    /// Dirichlet smoothing added to every feature count.
    public let alpha: Float
    /// Divides log scores before the softmax; fitted so that confidences match observed accuracy.
    public var temperature: Double
    /// Examples seen (weighted).
    public private(set) var examples: Double

    private var vocabulary: [UInt64: Int32]
    private var logCounts: [Float]
    private var counts: [Float]
    private var classFeatureTotals: [Double]
    private var classExamples: [Double]
    private var logNormalizer: [Float]
    private var logPrior: [Float]

    public init(classes: [String], alpha: Float = 0.2, temperature: Double = 1) {
        self.classes = classes
        self.alpha = alpha
        self.temperature = temperature
        self.examples = 0
        self.vocabulary = [:]
        self.logCounts = []
        self.counts = []
        self.classFeatureTotals = Array(repeating: 0, count: classes.count)
        self.classExamples = Array(repeating: 0, count: classes.count)
        self.logNormalizer = Array(repeating: 0, count: classes.count)
        self.logPrior = Array(repeating: 0, count: classes.count)
        refreshClassTerms()
    }

    public var vocabularySize: Int { vocabulary.count }

    /// Index of `slug` among the classes.
    public func classIndex(_ slug: String) -> Int? { classes.firstIndex(of: slug) }

    /// The same model with one more class (a tenant's own category), which starts with no examples.
    public func adding(class slug: String) -> NaiveBayesModel {
        guard classIndex(slug) == nil else { return self }
        var grown = NaiveBayesModel(classes: classes + [slug], alpha: alpha, temperature: temperature)
        let old = classes.count
        let new = old + 1
        grown.vocabulary = vocabulary
        grown.counts = Array(repeating: 0, count: vocabulary.count * new)
        grown.logCounts = Array(repeating: log(alpha), count: vocabulary.count * new)
        for row in 0..<vocabulary.count {
            for column in 0..<old {
                grown.counts[row * new + column] = counts[row * old + column]
                grown.logCounts[row * new + column] = logCounts[row * old + column]
            }
        }
        grown.classFeatureTotals = classFeatureTotals + [0]
        grown.classExamples = classExamples + [0]
        grown.examples = examples
        grown.refreshClassTerms()
        return grown
    }

    /// Adds one example: `features` observed with class `label`, counted `weight` times.
    public mutating func learn(_ features: [UInt64], label: Int, weight: Float = 1) {
        learnWithoutRefresh(features, label: label, weight: weight)
        refreshClassTerms()
    }

    /// Trains on many examples; faster than `learn` one by one.
    public mutating func train(_ examples: [(features: [UInt64], label: Int)], weight: Float = 1) {
        for example in examples { learnWithoutRefresh(example.features, label: example.label, weight: weight) }
        refreshClassTerms()
    }

    private mutating func learnWithoutRefresh(_ features: [UInt64], label: Int, weight: Float) {
        let classCount = classes.count
        for feature in features {
            let row: Int
            if let existing = vocabulary[feature] {
                row = Int(existing)
            } else {
                row = vocabulary.count
                vocabulary[feature] = Int32(row)
                counts.append(contentsOf: repeatElement(0, count: classCount))
                logCounts.append(contentsOf: repeatElement(log(alpha), count: classCount))
            }
            let cell = row * classCount + label
            counts[cell] += weight
            logCounts[cell] = log(counts[cell] + alpha)
        }
        classFeatureTotals[label] += Double(weight) * Double(features.count)
        classExamples[label] += Double(weight)
        examples += Double(weight)
    }

    private mutating func refreshClassTerms() {
        let vocabularyTerm = Double(alpha) * Double(max(vocabulary.count, 1))
        let total = classExamples.reduce(0, +)
        for index in classes.indices {
            logNormalizer[index] = Float(Foundation.log(classFeatureTotals[index] + vocabularyTerm))
            // Add-one smoothing on the prior so a class with no examples yet is possible, just unlikely.
            logPrior[index] = Float(Foundation.log((classExamples[index] + 1) / (total + Double(classes.count))))
        }
    }

    /// Raw log scores per class (before temperature), written into `scores`; answers how many of `features` the
    /// model has seen (the others carry no evidence).
    @discardableResult
    public func scores(_ features: [UInt64], into scores: inout [Float]) -> Int {
        let classCount = classes.count
        if scores.count != classCount { scores = Array(repeating: 0, count: classCount) }
        var known = 0
        logCounts.withUnsafeBufferPointer { table in
            scores.withUnsafeMutableBufferPointer { output in
                for index in 0..<classCount { output[index] = logPrior[index] }
                for feature in features {
                    guard let row = vocabulary[feature] else { continue }
                    known += 1
                    let base = Int(row) * classCount
                    for index in 0..<classCount { output[index] += table[base + index] }
                }
                let k = Float(known)
                for index in 0..<classCount { output[index] -= k * logNormalizer[index] }
            }
        }
        return known
    }

    /// Calibrated probabilities per class, summing to 1.
    public func probabilities(_ features: [UInt64]) -> [Double] {
        var raw: [Float] = []
        scores(features, into: &raw)
        return Self.softmax(raw, temperature: temperature)
    }

    static func softmax(_ scores: [Float], temperature: Double) -> [Double] {
        guard let maximum = scores.max() else { return [] }
        var output = scores.map { Foundation.exp((Double($0) - Double(maximum)) / temperature) }
        let sum = output.reduce(0, +)
        for index in output.indices { output[index] /= sum }
        return output
    }

    /// The temperature that minimises the negative log-likelihood of `examples` (a held-out set), searched on a
    /// log grid and then refined: temperature scaling (Guo et al., 2017) applied to naive Bayes, whose raw
    /// posteriors are famously overconfident because it counts correlated words as independent evidence.
    public func fittedTemperature(on examples: [(features: [UInt64], label: Int)]) -> Double {
        // A few thousand examples pin one parameter down; more only cost start-up time.
        let stride = max(1, examples.count / 2_000)
        let scored = Swift.stride(from: 0, to: examples.count, by: stride).map { examples[$0] }.map { example -> ([Float], Int) in
            var raw: [Float] = []
            scores(example.features, into: &raw)
            return (raw, example.label)
        }
        func loss(_ temperature: Double) -> Double {
            scored.reduce(0) { total, item in
                let probabilities = Self.softmax(item.0, temperature: temperature)
                return total - Foundation.log(max(probabilities[item.1], 1e-12))
            }
        }
        var best = (temperature: 1.0, loss: loss(1))
        var candidate = 0.25
        while candidate <= 64 {
            let value = loss(candidate)
            if value < best.loss { best = (candidate, value) }
            candidate *= 1.25
        }
        var step = best.temperature * 0.2
        for _ in 0..<20 {
            for next in [best.temperature - step, best.temperature + step] where next > 0.05 {
                let value = loss(next)
                if value < best.loss { best = (next, value) }
            }
            step /= 2
        }
        return best.temperature
    }
}
