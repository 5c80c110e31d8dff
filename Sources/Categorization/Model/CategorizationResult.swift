/// Which step of the cascade named a transaction's category.
public enum CategorizationSource: String, Sendable, Codable, Hashable {
    /// One of the tenant's rules.
    case rule
    /// The merchant directory (a known paybill or till) or what the M-PESA kind alone says (a Fuliza draw is a loan).
    case directory
    /// The learned classifier (global prior plus the tenant's corrections).
    case model
    /// Nothing was confident: a default by kind, or `uncategorized` with suggestions.
    case fallback
    /// A person set it by hand; recategorising history leaves it alone.
    case manual
}

/// A category with the confidence the classifier gives it.
public struct CategorySuggestion: Sendable, Codable, Hashable {
    public var category: String
    public var confidence: Double

    public init(category: String, confidence: Double) {
        self.category = category
        self.confidence = confidence
    }
}

/// What the categorizer decided for one transaction, and why.
public struct CategorizationResult: Sendable, Codable, Hashable {
    public var id: String
    /// A category slug, or `uncategorized`.
    public var category: String
    /// Calibrated probability that `category` is right (1 for rules).
    public var confidence: Double
    public var source: CategorizationSource
    /// One sentence a person can read: which rule fired, which merchant matched, what the model saw.
    public var reason: String
    /// The rules that fired, in order (also those that only renamed or tagged).
    public var ruleIds: [String]
    /// The model's best alternatives, most likely first (always filled when the answer is `uncategorized`).
    public var suggestions: [CategorySuggestion]
    public var tags: [String]
    /// A rule's new name for the counterparty.
    public var counterpartyName: String?

    public init(
        id: String, category: String, confidence: Double, source: CategorizationSource, reason: String, ruleIds: [String] = [],
        suggestions: [CategorySuggestion] = [], tags: [String] = [], counterpartyName: String? = nil
    ) {
        self.id = id
        self.category = category
        self.confidence = confidence
        self.source = source
        self.reason = reason
        self.ruleIds = ruleIds
        self.suggestions = suggestions
        self.tags = tags
        self.counterpartyName = counterpartyName
    }
}
