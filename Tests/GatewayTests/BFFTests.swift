import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Platform
import Testing
import TestSupport

@testable import Gateway

// MARK: - Fake upstreams

/// What one request to a fake upstream carried.
private struct Received: Sendable {
    var path: String
    var query: String
    var authorization: String?
    var requestID: String?
}

/// Every request the fake upstreams received, except health checks.
private actor UpstreamLog {
    private(set) var received: [Received] = []

    func record(_ request: Request) {
        guard request.uri.path != "/health" else { return }
        received.append(Received(
            path: request.uri.path, query: request.uri.query ?? "",
            authorization: request.headers[.authorization], requestID: request.headers[.xRequestID]
        ))
    }
}

/// Holds a slow upstream's answer until the test releases it, so "slow" needs no waiting on a clock.
private actor Gate {
    private(set) var isOpen = false
    func open() { isOpen = true }
}

/// A meeting point: each caller waits until `expected` callers have arrived. Upstreams that wait here can all
/// answer only if the gateway calls them concurrently; called one after another, the first waits alone until the
/// gateway gives up on it.
private actor Rendezvous {
    let expected: Int
    private var arrived = 0

    init(expected: Int) { self.expected = expected }

    func arrive() { arrived += 1 }
    var complete: Bool { arrived >= expected }
}

/// How a fake upstream answers one path.
private enum Script: Sendable {
    /// 200 with `{"path", "query", "authorization"}`.
    case echo
    case answer(HTTPResponse.Status, JSONValue)
    /// Answers 200 only once the gate is open.
    case waitFor(Gate)
    /// Answers 200 only once everyone has arrived.
    case meet(Rendezvous)
}

private func problemBody(_ status: Int, _ type: String, _ detail: String) -> JSONValue {
    .object([("type", .string(type)), ("title", "Refused"), ("status", .int(Int64(status))), ("detail", .string(detail))])
}

/// An upstream answering GETs by `scripts` (by path; anything else echoes), recording what it received.
private func fakeUpstream(_ scripts: [String: Script] = [:], log: UpstreamLog) -> some ApplicationProtocol {
    let router = Router()
    router.get("/**") { request, _ -> Response in
        await log.record(request)
        let echo: JSONValue = .object([
            ("path", .string(request.uri.path)), ("query", .string(request.uri.query ?? "")),
            ("authorization", request.headers[.authorization].map(JSONValue.string) ?? .null),
        ])
        switch scripts[request.uri.path] ?? .echo {
        case .echo:
            return jsonResponse(echo)
        case .answer(let status, let body):
            var response = jsonResponse(body, status: status)
            if status.code >= 400 { response.headers[.contentType] = "application/problem+json" }
            return response
        case .waitFor(let gate):
            try await eventually(timeout: .seconds(30), "the test to release the slow upstream") { await gate.isOpen }
            return jsonResponse(echo)
        case .meet(let rendezvous):
            await rendezvous.arrive()
            try await eventually(timeout: .seconds(30), "the other upstream calls to arrive") { await rendezvous.complete }
            return jsonResponse(echo)
        }
    }
    return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
}

// MARK: - The gateway under test

/// A closed port: connections to it are refused.
private let closedPort = 1

private struct Harness {
    let key: SigningKey
    let clock: ManualClock

    init(clock: ManualClock = ManualClock(Date())) throws {
        self.key = try SigningKey()
        self.clock = clock
    }

    /// The gateway with auth, tenant and analytics at the given ports (the closed port when nil).
    func gateway(auth: Int?, tenant: Int?, analytics: Int?) throws -> some ApplicationProtocol {
        var values: [String: String] = ["gateway.port": "0", "gateway.staticDir": "/nonexistent/dashboard"]
        for service in ServiceName.upstreams {
            values["\(service.rawValue).url"] = "http://127.0.0.1:\(closedPort)"
        }
        for (service, port) in [(ServiceName.auth, auth), (.tenant, tenant), (.analytics, analytics)] {
            values["\(service.rawValue).url"] = "http://127.0.0.1:\(port ?? closedPort)"
        }
        var settings = try PlatformSettings.testing(values)
        settings.logLevel = .critical
        return try Gateway.makeApplication(
            configuration: settings, dependencies: TestServices.dependencies(for: .gateway, keys: [key], time: .manual(clock))
        )
    }

