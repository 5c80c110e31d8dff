import HTTPTypes
import AsyncHTTPClient
import Hummingbird
import NIOCore
import NIOHTTP1
import Platform

/// Forwards a request to a service and streams the answer back, without buffering either body.
///
/// Hop-by-hop headers are dropped both ways (RFC 9110 §7.6.1), `X-Forwarded-For/-Proto/-Host` and the request
/// id are added, and redirects from the upstream are passed to the client rather than followed.
struct ReverseProxy: Sendable {
    let settings: PlatformSettings
    let client: ServiceHTTPClient
    let apiKeys: APIKeyExchange

    static let hopByHop: Set<String> = [
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer",
        "transfer-encoding", "upgrade", "host", "content-length",
    ]

    /// Headers the proxy sets itself.
    static let replaced: Set<String> = ["x-request-id", "traceparent", "tracestate", "x-forwarded-host", "x-forwarded-proto"]

    func forward(_ request: Request, context: ServiceRequestContext, to service: ServiceName, path: String) async throws -> Response {
        let base = settings.url(of: service)
        let query = request.uri.query.map { "?\($0)" } ?? ""
        var outbound = HTTPClientRequest(url: base + path + query)
        outbound.method = HTTPMethod(rawValue: request.method.rawValue)
        outbound.headers = Self.forwardedHeaders(request.headers)
        let priorForwardedFor = request.headers[.init("X-Forwarded-For")!]
        if let ip = context.remoteIP {
            outbound.headers.replaceOrAdd(name: "X-Forwarded-For", value: priorForwardedFor.map { "\($0), \(ip)" } ?? ip)
        }
        if let host = request.head.authority {
            outbound.headers.replaceOrAdd(name: "X-Forwarded-Host", value: host)
        }
        outbound.headers.replaceOrAdd(name: "X-Forwarded-Proto", value: request.headers[.init("X-Forwarded-Proto")!] ?? "http")
        outbound.headers.replaceOrAdd(name: "X-Request-Id", value: context.requestID)
        if let bearer = Authenticator.bearerToken(request.headers[.authorization]), APIKeyExchange.isAPIKey(bearer) {
            outbound.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(try await apiKeys.token(for: bearer))")
        }

        var pump: RequestBodyPump?
        if let length = request.headers[.contentLength].flatMap(Int.init) {
            if length > 0 {
                pump = RequestBodyPump(request.body)
                outbound.body = .stream(pump!.body, length: .known(Int64(length)))
            }
        } else if request.headers[.transferEncoding] != nil {
            pump = RequestBodyPump(request.body)
            outbound.body = .stream(pump!.body, length: .unknown)
        }

        let response: HTTPClientResponse
        do {
            response = try await client.execute(outbound)
        } catch {
            await pump?.finish(within: Self.bodyDrainLimit)
            throw error
        }
        // The upstream has answered, so it has read all of the body it wants.
        await pump?.finish(within: Self.bodyDrainLimit)
        var headers = HTTPFields()
        for header in response.headers where !Self.hopByHop.contains(header.name.lowercased()) {
            if let name = HTTPField.Name(header.name) { headers.append(HTTPField(name: name, value: header.value)) }
        }
        if let length = response.headers.first(name: "Content-Length") {
            headers[.contentLength] = length
        }
        return Response(
            status: HTTPResponse.Status(code: Int(response.status.code), reasonPhrase: response.status.reasonPhrase),
            headers: headers,
            body: ResponseBody(asyncSequence: response.body)
        )
    }

    /// How long a client still sending a body the upstream did not want may take to send its next bytes before its
    /// connection is closed (nginx's `lingering_timeout` plays the same part).
    static let bodyDrainLimit: Duration = .seconds(5)

    static func forwardedHeaders(_ fields: HTTPFields) -> HTTPHeaders {
        var headers = HTTPHeaders()
        let connectionTokens = Set(
            (fields[.connection] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        )
        for field in fields {
            let name = field.name.canonicalName
            // The trace context is re-injected for the proxy's own span (which continues the caller's trace);
            // forwarding the caller's header as well would send two and break extraction upstream.
            guard !hopByHop.contains(name), !connectionTokens.contains(name), !Self.replaced.contains(name) else { continue }
            headers.add(name: field.name.rawName, value: field.value)
        }
        return headers
    }
}
