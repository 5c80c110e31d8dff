import Platform
import Synchronization

/// Everything the gateway knows about one upstream service at run time: its replicas, how it balances across
/// them, its circuit breaker, concurrency cap and retry budget, and its metrics. Shared by every event loop.
final class Upstream: Sendable {
    let spec: UpstreamSpec
    let replicas: [Replica]
    let breaker: CircuitBreaker
    let concurrency: ConcurrencyCap
    let retryBudget: RetryBudget
    let retryPolicy: RetryPolicy
    let metrics: UpstreamMetrics
    private let cursor = Atomic<Int>(0)

    init(spec: UpstreamSpec, breakerSettings: CircuitBreaker.Settings, metrics: UpstreamMetrics) {
        self.spec = spec
        self.replicas = spec.replicas.enumerated().map { Replica(address: $0.element, index: $0.offset) }
        self.metrics = metrics
        self.breaker = CircuitBreaker(settings: breakerSettings) { from, to in
            metrics.breakerChanged(from: from, to: to)
        }
        self.concurrency = ConcurrencyCap(limit: spec.maxConcurrent)
        self.retryBudget = RetryBudget()
        self.retryPolicy = RetryPolicy(maxRetries: spec.retries)
    }

    var service: ServiceName { spec.service }

    /// The replica for the next attempt: healthy ones first (all of them if none is), skipping `avoid` (the one
    /// that just failed) when there is a choice.
    func pickReplica(avoiding avoid: Replica?) -> Replica {
        if replicas.count == 1 { return replicas[0] }
        var candidates = replicas.filter { $0.isHealthy && $0 !== avoid }
        if candidates.isEmpty { candidates = replicas.filter { $0 !== avoid } }
        if candidates.isEmpty { candidates = replicas }
        let start = cursor.add(1, ordering: .relaxed).newValue & Int.max
        switch spec.balancing {
        case .roundRobin:
            return candidates[start % candidates.count]
        case .leastOutstanding:
            // Scan from a rotating start so that ties spread evenly instead of piling on the first replica.
            var best = candidates[start % candidates.count]
            for offset in 1..<candidates.count {
                let candidate = candidates[(start + offset) % candidates.count]
                if candidate.outstanding < best.outstanding { best = candidate }
            }
            return best
        }
    }

    /// Whether at least one replica passes its health checks.
    var isAnyReplicaHealthy: Bool { replicas.contains { $0.isHealthy } }
}
