import AsyncHTTPClient
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import NIOCore
import Platform
import Testing
import TestSupport

/// An upstream that reports what reached it, and streams a large body on request.
private func echoUpstream() -> some ApplicationProtocol {
    let router = Router()
    router.on("/v1/echo", method: .post) { request, _ -> Response in
        let body = try await request.body.collect(upTo: 64 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let report: JSONValue = .object([
            ("path", .string(request.uri.path)),
            ("query", .string(request.uri.query ?? "")),
            ("bytes", .int(Int64(body.readableBytes))),
            ("headers", .object(headers.sorted(by: { $0.key < $1.key }).map { ($0.key, .string($0.value)) })),
        ])
        return jsonResponse(report)
    }
    router.get("/v1/stream") { _, _ -> Response in
        let chunks = (0..<64).map { _ in ByteBuffer(repeating: UInt8(ascii: "m"), count: 64 * 1024) }
        return Response(status: .ok, headers: [.contentType: "application/octet-stream"], body: ResponseBody(asyncSequence: chunks.async))
    }
    // Refuses without reading the body, as a service does for a body over its limit.
    router.post("/v1/refuse") { _, _ -> Response in
        Response(status: .contentTooLarge)
    }
    router.get("/v1/redirect") { _, _ -> Response in
        Response(status: .found, headers: [.location: "http://example.com/elsewhere"])
    }
    return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
}

extension Array where Element: Sendable {
    var async: AsyncStream<Element> {
        AsyncStream { continuation in
            for element in self { continuation.yield(element) }
            continuation.finish()
        }
    }
}

/// The key the test gateway trusts, and a token it signs for organisation `acme`.
private let signingKey = try! SigningKey()

private func bearer() async throws -> String {
    "Bearer " + (try await TokenFactory.sign(TokenFactory.claims(), with: signingKey))
}

private func gateway(upstreamPort: Int?) throws -> some ApplicationProtocol {
    var values: [String: String] = ["gateway.port": "0", "gateway.rateLimit.mode": "off", "gateway.retries": "0"]
    // Every upstream points at the echo server, or at a closed port to play "down".
    for service in ServiceName.upstreams {
        values["\(service.rawValue).url"] = "http://127.0.0.1:\(upstreamPort ?? 1)"
    }
    var settings = try PlatformSettings.testing(values)
    settings.logLevel = .critical
    return try Gateway.makeApplication(configuration: settings, dependencies: TestServices.dependencies(for: .gateway, keys: [signingKey]))
}

@Suite("Gateway reverse proxy")
struct ReverseProxyTests {
    @Test("/api/v1/<service>/<rest> reaches /v1/<rest> with query, body and forwarding headers; hop-by-hop headers are dropped")
    func forwarding() async throws {
        try await echoUpstream().test(.live) { upstream in
            // AsyncHTTPClient as the client: the live test client rewrites the Connection header.
            try await gateway(upstreamPort: upstream.port!).test(.ahc(.http)) { client in
                let body = ByteBuffer(repeating: 0x41, count: 300_000)
                try await client.execute(
                    uri: "/api/v1/analytics/echo?from=2026-01-01&to=2026-01-31",
                    method: .post,
                    headers: [.authorization: try await bearer(), .contentType: "application/octet-stream", .connection: "keep-alive, X-Secret-Hop", .init("X-Secret-Hop")!: "1", .xRequestID: "trace-me-1", .init("Keep-Alive")!: "timeout=5"],
                    body: body
                ) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.xRequestID] == "trace-me-1")
                    let report = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
                    #expect(report["path"] == "/v1/echo")
                    #expect(report["query"] == "from=2026-01-01&to=2026-01-31")
                    #expect(report["bytes"] == 300_000)
                    let headers = try #require(report["headers"])
                    #expect(headers["x-request-id"] == "trace-me-1")
                    #expect(headers["x-forwarded-for"] == "127.0.0.1")
                    #expect(headers["x-forwarded-proto"] == "http")
                    #expect(headers["traceparent"]?.stringValue?.hasPrefix("00-") == true)
                    #expect(headers["x-secret-hop"] == nil)
                    #expect(headers["keep-alive"] == nil)
                }
            }
        }
    }

    @Test("a large response streams through intact")
    func streamingResponse() async throws {
        try await echoUpstream().test(.live) { upstream in
            try await gateway(upstreamPort: upstream.port!).test(.live) { client in
                try await client.execute(uri: "/api/v1/parser/stream", method: .get, headers: [.authorization: try await bearer()]) { response in
                    #expect(response.status == .ok)
                    #expect(response.body.readableBytes == 64 * 64 * 1024)
                }
            }
        }
    }

    @Test("an upstream that answers before reading the body: the client gets the answer and the gateway keeps serving")
    func earlyAnswer() async throws {
        try await echoUpstream().test(.live) { upstream in
            try await gateway(upstreamPort: upstream.port!).test(.live) { client in
                let base = "http://127.0.0.1:\(client.port!)"
                let authorization = try await bearer()
                // Clients that send their whole body at once get the answer, not a reset connection.
                for _ in 0..<5 {
                    var request = HTTPClientRequest(url: base + "/api/v1/parser/refuse")
                    request.method = .POST
                    request.headers.add(name: "Authorization", value: authorization)
                    request.body = .bytes(ByteBuffer(repeating: 0x41, count: 2_000_000))
                    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                    #expect(response.status == .payloadTooLarge)
                }
                // A client that stops sending until it has the answer gets it once the gateway gives up on the body.
                let (body, sender) = AsyncStream<ByteBuffer>.makeStream()
                sender.yield(ByteBuffer(repeating: 0x41, count: 64 * 1024))
                var request = HTTPClientRequest(url: base + "/api/v1/parser/refuse")
                request.method = .POST
                request.headers.add(name: "Authorization", value: authorization)
                request.body = .stream(body, length: .unknown)
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                #expect(response.status == .payloadTooLarge)
                sender.finish()
                _ = try? await response.body.collect(upTo: 1 << 20)
                // Still serving, with a body read to its end.
                var echo = HTTPClientRequest(url: base + "/api/v1/parser/echo")
                echo.method = .POST
                echo.headers.add(name: "Authorization", value: authorization)
                echo.body = .bytes(ByteBuffer(repeating: 0x43, count: 100_000))
                let echoed = try await HTTPClient.shared.execute(echo, timeout: .seconds(30))
                #expect(echoed.status == .ok)
                let report = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: try await echoed.body.collect(upTo: 1 << 20)))
                #expect(report["bytes"] == 100_000)
            }
        }
    }

    @Test("redirects from an upstream are passed to the client, not followed")
    func redirectsPassThrough() async throws {
        try await echoUpstream().test(.live) { upstream in
            try await gateway(upstreamPort: upstream.port!).test(.live) { client in
                try await client.execute(uri: "/api/v1/auth/redirect", method: .get, headers: [.authorization: try await bearer()]) { response in
                    #expect(response.status == .found)
                    #expect(response.headers[.location] == "http://example.com/elsewhere")
                }
            }
        }
    }

    @Test("an unknown service is a 404 problem naming the real ones")
    func unknownService() async throws {
        try await gateway(upstreamPort: nil).test(.live) { client in
            try await client.execute(uri: "/api/v1/kafka/topics", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(String(buffer: response.body).contains("analytics"))
            }
        }
    }

    @Test("an upstream that is down is a 502 problem, and /ready reports it down")
    func upstreamDown() async throws {
        try await gateway(upstreamPort: nil).test(.live) { client in
            try await client.execute(uri: "/api/v1/analytics/summary", method: .get, headers: [.authorization: try await bearer()]) { response in
                #expect(response.status == .badGateway)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let report = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
                #expect(report["status"] == "not_ready")
                for service in ServiceName.upstreams {
                    #expect(report["checks"]?[service.rawValue]?["status"] == "down")
                }
            }
        }
    }
}
