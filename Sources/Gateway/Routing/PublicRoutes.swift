/// Routes that need no access token: sign-up and log-in, key exchange, the public keys, Daraja's callbacks, each
/// service's health and API description. The list is configurable (`gateway.publicRoutes`, the route table's
/// `public_routes`), always on top of these built-in ones.
///
/// A pattern is `METHOD /path`: a `*` segment matches one path segment; a trailing `*` matches the rest (one or more
/// segments). `*` as the method matches any method.
struct PublicRoutes: Sendable {
    struct Pattern: Sendable, Equatable {
        var method: Substring
        var segments: [Substring]
        var matchesRest: Bool

        init?(_ text: String) {
            let parts = text.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2, parts[1].hasPrefix("/") else { return nil }
            method = parts[0].uppercased()[...]
            var segments = parts[1].split(separator: "/", omittingEmptySubsequences: true)
            matchesRest = segments.last == "*" && parts[1].hasSuffix("/*")
            if matchesRest { segments.removeLast() }
            self.segments = segments
        }

        func matches(method: String, segments path: [Substring]) -> Bool {
            guard self.method == "*" || self.method == method else { return false }
            if matchesRest {
                guard path.count > segments.count else { return false }
            } else {
                guard path.count == segments.count else { return false }
            }
            for (pattern, segment) in zip(segments, path) where pattern != "*" && pattern != segment {
                return false
            }
            return true
        }
    }

    static let builtIn: [String] = [
        "POST /api/v1/auth/register", "POST /api/v1/auth/login", "POST /api/v1/auth/refresh", "POST /api/v1/auth/logout",
        "POST /api/v1/auth/mfa/login", "POST /api/v1/auth/password/forgot", "POST /api/v1/auth/password/reset",
        "POST /api/v1/auth/email/verify", "POST /api/v1/auth/email/resend", "POST /api/v1/auth/token",
        "POST /api/v1/tenant/invitations/preview", "GET /api/v1/auth/.well-known/jwks.json", "GET /.well-known/jwks.json",
        "POST /api/v1/payment/callbacks/*", "GET /api/v1/*/health", "GET /api/v1/*/openapi.json",
    ]

    let patterns: [Pattern]

    /// Fails with the first pattern that does not parse.
    init(extra: [String]) throws(GatewayConfigurationError) {
        var patterns: [Pattern] = []
        for text in Self.builtIn + extra {
            guard let pattern = Pattern(text) else { throw .invalid("public route '\(text)' is not `METHOD /path`") }
            patterns.append(pattern)
        }
        self.patterns = patterns
    }

    func isPublic(method: String, path: Substring) -> Bool {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        return patterns.contains { $0.matches(method: method, segments: segments) }
    }
}
