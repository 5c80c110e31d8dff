import HTTPTypes

/// Headers every API answer leaving the gateway carries (OWASP secure-headers guidance for JSON APIs), unless the
/// service already set them.
enum SecurityHeaders {
    static let fields: [(HTTPField.Name, String)] = [
        (.xContentTypeOptions, "nosniff"),
        (.xFrameOptions, "DENY"),
        (.referrerPolicy, "no-referrer"),
        (.contentSecurityPolicy, "default-src 'none'; frame-ancestors 'none'"),
    ]

    static func apply(to headers: inout HTTPFields) {
        for (name, value) in fields where headers[name] == nil {
            headers[name] = value
        }
    }
}

extension HTTPField.Name {
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let xForwardedHost = HTTPField.Name("X-Forwarded-Host")!
    static let xForwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    static let tracestate = HTTPField.Name("tracestate")!
    static let w3cTraceparent = HTTPField.Name("traceparent")!
    static let keepAlive = HTTPField.Name("Keep-Alive")!
    static let proxyConnection = HTTPField.Name("Proxy-Connection")!
}