    /// A valid access token for `tenant` (none: a token bound to no organisation).
    func token(tenant: String? = "acme") async throws -> String {
        try await TokenFactory.sign(TokenFactory.claims(now: clock.now, tenant: tenant), with: key)
    }
}

private func json(_ buffer: ByteBuffer) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: Data(buffer: buffer))
}

private func bearer(_ token: String, requestID: String = "bff-test-1") -> HTTPFields {
    [.authorization: "Bearer \(token)", .xRequestID: requestID]
}

/// Runs `body` with fake auth+tenant (one app) and analytics upstreams and a gateway pointing at them.
private func withUpstreams(
    identity: [String: Script] = [:],
    analytics: [String: Script] = [:],
    harness: Harness,
    _ body: @escaping @Sendable (any TestClientProtocol, UpstreamLog) async throws -> Void
) async throws {
    let log = UpstreamLog()
    try await fakeUpstream(identity, log: log).test(.live) { identityClient in
        try await fakeUpstream(analytics, log: log).test(.live) { analyticsClient in
            try await harness.gateway(auth: identityClient.port, tenant: identityClient.port, analytics: analyticsClient.port).test(.live) { client in
                try await body(client, log)
            }
        }
    }
}

// MARK: - Tests through the gateway

@Suite("BFF endpoints for the dashboard")
struct BFFTests {
    @Test("overview: each section is ok, error or unavailable as its upstream answered, and the answer is still 200")
    func overviewSections() async throws {
        let harness = try Harness()
        let token = try await harness.token()
        let slow = Gate()
        let identity: [String: Script] = [
            "/v1/me": .answer(.ok, ["user_id": "usr_alice", "email": "alice@example.com"]),
            "/v1/organizations/acme": .answer(.ok, ["id": "acme", "name": "Acme Traders"]),
            "/v1/organizations/acme/usage": .answer(.forbidden, problemBody(403, "/problems/forbidden", "Usage is for owners")),
        ]
        let analytics: [String: Script] = [
            "/v1/counterparties": .answer(.internalServerError, problemBody(500, "/problems/internal-error", "boom")),
            "/v1/insights": .waitFor(slow),
        ]
        try await withUpstreams(identity: identity, analytics: analytics, harness: harness) { client, _ in
            do {
                try await client.execute(uri: "/bff/v1/overview?from=2026-10-30&to=2026-11-28", method: .get, headers: bearer(token)) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.cacheControl] == "no-store")
                    #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                    let document = try json(response.body)
                    #expect(document["from"] == "2026-10-30")
                    #expect(document["to"] == "2026-11-28")
                    #expect(document["generated_at"]?.stringValue.flatMap(RFC3339.parse) != nil)
                    let sections = try #require(document["sections"])
                    #expect(sections["account"]?["status"] == "ok")
                    #expect(sections["account"]?["data"]?["email"] == "alice@example.com")
                    #expect(sections["organisation"]?["data"]?["name"] == "Acme Traders")
                    #expect(sections["usage"]?["status"] == "error")
                    #expect(sections["usage"]?["http_status"] == 403)
                    #expect(sections["usage"]?["problem"]?["detail"] == "Usage is for owners")
                    #expect(sections["summary"]?["status"] == "ok")
                    #expect(sections["categories"]?["status"] == "ok")
                    #expect(sections["counterparties"]?["status"] == "unavailable")
                    #expect(sections["counterparties"]?["reason"] == "analytics answered 500")
                    #expect(sections["insights"]?["status"] == "unavailable")
                    #expect(sections["insights"]?["reason"] == "analytics did not answer within 2000 ms")
                    #expect((sections["insights"]?["duration_ms"]?.int64Value ?? 0) >= 2000)
                    #expect(sections["timeseries"]?["data"]?["query"] == "from=2026-10-30&to=2026-11-28&granularity=day")
                    for name in ["account", "organisation", "usage", "summary", "categories", "counterparties", "insights", "timeseries"] {
                        #expect(sections[name]?["duration_ms"]?.int64Value != nil, "section \(name)")
                    }
                }
            } catch {
                await slow.open()
                throw error
            }
            await slow.open()
        }
    }

    @Test("the fan-out is concurrent: three upstreams that each wait for the others all answer")
    func concurrentFanOut() async throws {
        let harness = try Harness()
        let token = try await harness.token()
        let meeting = Rendezvous(expected: 3)
        try await withUpstreams(
            identity: ["/v1/me": .meet(meeting), "/v1/organizations/acme": .meet(meeting)],
            analytics: ["/v1/summary": .meet(meeting)],
            harness: harness
        ) { client, _ in
            try await client.execute(uri: "/bff/v1/overview", method: .get, headers: bearer(token)) { response in
                #expect(response.status == .ok)
                let sections = try #require(try json(response.body)["sections"])
                for name in ["account", "organisation", "summary"] {
                    #expect(sections[name]?["status"] == "ok", "section \(name): \(sections[name]?.serialized() ?? "missing")")
                }
            }
        }
    }

    @Test("the caller's Authorization header and request id reach every upstream")
    func forwardsCredentials() async throws {
        let harness = try Harness()
        let token = try await harness.token()
        try await withUpstreams(harness: harness) { client, log in
            try await client.execute(uri: "/bff/v1/settings", method: .get, headers: bearer(token, requestID: "settings-req-7")) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.xRequestID] == "settings-req-7")
            }
            let received = await log.received
            #expect(Set(received.map(\.path)) == [
                "/v1/me", "/v1/sessions", "/v1/api-keys", "/v1/organizations/acme", "/v1/organizations/acme/members", "/v1/organizations/acme/usage",
            ])
            for request in received {
                #expect(request.authorization == "Bearer \(token)", "\(request.path)")
                #expect(request.requestID == "settings-req-7", "\(request.path)")
            }
        }
    }

    @Test("settings: one section per call, in the documented shape")
    func settingsScreen() async throws {
        let harness = try Harness()
        let token = try await harness.token()
        try await withUpstreams(harness: harness) { client, _ in
            try await client.execute(uri: "/bff/v1/settings", method: .get, headers: bearer(token)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "no-store")
                let document = try json(response.body)
                #expect(document["from"] == nil)
                let sections = try #require(document["sections"])
                let expected = [
                    ("account", "/v1/me"), ("sessions", "/v1/sessions"), ("api_keys", "/v1/api-keys"), ("organisation", "/v1/organizations/acme"),
                    ("members", "/v1/organizations/acme/members"), ("usage", "/v1/organizations/acme/usage"),
                ]
                for (name, path) in expected {
                    #expect(sections[name]?["status"] == "ok", "\(name)")
                    #expect(sections[name]?["data"]?["path"] == .string(path), "\(name)")
                }
            }
        }
    }

    @Test("every upstream down: still 200, every section unavailable with a reason naming its service")
    func everythingDown() async throws {
        let harness = try Harness()
        let token = try await harness.token()
        try await harness.gateway(auth: nil, tenant: nil, analytics: nil).test(.live) { client in
            try await client.execute(uri: "/bff/v1/overview", method: .get, headers: bearer(token)) { response in
                #expect(response.status == .ok)
                let sections = try #require(try json(response.body)["sections"])
                let services = [
                    ("account", "auth"), ("organisation", "tenant"), ("usage", "tenant"), ("summary", "analytics"), ("categories", "analytics"),
                    ("counterparties", "analytics"), ("insights", "analytics"), ("timeseries", "analytics"),
                ]
                for (name, service) in services {
                    #expect(sections[name]?["status"] == "unavailable", "\(name)")
                    let reason = sections[name]?["reason"]?.stringValue ?? ""
                    #expect(reason.hasPrefix(service + " "), "\(name): \(reason)")
                }
            }
        }
    }

    @Test("no token, a malformed token or one signed by an unknown key: 401 before any upstream is called")
    func unauthenticated() async throws {
        let harness = try Harness()
        let stranger = try SigningKey()
        let foreign = try await TokenFactory.sign(TokenFactory.claims(now: harness.clock.now), with: stranger)
        try await withUpstreams(harness: harness) { client, log in
            let attempts: [HTTPFields] = [[:], [.authorization: "Bearer not-a-jwt"], [.authorization: "Basic YWxpY2U6c2VjcmV0"], [.authorization: "Bearer \(foreign)"]]
            for path in ["/bff/v1/overview", "/bff/v1/cashflow", "/bff/v1/settings"] {
                for headers in attempts {
                    try await client.execute(uri: path, method: .get, headers: headers) { response in
                        #expect(response.status == .unauthorized, "\(path) \(headers)")
                        #expect(response.headers[.contentType] == "application/problem+json")
                        #expect(response.headers[.wwwAuthenticate] != nil)
                    }
                }
            }
            #expect(await log.received.isEmpty)
        }
    }

    @Test("a token bound to no organisation: 403 before any upstream is called")
    func noTenant() async throws {
        let harness = try Harness()
        let token = try await harness.token(tenant: nil)
        try await withUpstreams(harness: harness) { client, log in
            for path in ["/bff/v1/overview", "/bff/v1/cashflow", "/bff/v1/settings"] {
                try await client.execute(uri: path, method: .get, headers: bearer(token)) { response in
                    #expect(response.status == .forbidden, "\(path)")
                    let problem = try json(response.body)
                    #expect(problem["type"] == "/problems/forbidden")
                    #expect(problem["detail"]?.stringValue?.contains("switch") == true)
                }
            }
            #expect(await log.received.isEmpty)
        }
    }

    @Test("auth refusing the token (/v1/me answers 401): the whole answer is 401, the session is gone")
    func sessionRefusedByAuth() async throws {
        let harness = try Harness()
        let token = try await harness.token()
        let refusal = problemBody(401, "/problems/unauthorized", "The session was revoked; sign in again")
        try await withUpstreams(identity: ["/v1/me": .answer(.unauthorized, refusal)], harness: harness) { client, _ in
            for path in ["/bff/v1/overview", "/bff/v1/settings"] {
                try await client.execute(uri: path, method: .get, headers: bearer(token)) { response in
                    #expect(response.status == .unauthorized, "\(path)")
                    #expect(response.headers[.contentType] == "application/problem+json")
                    let problem = try json(response.body)
                    #expect(problem["detail"] == "The session was revoked; sign in again")
                    #expect(problem["sections"] == nil)
                }
            }
        }
    }

    @Test(
        "bad dates are refused with a problem naming the parameter",
        arguments: [
            ("from=2026-13-01", 400, "/from"), ("from=yesterday", 400, "/from"), ("to=2026-02-30", 400, "/to"), ("from=", 400, "/from"),
            ("from=2026-1-01&to=2026-02-01", 400, "/from"), ("from=2026-01-01T00:00:00", 400, "/from"), ("to=%27%3B--", 400, "/to"),
            ("from=2026-11-28&to=2026-11-01", 422, "/from"), ("from=2020-01-01&to=2026-11-28", 422, "/from"),
        ]
    )
    func badDates(query: String, status: Int, pointer: String) async throws {
        let harness = try Harness()
        let token = try await harness.token()
        try await withUpstreams(harness: harness) { client, log in
            try await client.execute(uri: "/bff/v1/overview?\(query)", method: .get, headers: bearer(token)) { response in
                #expect(response.status.code == status)
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try json(response.body)
                #expect(problem["errors"]?.arrayValue?.first?["pointer"] == .string(pointer))
            }
            #expect(await log.received.isEmpty)
        }
    }

    @Test("without dates the overview covers the last 30 days by the Nairobi calendar")
    func defaultRange() async throws {
        // 21:30 UTC on 28 November is 00:30 on the 29th in Nairobi (UTC+3).
        let now = try #require(RFC3339.parse("2026-11-28T21:30:00Z"))
        let harness = try Harness(clock: ManualClock(now))
        let token = try await harness.token()
        try await withUpstreams(harness: harness) { client, log in
            try await client.execute(uri: "/bff/v1/overview", method: .get, headers: bearer(token)) { response in
                #expect(response.status == .ok)
                let document = try json(response.body)
                #expect(document["from"] == "2026-10-31")
                #expect(document["to"] == "2026-11-29")
                #expect(document["generated_at"] == "2026-11-28T21:30:00Z")
            }
            let summary = await log.received.first { $0.path == "/v1/summary" }
            #expect(summary?.query == "from=2026-10-31&to=2026-11-29")
        }
    }

    @Test("cashflow: summary, daily series, forecast over the horizon and recurring payments")
    func cashflowScreen() async throws {
        let harness = try Harness()
        let token = try await harness.token()
        try await withUpstreams(harness: harness) { client, _ in
            try await client.execute(uri: "/bff/v1/cashflow?horizon_days=90", method: .get, headers: bearer(token)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "no-store")
                let document = try json(response.body)
                #expect(document["horizon_days"] == 90)
                let sections = try #require(document["sections"])
                #expect(sections["summary"]?["data"]?["path"] == "/v1/summary")
                #expect(sections["timeseries"]?["data"]?["query"] == "granularity=day")
                #expect(sections["forecast"]?["data"]?["path"] == "/v1/forecast")
                #expect(sections["forecast"]?["data"]?["query"] == "horizon_days=90")
                #expect(sections["recurring"]?["data"]?["path"] == "/v1/insights")
                #expect(sections["recurring"]?["data"]?["query"] == "kind=recurring")
            }
            try await client.execute(uri: "/bff/v1/cashflow", method: .get, headers: bearer(token)) { response in
                let document = try json(response.body)
                #expect(document["horizon_days"] == 30)
            }
            for (query, status) in [("horizon_days=6", 422), ("horizon_days=181", 422), ("horizon_days=abc", 400), ("horizon_days=", 400)] {
                try await client.execute(uri: "/bff/v1/cashflow?\(query)", method: .get, headers: bearer(token)) { response in
                    #expect(response.status.code == status, "\(query)")
                    let problem = try json(response.body)
                    #expect(problem["errors"]?.arrayValue?.first?["pointer"] == "/horizon_days")
                }
            }
        }
    }

    @Test("/openapi.json documents the BFF routes under the bff tag, with their parameters and answers")
    func documented() async throws {
        let harness = try Harness()
        try await harness.gateway(auth: nil, tenant: nil, analytics: nil).test(.live) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                let document = try json(response.body)
                for path in ["/bff/v1/overview", "/bff/v1/cashflow", "/bff/v1/settings"] {
                    let operation = try #require(document["paths"]?[path]?["get"], "\(path)")
                    #expect(operation["tags"] == ["bff"])
                    for status in ["200", "401", "403"] {
                        #expect(operation["responses"]?[status] != nil, "\(path) \(status)")
                    }
                }
                let overview = document["paths"]?["/bff/v1/overview"]?["get"]
                #expect(overview?["responses"]?["400"] != nil)
                #expect(overview?["parameters"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["from", "to"])
                #expect(document["paths"]?["/bff/v1/cashflow"]?["get"]?["parameters"]?.arrayValue?.first?["name"] == "horizon_days")
            }
        }
    }
}

