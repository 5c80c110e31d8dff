import Hummingbird
import Platform

/// The gateway's public routes.
enum GatewayRoutes {
    static let proxiedMethods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]

    static func register(on router: ServiceRouter, proxy: ReverseProxy) {
        for method in proxiedMethods {
            for path in ["/api/v1/{service}", "/api/v1/{service}/**"] {
                router.on(
                    method,
                    path,
                    OperationDoc(
                        summary: "Forward to a service: /api/v1/<service>/<rest> → /v1/<rest>",
                        description: "service is one of \(ServiceName.upstreams.map(\.rawValue).joined(separator: ", ")). Each service documents its own routes at its /openapi.json.",
                        tags: ["proxy"],
                        parameters: [
                            .init("service", in: .path, schema: .string(enumValues: ServiceName.upstreams.map(\.rawValue)), "The service to reach")
                        ],
                        responses: [
                            .init(200, "Whatever the service answers", contentType: "*/*", schema: .any()),
                            .init(502, "The service is unreachable", contentType: "application/problem+json", schema: .reference("Problem")),
                            .init(504, "The service did not answer in time", contentType: "application/problem+json", schema: .reference("Problem")),
                        ]
                    )
                ) { request, context in
                    let name = context.parameters.get("service") ?? ""
                    guard let service = ServiceName(rawValue: name), service != .gateway else {
                        throw Problem.notFound("There is no service named '\(name.prefix(40))'; use one of \(ServiceName.upstreams.map(\.rawValue).joined(separator: ", "))")
                    }
                    let prefix = "/api/v1/\(name)"
                    let rest = String(request.uri.path.dropFirst(prefix.count))
                    return try await proxy.forward(request, context: context, to: service, path: "/v1" + rest)
                }
            }
        }
        router.get(
            "/.well-known/jwks.json",
            OperationDoc(
                summary: "The public keys that verify access tokens (from the auth service)",
                tags: ["auth"],
                responses: [.init(200, "A JSON Web Key Set", schema: .any(description: "RFC 7517 JWK Set"))]
            )
        ) { request, context in
            try await proxy.forward(request, context: context, to: .auth, path: "/.well-known/jwks.json")
        }
    }
}
