import Hummingbird
import Platform

/// The gateway's routes as the router and `/openapi.json` see them. Proxied paths are served by ``EdgeHandler``
/// before the router; the router only answers for names that are not services.
enum GatewayRoutes {
    static let proxiedMethods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]

    static func register(on router: ServiceRouter) {
        let services = ServiceName.upstreams.map(\.rawValue)
        for method in proxiedMethods {
            for path in ["/api/v1/{service}", "/api/v1/{service}/**"] {
                router.on(
                    method,
                    path,
                    OperationDoc(
                        summary: "Forward to a service: /api/v1/<service>/<rest> → /v1/<rest>",
                        description: """
                            service is one of \(services.joined(separator: ", ")). Each service documents its own routes at its /openapi.json \
                            (also reachable as /api/v1/<service>/openapi.json). A bearer access token (or an API key, `Bearer mpk_…`) is required \
                            except on public routes (docs/gateway.md). Answers carry `RateLimit-Policy` and `RateLimit` headers.
                            """,
                        tags: ["proxy"],
                        parameters: [.init("service", in: .path, schema: .string(enumValues: services), "The service to reach")],
                        responses: [
                            .init(200, "Whatever the service answers", contentType: "*/*", schema: .any()),
                            .init(401, "No valid access token", contentType: "application/problem+json", schema: .reference("Problem")),
                            .init(404, "No such service", contentType: "application/problem+json", schema: .reference("Problem")),
                            .init(413, "The body is larger than the route admits", contentType: "application/problem+json", schema: .reference("Problem")),
                            .init(429, "Over the rate limit (see Retry-After)", contentType: "application/problem+json", schema: .reference("Problem")),
                            .init(502, "The service is unreachable", contentType: "application/problem+json", schema: .reference("Problem")),
                            .init(503, "The service's circuit breaker is open or it is at its concurrency limit (see Retry-After)", contentType: "application/problem+json", schema: .reference("Problem")),
                            .init(504, "The service did not answer in time", contentType: "application/problem+json", schema: .reference("Problem")),
                        ]
                    )
                ) { _, context in
                    let name = context.parameters.get("service") ?? ""
                    guard let service = ServiceName(rawValue: name), service != .gateway else {
                        throw Problem.notFound("There is no service named '\(name.prefix(40))'; use one of \(services.joined(separator: ", "))")
                    }
                    // Requests for real services never get here: the edge handler proxies them before the router.
                    throw Problem.internalError(requestID: context.requestID)
                }
            }
        }
        router.document(
            .get,
            "/.well-known/jwks.json",
            OperationDoc(
                summary: "The public keys that verify access tokens (from the auth service)",
                tags: ["auth"],
                responses: [.init(200, "A JSON Web Key Set", schema: .any(description: "RFC 7517 JWK Set"))]
            )
        )
    }
}
