import AsyncHTTPClient
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import Platform
import Testing
import TestSupport

/// An upstream that answers every request and records what reached it (the gateway's health checks aside).
private final class RecordingUpstream: Sendable {
    let arrivals = NIOLockedValueBox<[(path: String, headers: [String: String])]>([])

    var count: Int { arrivals.withLockedValue { $0.count } }
    var last: [String: String]? { arrivals.withLockedValue { $0.last?.headers } }

    func application() -> some ApplicationProtocol {
        let router = Router()
        let record: @Sendable (Request) async throws -> Response = { [self] request in
            _ = try await request.body.collect(upTo: 16 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            if request.uri.path != "/health" { arrivals.withLockedValue { $0.append((request.uri.path, headers)) } }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"ok":true}"#)))
        }
        router.on("/**", method: .get) { request, _ in try await record(request) }
        router.on("/**", method: .post) { request, _ in try await record(request) }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }
}

private struct EdgeHarness {
    let key: SigningKey
    let revocations = AccessRevocations()
    /// Tokens, the JWKS cache and the rate limiter read this clock: a test decides when time passes.
    let clock = ManualClock(Date())

    init() throws { key = try SigningKey() }

    func gateway(upstream: Int, _ extra: [String: String] = [:], tenantStatus: TenantFacts.Status = .active) throws -> some ApplicationProtocol {
        var values: [String: String] = ["gateway.port": "0", "gateway.staticDir": "/nonexistent", "gateway.retries": "0"]
        for service in ServiceName.upstreams { values["\(service.rawValue).url"] = "http://127.0.0.1:\(upstream)" }
        values.merge(extra) { $1 }
        var settings = try PlatformSettings.testing(values)
        settings.logLevel = .critical
        var dependencies = TestServices.dependencies(for: .gateway, keys: [key], time: .manual(clock), revocations: revocations)
        dependencies.tenantDirectory = TenantDirectory(logger: TestEnvironment.logger) { tenant in
            TenantFacts(id: tenant.rawValue, name: tenant.rawValue, status: tenantStatus, tier: .shared, relocatingTo: nil, plan: PlanCatalog.free)
        }
        return try Gateway.makeApplication(configuration: settings, dependencies: dependencies)
    }

    func bearer(_ claims: AccessClaims? = nil, key: SigningKey? = nil) async throws -> String {
        "Bearer " + (try await TokenFactory.sign(claims ?? TokenFactory.claims(now: clock.now), with: key ?? self.key))
    }
}

private func send(
    _ port: Int, _ method: HTTPMethod = .GET, _ path: String, headers: [(String, String)] = [], body: ByteBuffer? = nil
) async throws -> (status: Int, headers: HTTPHeaders, body: String) {
    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
    request.method = method
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if let body { request.body = .bytes(body) }
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
    return (Int(response.status.code), response.headers, text)
}

/// The value of one series in a Prometheus exposition.
private func metricValue(_ exposition: String, _ series: String) -> Double? {
    exposition.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.dropFirst(series.count + 1)) }
}

private func problem(_ text: String) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
}

@Suite("Gateway edge security")
struct EdgeSecurityTests {
    @Test("a request without a token is refused at the edge with a 401 problem and never reaches the service")
    func missingToken() async throws {
        let upstream = RecordingUpstream()
        let harness = try EdgeHarness()
        try await upstream.application().test(.live) { up in
            try await harness.gateway(upstream: up.port!).test(.live) { client in
                let answer = try await send(client.port!, .GET, "/api/v1/analytics/summary")
                #expect(answer.status == 401)
                #expect(answer.headers.first(name: "Content-Type") == "application/problem+json")
                #expect(answer.headers.first(name: "WWW-Authenticate")?.hasPrefix("Bearer") == true)
                #expect(try problem(answer.body)["reason"] == "missing")
                #expect(upstream.count == 0)
                let metrics = try await send(client.port!, .GET, "/metrics")
                #expect(metrics.body.contains(#"auth_rejections_total{reason="missing"} 1"#))
            }
        }
    }

