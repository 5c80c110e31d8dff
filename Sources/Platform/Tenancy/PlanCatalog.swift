import MPesaCore

/// The plans on sale. One table, so the tenant service, the billing service and the gateway agree.
public enum PlanCatalog {
    public static let free = Plan(
        id: .free, name: "Free", monthlyPriceCents: 0, tiers: [.shared], defaultTier: .shared,
        features: [.auditLog: true],
        limits: [.members: 2, .apiKeys: 0, .webhookEndpoints: 0, .statementsPerMonth: 5, .transactionsPerMonth: 5_000, .requestsPerMinute: 60]
    )
    public static let starter = Plan(
        id: .starter, name: "Starter", monthlyPriceCents: 1_500_00, tiers: [.shared], defaultTier: .shared,
        features: [.apiAccess: true, .pdfReports: true, .customCategories: true, .auditLog: true],
        limits: [.members: 5, .apiKeys: 3, .webhookEndpoints: 2, .statementsPerMonth: 50, .transactionsPerMonth: 50_000, .requestsPerMinute: 300]
    )
    public static let pro = Plan(
        id: .pro, name: "Pro", monthlyPriceCents: 4_500_00, tiers: [.shared, .schema], defaultTier: .schema,
        features: [
            .apiAccess: true, .webhooks: true, .pdfReports: true, .forecasting: true, .anomalyAlerts: true, .lenderReport: true,
            .customCategories: true, .auditLog: true,
        ],
        limits: [.members: 20, .apiKeys: 20, .webhookEndpoints: 10, .statementsPerMonth: 500, .transactionsPerMonth: 500_000, .requestsPerMinute: 1_200]
    )
    public static let enterprise = Plan(
        id: .enterprise, name: "Enterprise", monthlyPriceCents: 15_000_00, tiers: [.shared, .schema, .database], defaultTier: .database,
        features: Dictionary(uniqueKeysWithValues: Feature.allCases.map { ($0, true) }),
        limits: [.members: nil, .apiKeys: nil, .webhookEndpoints: nil, .statementsPerMonth: nil, .transactionsPerMonth: nil, .requestsPerMinute: 6_000]
    )

    public static let all: [Plan] = [free, starter, pro, enterprise]

    public static func plan(_ id: PlanID) -> Plan {
        switch id {
        case .free: free
        case .starter: starter
        case .pro: pro
        case .enterprise: enterprise
        }
    }
}
