import HTTPTypes
import Foundation
import Hummingbird
import Logging

/// Gives every request an id, counts and times it in the service's metrics, and writes one JSON access-log line.
///
/// It sits just inside the tracing middleware, so the access log carries the request's `trace_id` and `span_id`.
public struct ObservedRequestMiddleware: RouterMiddleware {
    public typealias Context = ServiceRequestContext

    let metrics: ServiceMetrics
    let maxUploadSize: Int
    let authenticator: Authenticator?
    let serviceCredential: ServiceCredential?
    /// Paths polled by machines (probes, scrapers) are logged at debug level so they do not drown real traffic.
    static let quietPaths: Set<String> = ["/health", "/ready", "/metrics"]

    public init(metrics: ServiceMetrics, maxUploadSize: Int, authenticator: Authenticator?, serviceCredential: ServiceCredential? = nil) {
        self.metrics = metrics
        self.maxUploadSize = maxUploadSize
        self.authenticator = authenticator
        self.serviceCredential = serviceCredential
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let requestID = Self.acceptedRequestID(request.headers[.xRequestID]) ?? Self.makeRequestID()
        var context = context
        context.requestID = requestID
        context.maxUploadSize = maxUploadSize
        context.authenticator = authenticator
        context.serviceCredential = serviceCredential
        context.logger[metadataKey: "request_id"] = .string(requestID)
        metrics.requestStarted()
        defer { metrics.requestFinished() }

        var response = try await RequestScope.$currentRequestID.withValue(requestID) {
            try await next(request, context)
        }
        response.headers[.xRequestID] = requestID
        let elapsed = ContinuousClock.now - started
        let route = context.endpointPath ?? "unmatched"
        metrics.recordRequest(method: request.method.rawValue, route: route, status: response.status.code, duration: elapsed)

        let level: Logger.Level = Self.quietPaths.contains(request.uri.path) && response.status.code < 500 ? .debug : .info
        var metadata: Logger.Metadata = [
            "http.method": .string(request.method.rawValue),
            "http.path": .string(request.uri.path),
            "http.route": .string(route),
            "http.status": .stringConvertible(response.status.code),
            "duration_ms": .string(String(format: "%.3f", Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)),
        ]
        if let tenant = context.scope.tenantID { metadata["tenant_id"] = .string(tenant) }
        context.logger.log(level: level, "request", metadata: metadata)
        return response
    }

    /// A caller-supplied id is kept only if it is short and plain, so it is safe in logs and headers.
    public static func acceptedRequestID(_ value: String?) -> String? {
        guard let value, (1...128).contains(value.utf8.count) else { return nil }
        let allowed = value.utf8.allSatisfy { byte in
            (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == 45 || byte == 95 || byte == 46 || byte == 58
        }
        return allowed ? value : nil
    }

    public static func makeRequestID() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        let hex = String(high, radix: 16) + String(low, radix: 16)
        return String(repeating: "0", count: max(0, 32 - hex.count)) + hex
    }
}

extension HTTPField.Name {
    public static let xRequestID = HTTPField.Name("X-Request-Id")!
    public static let traceparent = HTTPField.Name("traceparent")!
    public static let rateLimit = HTTPField.Name("RateLimit")!
    public static let rateLimitPolicy = HTTPField.Name("RateLimit-Policy")!
    public static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
}
