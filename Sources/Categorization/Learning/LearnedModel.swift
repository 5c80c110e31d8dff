/// The learned part of categorisation for one tenant: the global classifier (trained on labelled data shipped with
/// the product) plus everything this tenant taught it by correcting categories. Corrections update the classifier
/// online (weighted above a training example, so a tenant's own habits outvote the prior) and are remembered per
/// counterparty, so a counterparty the tenant filed by hand is filed the same way next time.
public struct LearnedModel: Sendable {
    public private(set) var classifier: NaiveBayesModel
    /// Counterparty key → category → corrections.
    public private(set) var memory: [String: [String: Int]]
    public private(set) var corrections: Int
    /// Which global model this one grew from.
    public let version: String

    /// How many training examples one correction is worth.
    public static let correctionWeight: Float = 8

    public init(classifier: NaiveBayesModel, version: String) {
        self.classifier = classifier
        self.memory = [:]
        self.corrections = 0
        self.version = version
    }

    /// Learns from a person's correction: `input` belongs in `category`.
    public mutating func learn(_ input: CategorizationInput, category: String) {
        if classifier.classIndex(category) == nil { classifier = classifier.adding(class: category) }
        guard let label = classifier.classIndex(category) else { return }
        classifier.learn(FeatureExtractor.features(of: input), label: label, weight: Self.correctionWeight)
        if let key = input.counterpartyKey { memory[key, default: [:]][category, default: 0] += 1 }
        corrections += 1
    }

    /// What the tenant's corrections say about this counterparty: the category most of them chose, when at least
    /// two thirds agree.
    public func remembered(_ input: CategorizationInput) -> (category: String, agreeing: Int, total: Int)? {
        guard let key = input.counterpartyKey, let counts = memory[key] else { return nil }
        let total = counts.values.reduce(0, +)
        guard let best = counts.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }), best.value * 3 >= total * 2 else { return nil }
        return (best.key, best.value, total)
    }

    /// The classifier's view of one transaction: classes by calibrated probability, best first, and how much of
    /// what it looked at it had seen before.
    public struct Ranking: Sendable {
        public var suggestions: [CategorySuggestion]
        /// Known features beyond the kind and the amount bucket (words, shortcode): with none, the ranking rests on
        /// the kind and the amount alone.
        public var contentEvidence: Int
    }

    /// Ranks the classes `allowed` admits (a category of the wrong direction, or one the tenant archived, never
    /// ranks); probabilities are not renormalised, so excluding classes only ever lowers confidence.
    public func rank(_ features: [UInt64], scores: inout [Float], limit: Int = 3, allowed: (String) -> Bool = { _ in true }) -> Ranking {
        let known = classifier.scores(features, into: &scores)
        let probabilities = NaiveBayesModel.softmax(scores, temperature: classifier.temperature)
        var order = probabilities.indices.filter { allowed(classifier.classes[$0]) }
        order.sort { probabilities[$0] > probabilities[$1] }
        return Ranking(
            suggestions: order.prefix(limit).map { CategorySuggestion(category: classifier.classes[$0], confidence: probabilities[$0]) },
            contentEvidence: max(0, known - FeatureExtractor.structuralFeatures)
        )
    }
}
