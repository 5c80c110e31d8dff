/// Accuracy, per-category precision/recall/F1 and macro-F1 of predicted against true categories.
public struct ClassificationReport: Sendable {
    public struct ClassScores: Sendable {
        public var category: String
        public var support: Int
        public var precision: Double
        public var recall: Double
        public var f1: Double
    }

    public let count: Int
    public let accuracy: Double
    /// Mean F1 over the categories that occur in the truth (an `uncategorized` answer counts as wrong).
    public let macroF1: Double
    public let classes: [ClassScores]
    /// (truth, predicted) → count, for the mistakes only.
    public let confusions: [String: [String: Int]]

    public init(truth: [String], predicted: [String]) {
        precondition(truth.count == predicted.count)
        var truePositives: [String: Int] = [:]
        var predictedCounts: [String: Int] = [:]
        var supports: [String: Int] = [:]
        var confusions: [String: [String: Int]] = [:]
        var correct = 0
        for (actual, guess) in zip(truth, predicted) {
            supports[actual, default: 0] += 1
            predictedCounts[guess, default: 0] += 1
            if actual == guess {
                truePositives[actual, default: 0] += 1
                correct += 1
            } else {
                confusions[actual, default: [:]][guess, default: 0] += 1
            }
        }
        let scores = supports.keys.sorted().map { category -> ClassScores in
            let hits = Double(truePositives[category] ?? 0)
            let precision = predictedCounts[category].map { hits / Double($0) } ?? 0
            let recall = hits / Double(supports[category]!)
            let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
            return ClassScores(category: category, support: supports[category]!, precision: precision, recall: recall, f1: f1)
        }
        self.count = truth.count
        self.accuracy = truth.isEmpty ? 0 : Double(correct) / Double(truth.count)
        self.macroF1 = scores.isEmpty ? 0 : scores.map(\.f1).reduce(0, +) / Double(scores.count)
        self.classes = scores
        self.confusions = confusions
    }
}
