import Platform
import Prometheus

/// The edge's own series: rate-limit refusals by scope and mode.
final class EdgeMetrics: Sendable {
    enum Scope: String, Sendable, CaseIterable, CustomStringConvertible {
        case tenant
        case apiKey = "api_key"
        case user
        case ip

        var description: String {
            switch self {
            case .tenant: "organisation"
            case .apiKey: "API key"
            case .user: "account (no organisation selected)"
            case .ip: "client address"
            }
        }
    }

    private let enforced: [Scope: Counter]
    private let shadowed: [Scope: Counter]

    init(metrics: ServiceMetrics, limiter: TokenBucketLimiter? = nil) {
        func make(_ mode: String) -> [Scope: Counter] {
            Dictionary(uniqueKeysWithValues: Scope.allCases.map { scope in
                (scope, metrics.counter("gateway_rate_limited", help: "Requests over a rate limit, by scope; mode `shadow` counts those let through in report-only mode", labels: [("scope", scope.rawValue), ("mode", mode)]))
            })
        }
        enforced = make("enforce")
        shadowed = make("shadow")
        if let limiter {
            let keys = metrics.gauge("gateway_rate_limit_keys", help: "Rate-limit buckets held in memory (bounded by gateway.rateLimit.maxKeys)")
            metrics.sampleBeforeExposition { keys.set(to: Double(limiter.keyCount)) }
        }
    }


    func rateLimited(_ scope: Scope, shadow: Bool) {
        (shadow ? shadowed : enforced)[scope]?.increment()
    }
}
