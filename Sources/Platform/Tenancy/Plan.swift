import MPesaCore

/// A subscription plan: what an organisation may use. The tenant service holds each organisation's plan (the
/// billing service will change it when subscriptions do); every service reads the features and limits through
/// ``TenantDirectory`` and enforces its own.
public struct Plan: Sendable, Codable, Equatable {
    public var id: PlanID
    public var name: String
    /// Price per month in Kenyan shillings, in cents.
    public var monthlyPriceCents: Int64
    /// Isolation tiers the plan allows (ARCHITECTURE §5: Free/Starter shared, Pro schema, Enterprise database).
    public var tiers: [IsolationTier]
    public var defaultTier: IsolationTier
    public var features: [Feature: Bool]
    /// nil means unlimited.
    public var limits: [Limit: Int64?]

    public func allows(_ feature: Feature) -> Bool { features[feature] ?? false }

    /// The limit, or nil when unlimited.
    public func limit(_ limit: Limit) -> Int64? { limits[limit] ?? nil }

    public init(
        id: PlanID, name: String, monthlyPriceCents: Int64, tiers: [IsolationTier], defaultTier: IsolationTier, features: [Feature: Bool],
        limits: [Limit: Int64?]
    ) {
        self.id = id
        self.name = name
        self.monthlyPriceCents = monthlyPriceCents
        self.tiers = tiers
        self.defaultTier = defaultTier
        self.features = Dictionary(uniqueKeysWithValues: Feature.allCases.map { ($0, features[$0] ?? false) })
        self.limits = Dictionary(uniqueKeysWithValues: Limit.allCases.map { ($0, limits[$0] ?? nil) })
    }

    // Features and limits travel as JSON objects keyed by their snake_case names. A decoder that converts keys from
    // snake_case also converts dictionary keys, so decoding accepts either spelling.
    enum CodingKeys: String, CodingKey {
        case id, name, monthlyPriceCents, tiers, defaultTier, features, limits
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let features = try container.decode([String: Bool].self, forKey: .features)
        let limits = try container.decode([String: Int64?].self, forKey: .limits)
        self.init(
            id: try container.decode(PlanID.self, forKey: .id),
            name: try container.decode(String.self, forKey: .name),
            monthlyPriceCents: try container.decode(Int64.self, forKey: .monthlyPriceCents),
            tiers: try container.decode([IsolationTier].self, forKey: .tiers),
            defaultTier: try container.decode(IsolationTier.self, forKey: .defaultTier),
            features: Dictionary(uniqueKeysWithValues: Feature.allCases.map { ($0, Self.value(features, $0.rawValue) ?? false) }),
            limits: Dictionary(uniqueKeysWithValues: Limit.allCases.map { ($0, Self.value(limits, $0.rawValue) ?? nil) })
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(monthlyPriceCents, forKey: .monthlyPriceCents)
        try container.encode(tiers, forKey: .tiers)
        try container.encode(defaultTier, forKey: .defaultTier)
        try container.encode(Dictionary(uniqueKeysWithValues: features.map { ($0.key.rawValue, $0.value) }), forKey: .features)
        try container.encode(Dictionary(uniqueKeysWithValues: limits.map { ($0.key.rawValue, $0.value) }), forKey: .limits)
    }

    private static func value<V>(_ dictionary: [String: V], _ snakeName: String) -> V? {
        if let value = dictionary[snakeName] { return value }
        let parts = snakeName.split(separator: "_")
        let camel = parts.prefix(1).joined() + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        return dictionary[camel]
    }
}

public enum PlanID: String, Sendable, Codable, CaseIterable, Comparable {
    case free, starter, pro, enterprise

    private var rank: Int { PlanID.allCases.firstIndex(of: self)! }
    public static func < (lhs: PlanID, rhs: PlanID) -> Bool { lhs.rank < rhs.rank }
}

/// Switches a plan turns on.
public enum Feature: String, Sendable, Codable, CaseIterable {
    /// API keys and `POST /v1/token`.
    case apiAccess = "api_access"
    case webhooks
    case pdfReports = "pdf_reports"
    case forecasting
    case anomalyAlerts = "anomaly_alerts"
    case lenderReport = "lender_report"
    case customCategories = "custom_categories"
    case auditLog = "audit_log"
}

/// Quantities a plan caps.
public enum Limit: String, Sendable, Codable, CaseIterable {
    case members
    case apiKeys = "api_keys"
    case webhookEndpoints = "webhook_endpoints"
    case statementsPerMonth = "statements_per_month"
    case transactionsPerMonth = "transactions_per_month"
    /// Requests per minute at the gateway for the organisation's tokens and keys.
    case requestsPerMinute = "requests_per_minute"
}