// MARK: - The pure core

@Suite("BFF documents, outcomes and ranges")
struct BFFCoreTests {
    @Test("a document renders each outcome in the documented shape, sections in call order")
    func rendering() throws {
        let results = [
            BFFSectionResult(call: BFFCall("account", .auth, "/v1/me"), outcome: .ok(["user_id": "usr_1"]), duration: .milliseconds(3)),
            BFFSectionResult(
                call: BFFCall("usage", .tenant, "/v1/organizations/acme/usage"),
                outcome: .error(httpStatus: 403, problem: ["type": "/problems/forbidden", "status": 403]), duration: .microseconds(1500)
            ),
            BFFSectionResult(
                call: BFFCall("summary", .analytics, "/v1/summary"), outcome: .unavailable(reason: "analytics did not answer within 2000 ms"),
                duration: .milliseconds(2001)
            ),
        ]
        let generatedAt = try #require(RFC3339.parse("2026-11-28T09:15:00Z"))
        let document = BFFDocument.render(generatedAt: generatedAt, parameters: [("from", "2026-10-30"), ("to", "2026-11-28")], results: results)
        #expect(document.serialized() == """
            {"generated_at":"2026-11-28T09:15:00Z","from":"2026-10-30","to":"2026-11-28","sections":{\
            "account":{"status":"ok","data":{"user_id":"usr_1"},"duration_ms":3},\
            "usage":{"status":"error","http_status":403,"problem":{"type":"/problems/forbidden","status":403},"duration_ms":1},\
            "summary":{"status":"unavailable","reason":"analytics did not answer within 2000 ms","duration_ms":2001}}}
            """)
    }

    @Test(
        "an answer's status decides its section",
        arguments: [
            (200, #"{"a":1}"#, "ok"), (204, "", "ok"), (200, "<html>", "unavailable"), (404, #"{"type":"/problems/not-found"}"#, "error"),
            (422, "not json", "error"), (500, "{}", "unavailable"), (503, "", "unavailable"), (302, "", "unavailable"),
        ]
    )
    func classification(status: Int, body: String, expected: String) {
        #expect(BFFOutcome.classify(service: .analytics, status: status, body: Data(body.utf8)).statusLabel == expected)
    }

    @Test("a 4xx without a problem body still passes a problem with the upstream's status")
    func synthesizedProblem() {
        let outcome = BFFOutcome.classify(service: .tenant, status: 404, body: Data("Not Found".utf8))
        #expect(outcome == .error(httpStatus: 404, problem: ["type": "about:blank", "title": "Not Found", "status": 404]))
    }

    @Test("failures before an answer name the service and the kind of failure, never the address")
    func failures() {
        let timeout = BFFOutcome.failure(UpstreamError.timeout(url: "http://10.0.0.7:8003/v1/summary", after: .seconds(2)), service: .analytics, timeout: .seconds(2))
        #expect(timeout == .unavailable(reason: "analytics did not answer within 2000 ms"))
        let refused = BFFOutcome.failure(
            UpstreamError.unreachable(url: "http://10.0.0.7:8003/v1/summary", reason: "Connection refused (errno: 111)"), service: .analytics, timeout: .seconds(2)
        )
        #expect(refused == .unavailable(reason: "analytics refused the connection (is it running?)"))
        let other = BFFOutcome.failure(UpstreamError.unreachable(url: "http://10.0.0.7:8003", reason: "DNS failed"), service: .tenant, timeout: .seconds(2))
        #expect(other == .unavailable(reason: "tenant could not be reached"))
    }

    @Test("only auth's 401 on /v1/me fails the whole answer")
    func sessionRefusal() {
        let me = BFFCall("account", .auth, "/v1/me", checksSession: true)
        let usage = BFFCall("usage", .tenant, "/v1/organizations/acme/usage")
        let refused: BFFOutcome = .error(httpStatus: 401, problem: ["detail": "Session revoked"])
        #expect(BFFDocument.sessionRefusal(in: [BFFSectionResult(call: usage, outcome: refused, duration: .zero)]) == nil)
        #expect(BFFDocument.sessionRefusal(in: [BFFSectionResult(call: me, outcome: .unavailable(reason: "auth answered 503"), duration: .zero)]) == nil)
        let problem = BFFDocument.sessionRefusal(in: [BFFSectionResult(call: me, outcome: refused, duration: .zero)])
        #expect(problem?.status == 401)
        #expect(problem?.detail == "Session revoked")
    }

    @Test("a range may span five years to the day, not one day more; leap days clamp")
    func fiveYears() throws {
        let now = Date()
        #expect(try BFFDateRange.parse(from: "2021-11-28", to: "2026-11-28", now: now).from.date == "2021-11-28")
        #expect(throws: Problem.self) { try BFFDateRange.parse(from: "2021-11-27", to: "2026-11-28", now: now) }
        #expect(try BFFDateRange.parse(from: "2023-02-28", to: "2028-02-29", now: now).from.date == "2023-02-28")
        #expect(throws: Problem.self) { try BFFDateRange.parse(from: "2023-02-27", to: "2028-02-29", now: now) }
        let single = try BFFDateRange.parse(from: "2026-11-28", to: "2026-11-28", now: now)
        #expect(single.from == single.to)
    }

    @Test("only `to` given: the 30 days ending there")
    func onlyTo() throws {
        let range = try BFFDateRange.parse(from: nil, to: "2026-03-01", now: Date())
        #expect(range.from.date == "2026-01-31")
    }
}