    @Test(
        "expired, not-yet-valid, wrongly addressed, forged and alg-none tokens are refused with their reason",
        arguments: ["expired", "not_yet_valid", "audience", "issuer", "signature", "algorithm"]
    )
    func badTokens(reason: String) async throws {
        let upstream = RecordingUpstream()
        let harness = try EdgeHarness()
        let now = harness.clock.now
        let token: String
        switch reason {
        case "expired": token = try await harness.bearer(TokenFactory.claims(now: now.addingTimeInterval(-3600)))
        case "not_yet_valid": token = try await harness.bearer(TokenFactory.claims(now: now.addingTimeInterval(600)))
        case "audience": token = try await harness.bearer(TokenFactory.claims(audience: "someone-else"))
        case "issuer": token = try await harness.bearer(TokenFactory.claims(issuer: "evil"))
        case "signature":
            let other = try SigningKey(kid: harness.key.kid)
            token = try await harness.bearer(TokenFactory.claims(), key: other)
        default: token = "Bearer " + (try TokenFactory.unsigned(TokenFactory.claims()))
        }
        try await upstream.application().test(.live) { up in
            try await harness.gateway(upstream: up.port!).test(.live) { client in
                let answer = try await send(client.port!, .GET, "/api/v1/analytics/summary", headers: [("Authorization", token)])
                #expect(answer.status == 401)
                #expect(try problem(answer.body)["reason"]?.stringValue == reason)
                #expect(upstream.count == 0)
            }
        }
    }

    @Test("a valid token reaches the service with the trace continued and the rate-limit state of the organisation's plan")
    func validToken() async throws {
        let upstream = RecordingUpstream()
        let harness = try EdgeHarness()
        try await upstream.application().test(.live) { up in
            try await harness.gateway(upstream: up.port!).test(.live) { client in
                let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
                // The test client, not AsyncHTTPClient, which would put a traceparent of its own on the request.
                let authorization = try await harness.bearer()
                let answer = try await client.execute(
                    uri: "/api/v1/analytics/summary?from=2026-01-01", method: .get,
                    headers: [.authorization: authorization, .traceparent: "00-\(traceID)-00f067aa0ba902b7-01"]
                ) { response in response }
                #expect(answer.status == .ok)
                #expect(answer.headers[.rateLimitPolicy] == #""tenant";q=60;w=60"#)
                #expect(answer.headers[.rateLimit]?.hasPrefix(#""tenant";r=59;"#) == true)
                #expect(answer.headers[.init("X-Content-Type-Options")!] == "nosniff")
                #expect(answer.headers[.xRequestID]?.count == 32)
                let received = try #require(upstream.last)
                let traceparent = try #require(received["traceparent"])
                #expect(traceparent.hasPrefix("00-\(traceID)-"))
                #expect(!traceparent.contains("00f067aa0ba902b7"), "the gateway forwards its own span id, parented on the caller's")
                #expect(received["authorization"]?.hasPrefix("Bearer ") == true)
                #expect(received["x-request-id"] == answer.headers[.xRequestID])
            }
        }
    }

    @Test("public routes need no token: log-in, each service's health, and routes the operator adds")
    func publicRoutes() async throws {
        let upstream = RecordingUpstream()
        let harness = try EdgeHarness()
        try await upstream.application().test(.live) { up in
            try await harness.gateway(upstream: up.port!, ["gateway.publicRoutes": "GET /api/v1/billing/plans, POST /api/v1/payment/webhooks/*"]).test(.live) { client in
                let port = client.port!
                #expect(try await send(port, .POST, "/api/v1/auth/login", body: ByteBuffer(string: "{}")).status == 200)
                #expect(try await send(port, .GET, "/api/v1/parser/health").status == 200)
                #expect(try await send(port, .GET, "/api/v1/billing/plans").status == 200)
                #expect(try await send(port, .POST, "/api/v1/payment/webhooks/stk/confirm", body: ByteBuffer(string: "{}")).status == 200)
                #expect(try await send(port, .POST, "/api/v1/payment/webhooks", body: ByteBuffer(string: "{}")).status == 401, "a trailing * needs at least one more segment")
                #expect(try await send(port, .GET, "/api/v1/billing/plans/pro").status == 401)
                let anonymous = try await send(port, .GET, "/api/v1/parser/health")
                #expect(anonymous.headers.first(name: "RateLimit-Policy") == #""ip";q=120;w=60"#)
            }
        }
    }

