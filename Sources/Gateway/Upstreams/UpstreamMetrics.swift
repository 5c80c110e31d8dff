import Platform
import Prometheus

/// The Prometheus series of one upstream, created once so the hot path only increments.
final class UpstreamMetrics: Sendable {
    private let responses: [Counter]  // by status class 1xx…5xx, index 0 for "no answer"
    private let duration: DurationHistogram
    private let retryCount: Counter
    private let breakerState: Gauge
    private let breakerOpened: Counter
    private let breakerHalfOpened: Counter
    private let breakerClosed: Counter
    private let breakerRejections: Counter
    private let concurrencyRejections: Counter
    private let replicaUp: [Gauge]

    init(service: ServiceName, replicas: [ReplicaAddress], metrics: ServiceMetrics) {
        let registry = metrics.registry
        let name = service.rawValue
        responses = ["error", "1xx", "2xx", "3xx", "4xx", "5xx"].map { outcome in
            registry.makeCounter(
                descriptor: .init(metricName: "gateway_upstream_responses", unitName: "total", helpText: "Answers from each upstream by status class (`error`: none, the gateway answered 502/504)"),
                labels: [("upstream", name), ("class", outcome)]
            )
        }
        duration = registry.makeDurationHistogram(
            descriptor: .init(metricName: "gateway_upstream_duration", unitName: "seconds", helpText: "Time from forwarding a request to the upstream's response head"),
            labels: [("upstream", name)],
            buckets: ServiceMetrics.latencyBuckets
        )
        retryCount = metrics.counter("gateway_upstream_retries", help: "Requests sent again to an upstream after a failure", labels: [("upstream", name)])
        breakerState = metrics.gauge("gateway_breaker_state", help: "Circuit breaker per upstream: 0 closed, 1 half-open, 2 open", labels: [("upstream", name)])
        let transitions = { (to: String) in
            metrics.counter("gateway_breaker_transitions", help: "Circuit breaker state changes per upstream", labels: [("upstream", name), ("to", to)])
        }
        breakerOpened = transitions("open")
        breakerHalfOpened = transitions("half_open")
        breakerClosed = transitions("closed")
        let rejections = { (reason: String) in
            metrics.counter("gateway_upstream_rejections", help: "Requests the gateway refused with 503 to protect an upstream", labels: [("upstream", name), ("reason", reason)])
        }
        breakerRejections = rejections("breaker_open")
        concurrencyRejections = rejections("concurrency_limit")
        replicaUp = replicas.map { replica in
            let gauge = metrics.gauge("gateway_replica_up", help: "Whether the active health checks see the replica up", labels: [("upstream", name), ("replica", replica.description)])
            gauge.set(to: 1.0)
            return gauge
        }
        breakerState.set(to: 0.0)
    }

    func recordResponse(status: Int?, duration elapsed: Duration) {
        let index = status.map { min(max($0 / 100, 1), 5) } ?? 0
        responses[index].increment()
        duration.record(elapsed)
    }

    func recordRetry() { retryCount.increment() }
    func recordBreakerRejection() { breakerRejections.increment() }
    func recordConcurrencyRejection() { concurrencyRejections.increment() }
    func replica(_ index: Int, healthy: Bool) { replicaUp[index].set(to: healthy ? 1.0 : 0.0) }

    func breakerChanged(from: CircuitBreaker.State, to: CircuitBreaker.State) {
        switch to {
        case .closed:
            breakerState.set(to: 0.0)
            breakerClosed.increment()
        case .halfOpen:
            breakerState.set(to: 1.0)
            breakerHalfOpened.increment()
        case .open:
            breakerState.set(to: 2.0)
            breakerOpened.increment()
        }
    }
}
