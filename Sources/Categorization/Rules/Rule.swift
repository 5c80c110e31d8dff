/// A tenant's rule, in the Firefly III / Actual Budget model: when all (or any) of its triggers match a
/// transaction, its actions run. Rules run by stage (pre, default, post), then by priority (lower first), then by id.
public struct Rule: Sendable, Codable, Hashable {
    public enum Stage: String, Sendable, Codable, Hashable, CaseIterable {
        case pre
        case `default`
        case post

        /// Where the stage runs: pre, then default, then post.
        public var order: Int {
            switch self {
            case .pre: 0
            case .default: 1
            case .post: 2
            }
        }
    }

    public enum Match: String, Sendable, Codable, Hashable {
        case all
        case any
    }

    public var id: String
    public var name: String
    public var stage: Stage
    public var priority: Int
    public var match: Match
    public var triggers: [RuleTrigger]
    public var actions: [RuleAction]
    /// When this rule fires, the rest of its stage is skipped (later stages still run).
    public var stopProcessing: Bool
    public var active: Bool

    public init(
        id: String, name: String, stage: Stage = .default, priority: Int = 100, match: Match = .all, triggers: [RuleTrigger], actions: [RuleAction],
        stopProcessing: Bool = false, active: Bool = true
    ) {
        self.id = id
        self.name = name
        self.stage = stage
        self.priority = priority
        self.match = match
        self.triggers = triggers
        self.actions = actions
        self.stopProcessing = stopProcessing
        self.active = active
    }

    enum CodingKeys: String, CodingKey {
        case id, name, stage, priority, match, triggers, actions, active
        case stopProcessing
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id) ?? ""
        name = try container.decode(String.self, forKey: .name)
        stage = try container.decodeIfPresent(Stage.self, forKey: .stage) ?? .default
        priority = try container.decodeIfPresent(Int.self, forKey: .priority) ?? 100
        match = try container.decodeIfPresent(Match.self, forKey: .match) ?? .all
        triggers = try container.decode([RuleTrigger].self, forKey: .triggers)
        actions = try container.decode([RuleAction].self, forKey: .actions)
        stopProcessing = try container.decodeIfPresent(Bool.self, forKey: .stopProcessing) ?? false
        active = try container.decodeIfPresent(Bool.self, forKey: .active) ?? true
    }

    /// The category this rule sets, if it sets one.
    public var categorySet: String? {
        actions.last(where: { $0.type == .setCategory })?.value
    }
}

/// One condition of a rule.
public struct RuleTrigger: Sendable, Codable, Hashable {
    public enum Field: String, Sendable, Codable, Hashable, CaseIterable {
        case details
        case counterparty
        case phone
        case shortcode
        case accountReference = "account_reference"
        case kind
        case direction
        case amountCents = "amount_cents"
        /// 0 = Sunday … 6 = Saturday (Nairobi time).
        case weekday
        case hour
        case dayOfMonth = "day_of_month"

        var isNumeric: Bool { [.amountCents, .weekday, .hour, .dayOfMonth].contains(self) }
    }

    public enum Operator: String, Sendable, Codable, Hashable, CaseIterable {
        case contains
        case notContains = "not_contains"
        case `is`
        case isNot = "is_not"
        case startsWith = "starts_with"
        case endsWith = "ends_with"
        case matches
        case oneOf = "one_of"
        case notOneOf = "not_one_of"
        case greaterThan = "gt"
        case greaterOrEqual = "gte"
        case lessThan = "lt"
        case lessOrEqual = "lte"
        case between
    }

    public var field: Field
    public var `operator`: Operator
    /// The text (or number, as text) to compare with; a regex for `matches`.
    public var value: String?
    /// For `one_of` and `not_one_of`.
    public var values: [String]?
    /// For `between` (inclusive).
    public var min: Int64?
    public var max: Int64?

    public init(field: Field, operator: Operator, value: String? = nil, values: [String]? = nil, min: Int64? = nil, max: Int64? = nil) {
        self.field = field
        self.operator = `operator`
        self.value = value
        self.values = values
        self.min = min
        self.max = max
    }
}

/// What a rule does when it fires.
public struct RuleAction: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, Hashable, CaseIterable {
        case setCategory = "set_category"
        case renameCounterparty = "rename_counterparty"
        case addTag = "add_tag"
    }

    public var type: Kind
    public var value: String

    public init(type: Kind, value: String) {
        self.type = type
        self.value = value
    }

    public static func setCategory(_ slug: String) -> RuleAction { RuleAction(type: .setCategory, value: slug) }
}
