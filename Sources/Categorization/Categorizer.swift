/// Categorises transactions for one tenant, in this order: the tenant's rules → the tenant's own corrections of the
/// counterparty → what the M-PESA kind settles → the merchant directory → the learned classifier → a default by
/// kind, or `uncategorized` with the classifier's suggestions. Every result says which step decided and why.
///
/// The tenant's corrections come before the directory on purpose: a shop that buys its stock at a supermarket and
/// said so should not be told it is buying groceries.
public struct Categorizer: Sendable {
    public var rules: RulesEngine
    public var directory: MerchantDirectory
    public var model: LearnedModel
    public var taxonomy: Taxonomy
    /// Below this calibrated confidence the classifier's answer is only a suggestion.
    public var threshold: Double

    public static let defaultThreshold = 0.55

    public init(rules: RulesEngine = .empty, directory: MerchantDirectory = .standard, model: LearnedModel, taxonomy: Taxonomy = .standard, threshold: Double = defaultThreshold) {
        self.rules = rules
        self.directory = directory
        self.model = model
        self.taxonomy = taxonomy
        self.threshold = threshold
    }

    public func categorize(_ input: CategorizationInput) -> CategorizationResult {
        var features: [UInt64] = []
        var scores: [Float] = []
        return categorize(input, features: &features, scores: &scores)
    }

    public func categorize(_ inputs: [CategorizationInput]) -> [CategorizationResult] {
        var features: [UInt64] = []
        var scores: [Float] = []
        features.reserveCapacity(64)
        return inputs.map { categorize($0, features: &features, scores: &scores) }
    }

    /// One transaction, with scratch buffers reused across a batch.
    public func categorize(_ input: CategorizationInput, features: inout [UInt64], scores: inout [Float]) -> CategorizationResult {
        let outcome = rules.evaluate(input)
        var result = decide(input, outcome: outcome, features: &features, scores: &scores)
        result.ruleIds = outcome.fired.map(\.id)
        result.tags = outcome.tags
        result.counterpartyName = outcome.counterpartyName
        return result
    }

    private func decide(_ input: CategorizationInput, outcome: RulesOutcome, features: inout [UInt64], scores: inout [Float]) -> CategorizationResult {
        if let category = outcome.category, let fired = outcome.categoryRule, category == DefaultTaxonomy.uncategorized || taxonomy.contains(category) {
            return CategorizationResult(id: input.id, category: category, confidence: 1, source: .rule, reason: "rule “\(fired.name)”: \(fired.explanation)")
        }
        if let memory = model.remembered(input), taxonomy.contains(memory.category) {
            let confidence = Double(memory.agreeing + 1) / Double(memory.total + 2)
            let times = memory.agreeing == 1 ? "once" : "\(memory.agreeing) times"
            return CategorizationResult(
                id: input.id, category: memory.category, confidence: max(confidence, 0.6), source: .model,
                reason: "you filed this counterparty under \(name(memory.category)) \(times)"
            )
        }
        if let certain = KindKnowledge.certain(input.kind, input.direction), taxonomy.contains(certain.category) {
            return CategorizationResult(id: input.id, category: certain.category, confidence: 0.99, source: .directory, reason: certain.reason)
        }
        if let match = directory.match(input), taxonomy.contains(match.merchant.category) {
            // A bank, SACCO or fund only says where the money went; the account reference may say what it was for.
            if match.merchant.category == "savings", let intent = AccountIntent.category(of: input.accountReference), taxonomy.contains(intent.category) {
                return CategorizationResult(
                    id: input.id, category: intent.category, confidence: 0.9, source: .directory,
                    reason: "paid through \(match.merchant.name) with the account reference “\(input.accountReference ?? "")”, which says \(intent.word.lowercased())"
                )
            }
            return CategorizationResult(id: input.id, category: match.merchant.category, confidence: 0.95, source: .directory, reason: match.explanation)
        }
        if input.kind == .paybill, input.direction == .out, let intent = AccountIntent.category(of: input.accountReference), taxonomy.contains(intent.category) {
            return CategorizationResult(
                id: input.id, category: intent.category, confidence: 0.8, source: .directory,
                reason: "the account reference “\(input.accountReference ?? "")” says \(intent.word.lowercased())"
            )
        }
        FeatureExtractor.extract(input, into: &features)
        let group: CategoryGroup = input.direction == .in ? .income : .expense
        let ranking = model.rank(features, scores: &scores, limit: 4) { taxonomy[$0]?.group == group }
        let ranked = ranking.suggestions
        // With no word or shortcode it has seen, the model would only be repeating what the kind and the amount say;
        // that is the fallback's job, and the model's confidence there is not to be trusted.
        if let best = ranked.first, best.confidence >= threshold, ranking.contentEvidence > 0 {
            return CategorizationResult(
                id: input.id, category: best.category, confidence: best.confidence, source: .model,
                reason: "the classifier is \(Int((best.confidence * 100).rounded()))% sure from the words, the kind and the amount",
                suggestions: Array(ranked.dropFirst().prefix(3))
            )
        }
        if let fallback = KindKnowledge.fallback(input.kind, input.direction), taxonomy.contains(fallback.category) {
            let confidence = ranked.first(where: { $0.category == fallback.category })?.confidence ?? 0
            return CategorizationResult(
                id: input.id, category: fallback.category, confidence: max(confidence, 0.5), source: .fallback, reason: fallback.reason,
                suggestions: Array(ranked.filter { $0.category != fallback.category }.prefix(3))
            )
        }
        return CategorizationResult(
            id: input.id, category: DefaultTaxonomy.uncategorized, confidence: ranked.first?.confidence ?? 0, source: .fallback,
            reason: "nothing was confident enough; the suggestions are the classifier's best guesses", suggestions: Array(ranked.prefix(3))
        )
    }

    private func name(_ slug: String) -> String { taxonomy[slug]?.name ?? slug }
}