    @Test("a suspended organisation is refused, whether the suspension came as an event or from the tenant service")
    func suspendedTenant() async throws {
        let upstream = RecordingUpstream()
        let harness = try EdgeHarness()
        try await upstream.application().test(.live) { up in
            try await harness.gateway(upstream: up.port!).test(.live) { client in
                let token = try await harness.bearer()
                #expect(try await send(client.port!, .GET, "/api/v1/analytics/summary", headers: [("Authorization", token)]).status == 200)
                harness.revocations.setSuspended(tenant: "acme", true)
                let refused = try await send(client.port!, .GET, "/api/v1/analytics/summary", headers: [("Authorization", token)])
                #expect(refused.status == 401)
                #expect(try problem(refused.body)["reason"] == "tenant_suspended")
            }
            try await harness.gateway(upstream: up.port!, tenantStatus: .suspended).test(.live) { client in
                let refused = try await send(client.port!, .GET, "/api/v1/analytics/summary", headers: [("Authorization", try await harness.bearer())])
                #expect(refused.status == 401)
                #expect(try problem(refused.body)["reason"] == "tenant_suspended")
            }
            #expect(upstream.count == 1)
        }
    }

    @Test("an organisation over its plan's limit gets 429 with Retry-After after exactly its quota; shadow mode only reports")
    func tenantRateLimit() async throws {
        let upstream = RecordingUpstream()
        let harness = try EdgeHarness()
        try await upstream.application().test(.live) { up in
            for mode in ["enforce", "shadow"] {
                try await harness.gateway(upstream: up.port!, ["gateway.rateLimit.mode": mode]).test(.live) { client in
                    let token = try await harness.bearer()
                    var statuses: [Int] = []
                    var lastRefusal: (status: Int, headers: HTTPHeaders, body: String)?
                    for _ in 0..<70 {
                        let answer = try await send(client.port!, .GET, "/api/v1/analytics/summary", headers: [("Authorization", token)])
                        statuses.append(answer.status)
                        if answer.status == 429 { lastRefusal = answer }
                    }
                    let metrics = try await send(client.port!, .GET, "/metrics").body
                    let allowed = statuses.filter { $0 == 200 }.count
                    let refused = statuses.filter { $0 == 429 }.count
                    if mode == "enforce" {
                        // The Free plan allows 60 a minute; the test's clock stands still, so nothing refills.
                        #expect(allowed == 60 && refused == 10)
                        #expect(Array(statuses.prefix(60)).allSatisfy { $0 == 200 })
                        let refusal = try #require(lastRefusal)
                        #expect(refusal.headers.first(name: "Content-Type") == "application/problem+json")
                        #expect(Int(refusal.headers.first(name: "Retry-After") ?? "") ?? 0 >= 1)
                        #expect(refusal.headers.first(name: "RateLimit")?.hasPrefix(#""tenant";r=0;"#) == true)
                        #expect(try problem(refusal.body)["type"]?.stringValue?.hasSuffix("rate-limited") == true)
                        #expect(metrics.contains(#"gateway_rate_limited_total{scope="tenant",mode="enforce"} \#(refused)"#))
                        // Two seconds later the bucket has refilled two requests' worth.
                        harness.clock.advance(by: 2)
                        let refilled = try await send(client.port!, .GET, "/api/v1/analytics/summary", headers: [("Authorization", token)])
                        #expect(refilled.status == 200)
                        #expect(refilled.headers.first(name: "RateLimit")?.hasPrefix(#""tenant";r=1;"#) == true)
                    } else {
                        #expect(allowed == 70)
                        let reported = metricValue(metrics, #"gateway_rate_limited_total{scope="tenant",mode="shadow"}"#)
                        #expect(reported == 10, "the would-be refusals are counted")
                    }
                }
            }
        }
    }

    @Test("CORS: an allowed origin's preflight is answered at the edge, others are refused, answers carry the origin")
    func cors() async throws {
        let upstream = RecordingUpstream()
        let harness = try EdgeHarness()
        try await upstream.application().test(.live) { up in
            try await harness.gateway(upstream: up.port!, ["gateway.corsOrigins": "https://app.duka.co.ke"]).test(.live) { client in
                let port = client.port!
                let preflight = try await send(
                    port, .OPTIONS, "/api/v1/analytics/transactions",
                    headers: [("Origin", "https://app.duka.co.ke"), ("Access-Control-Request-Method", "PATCH"), ("Access-Control-Request-Headers", "authorization")]
                )
                #expect(preflight.status == 204)
                #expect(preflight.headers.first(name: "Access-Control-Allow-Origin") == "https://app.duka.co.ke")
                #expect(preflight.headers.first(name: "Access-Control-Allow-Methods")?.contains("PATCH") == true)
                #expect(preflight.headers.first(name: "Access-Control-Allow-Credentials") == "true")
                let foreign = try await send(port, .OPTIONS, "/api/v1/analytics/transactions", headers: [("Origin", "https://evil.example"), ("Access-Control-Request-Method", "GET")])
                #expect(foreign.status == 403)
                #expect(foreign.headers.first(name: "Access-Control-Allow-Origin") == nil)
                let actual = try await send(port, .GET, "/api/v1/analytics/summary", headers: [("Origin", "https://app.duka.co.ke"), ("Authorization", try await harness.bearer())])
                #expect(actual.status == 200)
                #expect(actual.headers.first(name: "Access-Control-Allow-Origin") == "https://app.duka.co.ke")
                #expect(actual.headers[canonicalForm: "Vary"].contains("Origin"))
                #expect(upstream.count == 1, "preflights never reach the service")
            }
        }
    }

    @Test("paths that could walk out of /v1 on the service are refused", arguments: [
        "/api/v1/analytics/../internal/v1/tenants/acme", "/api/v1/analytics/%2e%2e/internal", "/api/v1/analytics/..%2Finternal", "/api/v1/analytics/./x",
        "/api/v1/analytics/x%5c..%5cinternal", "/api/v1/analytics/%2E%2e%2fx", "/api/v1/analytics/a%00b",
    ])
    func traversal(path: String) async throws {
        let upstream = RecordingUpstream()
        let harness = try EdgeHarness()
        try await upstream.application().test(.live) { up in
            try await harness.gateway(upstream: up.port!).test(.live) { client in
                let answer = try await send(client.port!, .GET, path, headers: [("Authorization", try await harness.bearer())])
                #expect(answer.status == 400)
                #expect(upstream.count == 0)
            }
        }
    }

    @Test("the route table file sets a body limit per upstream: larger bodies get 413 before reaching the service")
    func bodyLimitFromRouteTable() async throws {
        let upstream = RecordingUpstream()
        let harness = try EdgeHarness()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(TestEnvironment.uniqueName("routes"))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("routes.json")
        try #"{"upstreams": {"categorizer": {"max_body_bytes": 1000}}, "public_routes": ["POST /api/v1/categorizer/open"]}"#.write(to: file, atomically: true, encoding: .utf8)
        try await upstream.application().test(.live) { up in
            try await harness.gateway(upstream: up.port!, ["gateway.routesFile": file.path]).test(.live) { client in
                let token = try await harness.bearer()
                let small = try await send(client.port!, .POST, "/api/v1/categorizer/categorize", headers: [("Authorization", token)], body: ByteBuffer(repeating: 0x41, count: 900))
                #expect(small.status == 200)
                let large = try await send(client.port!, .POST, "/api/v1/categorizer/categorize", headers: [("Authorization", token)], body: ByteBuffer(repeating: 0x41, count: 5000))
                #expect(large.status == 413)
                #expect(try problem(large.body)["type"]?.stringValue?.contains("too-large") == true || large.body.contains("1000"))
                #expect(try await send(client.port!, .POST, "/api/v1/categorizer/open", body: ByteBuffer(string: "{}")).status == 200)
                // Other upstreams keep the platform's limit.
                #expect(try await send(client.port!, .POST, "/api/v1/analytics/echo", headers: [("Authorization", token)], body: ByteBuffer(repeating: 0x41, count: 5000)).status == 200)
                #expect(upstream.count == 3)
            }
        }
    }

    @Test("a route table that cannot be used stops start-up with a message naming the problem", arguments: [
        #"{"upstreams": {"kafka": {}}}"#, #"{"upstreams": {"analytics": {"replicas": ["https://x:1"]}}}"#,
        #"{"upstreams": {"analytics": {"retries": 99}}}"#, #"{"public_routes": ["nonsense"]}"#, "not json",
    ])
    func badRouteTable(content: String) async throws {
        let harness = try EdgeHarness()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(TestEnvironment.uniqueName("routes") + ".json")
        try content.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(throws: (any Error).self) { _ = try harness.gateway(upstream: 1, ["gateway.routesFile": file.path]) }
    }
}
