import Platform

/// Where a public path goes: `/api/v1/<service>/<rest>` → `/v1/<rest>` on that service; the gateway's own
/// `/.well-known/jwks.json` → the auth service's. Anything else is the gateway's own business.
struct ProxyTarget: Sendable, Equatable {
    var service: ServiceName
    /// Path and query as the upstream receives them.
    var upstreamTarget: String

    static let prefix = "/api/v1/"

    /// `target` is the request target as received (path and query).
    init?(requestTarget target: String) {
        if target.hasPrefix(Self.prefix) {
            let rest = target.utf8.dropFirst(Self.prefix.utf8.count)
            let end = rest.firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }) ?? rest.endIndex
            guard let name = String(rest[rest.startIndex..<end]), let service = ServiceName(rawValue: name), service != .gateway else {
                return nil
            }
            self.service = service
            let remainder = String(Substring(rest[end...]))
            upstreamTarget = remainder.hasPrefix("?") || remainder.isEmpty ? "/v1" + remainder : "/v1" + remainder
        } else if target == "/.well-known/jwks.json" || target.hasPrefix("/.well-known/jwks.json?") {
            service = .auth
            upstreamTarget = target
        } else {
            return nil
        }
    }

    /// The route label of metrics and logs: low-cardinality by design.
    var routeLabel: String { service == .auth && upstreamTarget.hasPrefix("/.well-known") ? "/.well-known/jwks.json" : "/api/v1/\(service.rawValue)/**" }
}
