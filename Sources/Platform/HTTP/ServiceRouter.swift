import Foundation
import HTTPTypes
import Hummingbird

/// The handler signature of every route.
public typealias RouteHandler = @Sendable (Request, ServiceRequestContext) async throws -> Response

/// Registers a service's routes together with their documentation, and completes the HTTP surface every
/// service shares: 405 with `Allow` for a known path with the wrong method, and `/openapi.json` built from
/// exactly the routes registered.
///
/// Used only while the application is assembled (it is not shared across tasks).
public final class ServiceRouter {
    public let router: Router<ServiceRequestContext>
    public private(set) var routes: [RegisteredRoute] = []
    private let service: ServiceName

    public init(service: ServiceName, middleware: [any MiddlewareProtocol<Request, Response, ServiceRequestContext>]) {
        self.service = service
        self.router = Router(context: ServiceRequestContext.self)
        for item in middleware {
            router.add(middleware: item)
        }
    }

    public func get(_ path: String, _ doc: OperationDoc, _ handler: @escaping RouteHandler) { on(.get, path, doc, handler) }
    public func post(_ path: String, _ doc: OperationDoc, _ handler: @escaping RouteHandler) { on(.post, path, doc, handler) }
    public func put(_ path: String, _ doc: OperationDoc, _ handler: @escaping RouteHandler) { on(.put, path, doc, handler) }
    public func patch(_ path: String, _ doc: OperationDoc, _ handler: @escaping RouteHandler) { on(.patch, path, doc, handler) }
    public func delete(_ path: String, _ doc: OperationDoc, _ handler: @escaping RouteHandler) { on(.delete, path, doc, handler) }

    public func on(_ method: HTTPRequest.Method, _ path: String, _ doc: OperationDoc, _ handler: @escaping RouteHandler) {
        precondition(!routes.contains { $0.method == method.rawValue && $0.path == path }, "route \(method) \(path) registered twice")
        routes.append(RegisteredRoute(method: method.rawValue, path: path, doc: doc))
        router.on(RouterPath(path), method: method, use: { (request: Request, context: ServiceRequestContext) in
            try await handler(request, context)
        })
    }

    /// Documents a route that is served before the router (the gateway's event-loop proxy), so `/openapi.json`
    /// describes it too.
    public func document(_ method: HTTPRequest.Method, _ path: String, _ doc: OperationDoc) {
        precondition(!routes.contains { $0.method == method.rawValue && $0.path == path }, "route \(method) \(path) registered twice")
        routes.append(RegisteredRoute(method: method.rawValue, path: path, doc: doc))
    }

    /// Adds `/openapi.json` and the 405 answers, then builds the responder. Call once, after every route.
    public func finish(openAPITitle: String, description: String, schemas: [(String, JSONSchema)] = []) -> Router<ServiceRequestContext> {
        let openAPIDoc = OperationDoc(
            summary: "This service's OpenAPI 3.1 description",
            tags: ["operations"],
            responses: [.init(200, "The OpenAPI document", schema: .any(description: "OpenAPI 3.1"))]
        )
        routes.append(RegisteredRoute(method: "GET", path: "/openapi.json", doc: openAPIDoc))
        routes.append(RegisteredRoute(method: "GET", path: "/v1/openapi.json", doc: openAPIDoc))
        let document = OpenAPIDocument(
            title: openAPITitle,
            version: PlatformInfo.version,
            description: description,
            routes: routes,
            schemas: schemas
        )
        let body = document.json.serialized()
        // Also under /v1 so that the gateway's /api/v1/<service>/openapi.json reaches it.
        for path in ["/openapi.json", "/v1/openapi.json"] {
            router.get(RouterPath(path)) { _, _ in
                Response(
                    status: .ok,
                    headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-cache"],
                    body: .init(byteBuffer: .init(string: body))
                )
            }
        }
        let methods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]
        for (path, registered) in Dictionary(grouping: routes, by: \.path) {
            let allowed = registered.map(\.method).sorted()
            for method in methods where !allowed.contains(method.rawValue) {
                router.on(RouterPath(path), method: method, use: { (request: Request, _: ServiceRequestContext) -> Response in
                    throw Problem.methodNotAllowed(method: request.method.rawValue, path: request.uri.path, allowed: allowed)
                })
            }
        }
        return router
    }
}

/// Facts about the build.
public enum PlatformInfo {
    public static let version = "0.1.0"
    public static let startedAt = Date()
}
