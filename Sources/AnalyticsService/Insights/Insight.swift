/// One finding about a tenant's money, phrased for a shopkeeper and backed by the ledger rows that show it.
struct Insight: Sendable, Hashable, Codable {
    /// What was found; the raw values are the wire names clients switch on.
    enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case revenueConcentration = "revenue_concentration"
        case unusualTransaction = "unusual_transaction"
        case spike
        case drop
        case feeLeakage = "fee_leakage"
        case fulizaDependence = "fuliza_dependence"
        case bettingSpend = "betting_spend"
        case recurringPayment = "recurring_payment"
    }

    /// How urgently the tenant should look; ordered so that sorting puts the most urgent first.
    enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case info
        case warning
        case critical

        private var rank: Int {
            switch self {
            case .info: 0
            case .warning: 1
            case .critical: 2
            }
        }

        static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// Evidence lists are capped so a payload stays small; the most telling rows come first.
    static let maximumEvidence = 20

    var kind: Kind
    var severity: Severity
    /// One sentence a shopkeeper understands.
    var title: String
    var detail: String
    var metrics: [String: MetricValue]
    /// Ledger row ids, at most ``maximumEvidence``, most telling first.
    var evidence: [String]

    init(kind: Kind, severity: Severity, title: String, detail: String, metrics: [String: MetricValue], evidence: [String]) {
        self.kind = kind
        self.severity = severity
        self.title = title
        self.detail = detail
        self.metrics = metrics
        self.evidence = Array(evidence.prefix(Self.maximumEvidence))
    }
}
