import NIOConcurrencyHelpers
import Platform
import Prometheus

/// The platform's `http_requests_total`, `http_request_duration_seconds` and `http_request_errors_total` for
/// proxied routes, with the series handles cached so a request costs one dictionary lookup, not a registry walk.
final class RouteMetrics: Sendable {
    private struct Key: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    private struct Series {
        var requests: Counter
        var duration: DurationHistogram
        var errors: Counter?
    }

    private let metrics: ServiceMetrics
    private let cache = NIOLockedValueBox<[Key: Series]>([:])

    init(metrics: ServiceMetrics) {
        self.metrics = metrics
    }

    func record(method: String, route: String, status: Int, duration: Duration) {
        let key = Key(method: method, route: route, status: status)
        let series = cache.withLockedValue { cache -> Series in
            if let found = cache[key] { return found }
            let registry = metrics.registry
            let made = Series(
                requests: registry.makeCounter(
                    descriptor: .init(metricName: "http_requests", unitName: "total", helpText: "HTTP requests served, by route and status"),
                    labels: [("method", method), ("route", route), ("status", String(status))]
                ),
                duration: registry.makeDurationHistogram(
                    descriptor: .init(metricName: "http_request_duration", unitName: "seconds", helpText: "Time to produce the response head"),
                    labels: [("method", method), ("route", route)],
                    buckets: ServiceMetrics.latencyBuckets
                ),
                errors: status >= 400
                    ? registry.makeCounter(
                        descriptor: .init(metricName: "http_request_errors", unitName: "total", helpText: "Requests answered with 4xx or 5xx, by route"),
                        labels: [("method", method), ("route", route), ("class", status >= 500 ? "5xx" : "4xx")]
                    ) : nil
            )
            cache[key] = made
            return made
        }
        series.requests.increment()
        series.duration.record(duration)
        series.errors?.increment()
    }
}
