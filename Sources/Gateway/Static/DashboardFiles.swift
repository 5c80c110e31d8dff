import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Platform

/// Serves the built dashboard (a React single-page app) at `/`, behind every route: it acts only on GET and
/// HEAD requests that no route matched, so `/health`, `/openapi.json`, `/api/v1/**` and the rest are untouched.
///
/// Files come with Content-Type, ETag, Last-Modified, conditional GET and ranges (Hummingbird's
/// `FileMiddleware`), the dashboard's caching (``DashboardCachePolicy``) and security headers. A browser
/// navigating to a client-side route (`/transactions?category=rent`) gets `index.html`; other unknown paths stay
/// 404 problems. Until the dashboard is built, `/` answers a page saying so.
///
/// The build writes a gzip copy beside each text file (`main-3F9A.js.gz`); a client that accepts gzip gets that copy
/// with `Content-Encoding: gzip` (about a third of the bytes, which matters on a phone connection); other clients and
/// range requests get the original. Both carry `Vary: Accept-Encoding` so caches keep them apart.
struct DashboardFiles: RouterMiddleware {
    typealias Context = ServiceRequestContext

    let directory: String
    private let files: FileMiddleware<ServiceRequestContext, ConfinedFileSystem>

    init(directory: String, logger: Logger) {
        self.directory = directory
        self.files = FileMiddleware(fileProvider: ConfinedFileSystem(directory: directory, logger: logger), searchForIndexHtml: true)
            .withAdditionalMediaTypes(forFileExtensions: [
                "html": MediaType(type: .text, subType: "html", parameter: ("charset", "utf-8")),
                "js": MediaType(type: .text, subType: "javascript", parameter: ("charset", "utf-8")),
                "mjs": MediaType(type: .text, subType: "javascript", parameter: ("charset", "utf-8")),
                "css": MediaType(type: .text, subType: "css", parameter: ("charset", "utf-8")),
                "map": MediaType(type: .application, subType: "json"),
            ])
    }

    /// Adds the middleware. Call after the other routes: a router middleware wraps the routes registered after it,
    /// and requests that match no route.
    static func register(on router: ServiceRouter, directory: String, logger: Logger) {
        router.router.add(middleware: DashboardFiles(directory: directory, logger: logger))
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            return try await next(request, context)
        }
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && context.endpointPath == "NotFound" {
            // "NotFound" is how Hummingbird marks a request no route matched, as opposed to a route's own 404.
            guard let response = try await answer(request, context: context) else { throw error }
            context.coreContext.endpointPath.value = "dashboard"
            return response
        }
    }

    /// The dashboard's answer to a GET or HEAD no route matched, or nil to leave it a 404.
    func answer(_ request: Request, context: Context) async throws -> Response? {
        guard case .file(let path) = DashboardRequestPath(request.uri.path) else { return nil }
        let navigation = DashboardRequestPath.acceptsHTML(request.headers[.accept])
        guard FileManager.default.fileExists(atPath: directory + "/index.html") else {
            return path == "/" || path == "/index.html" || navigation ? notBuilt(request) : nil
        }
        if let response = try await serve(path, for: request, context: context) {
            return response
        }
        // A client-side route: the app decides what to show. Ranges make no sense on a page standing in for another.
        return navigation ? try await serve("/index.html", for: request, context: context, keepingRange: false) : nil
    }

    /// The file at `path` (already screened), or nil when there is none; its gzip copy when the client takes one.
    private func serve(_ path: String, for request: Request, context: Context, keepingRange: Bool = true) async throws -> Response? {
        guard let mediaType = Self.compressibleTypes[(path as NSString).pathExtension.lowercased()],
            FileManager.default.fileExists(atPath: directory + path + ".gz")
        else {
            return try await serveFile(path, for: request, context: context, keepingRange: keepingRange)
        }
        let ranged = keepingRange && request.headers[.range] != nil
        guard !ranged, Self.acceptsGzip(request.headers[.acceptEncoding]),
            FileManager.default.fileExists(atPath: directory + path),
            var response = try await serveFile(path + ".gz", for: request, context: context, keepingRange: false)
        else {
            var response = try await serveFile(path, for: request, context: context, keepingRange: keepingRange)
            response?.headers[.vary] = "Accept-Encoding"
            return response
        }
        response.headers[.contentType] = mediaType
        response.headers[.cacheControl] = DashboardCachePolicy.cacheControl(forPath: path)
        if response.status != .notModified { response.headers[.contentEncoding] = "gzip" }
        response.headers[.vary] = "Accept-Encoding"
        return response
    }

    /// The text types the build compresses, with the media type the original is served with.
    static let compressibleTypes: [String: String] = [
        "html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8",
        "css": "text/css; charset=utf-8", "map": "application/json", "svg": "image/svg+xml", "json": "application/json",
    ]

    /// Whether `Accept-Encoding` takes gzip: named (or `*`) and not refused with a zero `q`.
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        var wildcard = false
        for item in header.lowercased().split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let coding = parts.first else { continue }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if coding == "gzip" || coding == "x-gzip" { return quality > 0 }
            if coding == "*" { wildcard = quality > 0 }
        }
        return wildcard
    }

    /// One file as Hummingbird's file middleware answers it, with the dashboard's caching and security headers.
    private func serveFile(_ path: String, for request: Request, context: Context, keepingRange: Bool) async throws -> Response? {
        var head = request.head
        head.path = path
        if !keepingRange {
            head.headerFields[.range] = nil
            head.headerFields[.ifRange] = nil
        }
        var response: Response
        do {
            response = try await files.handle(Request(head: head, body: request.body), context: context) { _, _ in throw HTTPError(.notFound) }
        } catch let error as HTTPError where error.status == .notFound {
            return nil
        }
        // 200, 206 and 304 carry the file's caching; the redirect of a directory to its path with a slash does not.
        if [.ok, .partialContent, .notModified].contains(response.status) {
            response.headers[.cacheControl] = DashboardCachePolicy.cacheControl(forPath: path)
        }
        DashboardResponseHeaders.apply(to: &response.headers)
        return response
    }

    private func notBuilt(_ request: Request) -> Response {
        let page = DashboardNotBuiltPage.html(directory: directory)
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8", .contentLength: String(page.utf8.count), .cacheControl: "no-store",
        ]
        DashboardResponseHeaders.apply(to: &headers)
        return Response(status: .ok, headers: headers, body: request.method == .head ? .init() : .init(byteBuffer: .init(string: page)))
    }
}
