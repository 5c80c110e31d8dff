import HTTPTypes

/// Which browser origins may call the API, and the headers that tell the browser so (Fetch standard, CORS).
///
/// A listed origin is echoed back with credentials allowed (the dashboard's refresh cookie); `*` admits any origin
/// without credentials. Preflights (`OPTIONS` with `Access-Control-Request-Method`) are answered by the gateway
/// itself and never reach a service.
struct CORSPolicy: Sendable {
    let origins: Set<String>
    let anyOrigin: Bool
    static let allowedMethods = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
    static let allowedHeaders = "Authorization, Content-Type, Idempotency-Key, X-Request-Id, X-Session-Cookie, traceparent, tracestate"
    static let exposedHeaders = "X-Request-Id, RateLimit, RateLimit-Policy, Retry-After, Location, Content-Disposition"
    static let maxAgeSeconds = "600"

    init(origins: [String]) {
        anyOrigin = origins.contains("*")
        self.origins = Set(origins.filter { $0 != "*" }.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 })
    }

    /// The value for `Access-Control-Allow-Origin`, or nil when the origin is not allowed.
    func allowedOrigin(_ origin: String) -> String? {
        if origins.contains(origin) { return origin }
        return anyOrigin ? "*" : nil
    }

    /// Adds the response headers of an actual (non-preflight) cross-origin request.
    func decorate(_ fields: inout HTTPFields, origin: String?) {
        guard let origin, let allowed = allowedOrigin(origin) else { return }
        fields[.accessControlAllowOrigin] = allowed
        if allowed != "*" { fields[.accessControlAllowCredentials] = "true" }
        fields[.accessControlExposeHeaders] = Self.exposedHeaders
        fields.append(HTTPField(name: .vary, value: "Origin"))
    }

    /// Headers answering a preflight, or nil when the origin or method is not allowed (the browser then blocks).
    func preflight(origin: String, requestedMethod: String) -> HTTPFields? {
        guard let allowed = allowedOrigin(origin), Self.allowedMethods.contains(requestedMethod.uppercased()), !requestedMethod.isEmpty else { return nil }
        var fields = HTTPFields()
        fields[.accessControlAllowOrigin] = allowed
        if allowed != "*" { fields[.accessControlAllowCredentials] = "true" }
        fields[.accessControlAllowMethods] = Self.allowedMethods
        fields[.accessControlAllowHeaders] = Self.allowedHeaders
        fields[.accessControlMaxAge] = Self.maxAgeSeconds
        fields[.vary] = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"
        return fields
    }
}
