import NIOConcurrencyHelpers
import Prometheus

/// The Prometheus registry of one service, exposed at its `/metrics`.
///
/// Each service owns its registry (rather than the process-global `MetricsSystem`) so that in `mpesa serve all`,
/// where eleven servers share one process, every service's `/metrics` reports only its own traffic.
public final class ServiceMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    public let service: ServiceName

    /// Latency buckets from 0.5 ms to 30 s: the gateway cares about sub-millisecond overhead, uploads about seconds.
    public static let latencyBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500),
        .seconds(5), .seconds(10), .seconds(30),
    ]

    private let inFlight: Gauge
    private let samplers = NIOLockedValueBox<[@Sendable () -> Void]>([])

    public init(service: ServiceName, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.service = service
        self.registry = registry
        self.inFlight = registry.makeGauge(
            descriptor: .init(metricName: "http_requests_in_flight", unitName: "", helpText: "Requests being served right now")
        )
        registry.makeGauge(
            descriptor: .init(metricName: "mpesa_service_info", unitName: "", helpText: "Which service this endpoint belongs to"),
            labels: [("service", service.rawValue)]
        ).set(to: 1.0)
    }

    /// Records one served request: its count, duration and, for 4xx/5xx, an error count.
    public func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        let statusText = String(status)
        registry.makeCounter(
            descriptor: .init(metricName: "http_requests", unitName: "total", helpText: "HTTP requests served, by route and status"),
            labels: [("method", method), ("route", route), ("status", statusText)]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(metricName: "http_request_duration", unitName: "seconds", helpText: "Time to produce the response head"),
            labels: [("method", method), ("route", route)],
            buckets: Self.latencyBuckets
        ).record(duration)
        if status >= 400 {
            registry.makeCounter(
                descriptor: .init(metricName: "http_request_errors", unitName: "total", helpText: "Requests answered with 4xx or 5xx, by route"),
                labels: [("method", method), ("route", route), ("class", status >= 500 ? "5xx" : "4xx")]
            ).increment()
        }
    }

    public func requestStarted() { inFlight.increment() }
    public func requestFinished() { inFlight.decrement() }

    /// A counter of this service, created on first use (`name` without the `_total` suffix).
    public func counter(_ name: String, help: String, labels: [(String, String)] = []) -> Counter {
        registry.makeCounter(descriptor: .init(metricName: name, unitName: "total", helpText: help), labels: labels)
    }

    /// A gauge of this service, created on first use.
    public func gauge(_ name: String, help: String, labels: [(String, String)] = []) -> Gauge {
        registry.makeGauge(descriptor: .init(metricName: name, unitName: "", helpText: help), labels: labels)
    }

    /// Runs `sample` before every exposition: for gauges read from state rather than updated as it changes.
    public func sampleBeforeExposition(_ sample: @escaping @Sendable () -> Void) {
        samplers.withLockedValue { $0.append(sample) }
    }

    /// The exposition text served at `/metrics`.
    public func exposition() -> [UInt8] {
        for sample in samplers.withLockedValue({ $0 }) { sample() }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 * 1024)
        registry.emit(into: &buffer)
        return buffer
    }
}
