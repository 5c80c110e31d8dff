import AsyncHTTPClient
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import NIOPosix
import Platform
import Synchronization
import Testing
import TestSupport

// MARK: - Fake replicas

/// One request a fake replica received (health checks are not recorded).
private struct Arrival: Sendable, Equatable {
    var replica: String
    var method: String
    var path: String
    var idempotencyKey: String?
    var bodyBytes: Int
}

/// Every request the fake replicas of one test received. A lock rather than an actor: the raw NIO replica records
/// from its event loop, where it cannot await.
private final class Arrivals: Sendable {
    private let log = Mutex<[Arrival]>([])

    func record(_ arrival: Arrival) { log.withLock { $0.append(arrival) } }

    var all: [Arrival] { log.withLock { $0 } }

    func count(replica: String? = nil, path: String? = nil) -> Int {
        all.filter { arrival in replica.map { $0 == arrival.replica } ?? true && path.map { $0 == arrival.path } ?? true }.count
    }
}

/// Holds a slow or hanging replica's answer until the test opens it, so "slow" needs no waiting on a clock.
private actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }
}

/// Runs `body`, then opens `gate` whether it succeeded or not: a replica's shutdown waits for its handlers, so none
/// may be left waiting at the gate.
private func opening<T>(_ gate: Gate, _ body: () async throws -> T) async throws -> T {
    do {
        let value = try await body()
        await gate.open()
        return value
    } catch {
        await gate.open()
        throw error
    }
}

/// The answer a fake replica gives to a request under `/v1` (it may wait at a gate first).
private typealias Answer = @Sendable (_ path: String) async -> HTTPResponse.Status

/// A replica on a real socket that records every request and answers with `answer(path)`, tagging its answer with
/// `X-Replica: <name>`; a failing status comes as the replica's own problem document. `/health` always answers 200.
private func fakeReplica(_ name: String, arrivals: Arrivals, answer: @escaping Answer = { _ in .ok }) -> some ApplicationProtocol {
    let router = Router()
    let handle: @Sendable (Request) async throws -> Response = { request in
        let path = request.uri.path
        if path == "/health" { return jsonResponse(["status": "ok"]) }
        let body = try await request.body.collect(upTo: 1 << 20)
        arrivals.record(Arrival(
            replica: name, method: request.method.rawValue, path: path,
            idempotencyKey: request.headers[.idempotencyKey], bodyBytes: body.readableBytes
        ))
        let status = await answer(path)
        var response: Response
        if status.code >= 400 {
            response = jsonResponse(
                .object([
                    ("type", "/problems/replica-failing"), ("title", "Replica failing"), ("status", .int(Int64(status.code))),
                    ("detail", .string("replica \(name) cannot serve right now")),
                ]),
                status: status
            )
            response.headers[.contentType] = "application/problem+json"
        } else {
            response = jsonResponse(.object([("replica", .string(name)), ("path", .string(path))]), status: status)
        }
        response.headers[.init("X-Replica")!] = name
        return response
    }
    router.get("/**") { request, _ in try await handle(request) }
    router.post("/**") { request, _ in try await handle(request) }
    return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
}

/// A replica that reads a whole request, records it and closes the connection without answering: a process that
/// crashes after taking the request. `/health` answers 200 so the health checks leave it in rotation.
private final class DroppingReplicaHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let name: String
    let arrivals: Arrivals
    private var head: HTTPRequestHead?
    private var bodyBytes = 0

    init(name: String, arrivals: Arrivals) {
        self.name = name
        self.arrivals = arrivals
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            bodyBytes = 0
        case .body(let chunk):
            bodyBytes += chunk.readableBytes
        case .end:
            guard let head else { return }
            if head.uri == "/health" {
                var headers = HTTPHeaders()
                headers.add(name: "Content-Length", value: "2")
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "ok")))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                return
            }
            arrivals.record(Arrival(
                replica: name, method: head.method.rawValue, path: head.uri, idempotencyKey: head.headers.first(name: "Idempotency-Key"),
                bodyBytes: bodyBytes
            ))
            context.close(promise: nil)
        }
    }
}

/// Runs `body` with a dropping replica listening on a free port of 127.0.0.1.
private func withDroppingReplica(_ name: String, arrivals: Arrivals, _ body: (Int) async throws -> Void) async throws {
    let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        .childChannelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                try channel.pipeline.syncOperations.addHandler(DroppingReplicaHandler(name: name, arrivals: arrivals))
            }
        }
        .bind(host: "127.0.0.1", port: 0)
        .get()
    do {
        try await body(try #require(server.localAddress?.port))
        try await server.close()
    } catch {
        try? await server.close()
        throw error
    }
}

// MARK: - The gateway under test

/// A closed port: connections to it are refused.
private let closedPort = 1

private struct Harness {
    let key: SigningKey

    init() throws {
        key = try SigningKey()
    }

    /// The gateway with every upstream at `upstreamPort` (the closed port when nil), rate limits off, and `values` on
    /// top (they win).
    func gateway(upstreamPort: Int?, _ values: [String: String] = [:]) throws -> some ApplicationProtocol {
        var settings: [String: String] = [
            "gateway.port": "0", "gateway.staticDir": "/nonexistent/dashboard", "gateway.rateLimit.mode": "off",
        ]
        for service in ServiceName.upstreams {
            settings["\(service.rawValue).url"] = "http://127.0.0.1:\(upstreamPort ?? closedPort)"
        }
        settings.merge(values) { _, new in new }
        var configuration = try PlatformSettings.testing(settings)
        configuration.logLevel = .critical
        return try Gateway.makeApplication(configuration: configuration, dependencies: TestServices.dependencies(for: .gateway, keys: [key]))
    }

    /// A valid access token of a user of the `acme` organisation.
    func token() async throws -> String {
        try await TokenFactory.sign(TokenFactory.claims(), with: key)
    }
}

/// An answer as the client saw it.
private struct Reply: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: ByteBuffer

    var text: String { String(buffer: body) }
    func header(_ name: String) -> String? { headers.first(name: name) }
    func json() throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) }
}

/// One request through AsyncHTTPClient (a pool of real connections, so concurrent requests are really concurrent).
/// `timeout` bounds a request the gateway never answers, so such a bug fails the test instead of hanging it.
private func send(
    _ method: HTTPMethod = .GET, _ url: String, token: String? = nil, headers: [(String, String)] = [], body: ByteBuffer? = nil,
    timeout: TimeAmount = .seconds(20)
) async throws -> Reply {
    var request = HTTPClientRequest(url: url)
    request.method = method
    if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if let body { request.body = .bytes(body) }
    let response = try await HTTPClient.shared.execute(request, timeout: timeout)
    let bytes = try await response.body.collect(upTo: 4 << 20)
    return Reply(status: Int(response.status.code), headers: response.headers, body: bytes)
}

/// The value of the series `name` whose labels include `labels`, in a Prometheus text exposition.
private func sample(_ exposition: String, _ name: String, _ labels: [String: String] = [:]) -> Double? {
    for line in exposition.split(separator: "\n") where !line.hasPrefix("#") {
        guard let space = line.lastIndex(of: " ") else { continue }
        let series = line[..<space]
        var seriesName = series
        var found: [String: String] = [:]
        if let brace = series.firstIndex(of: "{") {
            seriesName = series[..<brace]
            for pair in series[series.index(after: brace)...].dropLast().split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                found[String(parts[0])] = String(parts[1].dropFirst().dropLast())
            }
        }
        guard seriesName == name, labels.allSatisfy({ found[$0.key] == $0.value }) else { continue }
        return Double(line[line.index(after: space)...])
    }
    return nil
}

private func metrics(_ base: String) async throws -> String {
    try await send(.GET, base + "/metrics").text
}

private func retries(_ base: String) async throws -> Double {
    try #require(sample(try await metrics(base), "gateway_upstream_retries_total", ["upstream": "analytics"]))
}

// MARK: - Tests

@Suite("Gateway resilience")
struct GatewayResilienceTests {
    @Test(
        "a hanging upstream: 504 after the read timeout; two timeouts open the breaker, which refuses at once with Retry-After and shows in /ready and /metrics; once the upstream answers again, requests succeed and the breaker closes"
    )
    func hangingUpstreamOpensAndClosesBreaker() async throws {
        let harness = try Harness()
        let token = try await harness.token()
        let arrivals = Arrivals()
        let gate = Gate()
        let settings = [
            // Generous enough that a loaded CI machine answers a trivial request in time once the upstream recovers.
            "gateway.readTimeoutMs": "2000", "gateway.retries": "0", "gateway.breaker.consecutiveFailures": "2", "gateway.breaker.openMs": "500",
        ]
        try await fakeReplica("A", arrivals: arrivals, answer: { _ in
            await gate.wait()
            return .ok
        }).test(.live) { upstream in
            try await harness.gateway(upstreamPort: upstream.port, settings).test(.live) { gateway in
                let base = "http://127.0.0.1:\(try #require(gateway.port))"
                let summary = base + "/api/v1/analytics/summary"
                try await opening(gate) {
                    for attempt in 1...2 {
                        let reply = try await send(.GET, summary, token: token)
                        #expect(reply.status == 504, "attempt \(attempt): \(reply.text)")
                        #expect(reply.header("Content-Type") == "application/problem+json")
                        let problem = try reply.json()
                        #expect(problem["type"]?.stringValue?.hasSuffix("upstream-timeout") == true, "\(problem)")
                        #expect(problem["detail"]?.stringValue?.contains("analytics") == true, "\(problem)")
                        try await eventually(timeout: .seconds(10), "request \(attempt) to reach the upstream") {
                            arrivals.count(path: "/v1/summary") == attempt
                        }
                    }

                    // Open: refused at once. Should this machine be so slow that the open time has already passed, a
                    // probe goes through instead, times out and reopens the breaker for twice as long; then ask again.
                    var refusal: Reply?
                    for _ in 0..<3 where refusal == nil {
                        let before = arrivals.count(path: "/v1/summary")
                        let reply = try await send(.GET, summary, token: token)
                        if reply.status == 503 {
                            #expect(arrivals.count(path: "/v1/summary") == before, "the refused request reached the upstream")
                            refusal = reply
                        } else {
                            #expect(reply.status == 504, "a probe through a half-open breaker: \(reply.text)")
                        }
                    }
                    let refused = try #require(refusal, "the open breaker never refused a request")
                    #expect(refused.header("Content-Type") == "application/problem+json")
                    #expect(refused.header("Retry-After").flatMap(Int.init).map { $0 >= 1 } == true, "Retry-After: \(refused.header("Retry-After") ?? "none")")
                    let problem = try refused.json()
                    #expect(problem["status"] == 503)
                    #expect(problem["detail"]?.stringValue?.contains("analytics") == true, "\(problem)")

                    let ready = try await send(.GET, base + "/ready")
                    #expect(ready.status == 503)
                    let check = try ready.json()["checks"]?["analytics"]
                    #expect(check?["breaker"] == "open", "\(ready.text)")
                    #expect(check?["status"] == "down", "\(ready.text)")

                    let open = try await metrics(base)
                    #expect(sample(open, "gateway_breaker_state", ["upstream": "analytics"]) == 2)
                    #expect((sample(open, "gateway_breaker_transitions_total", ["upstream": "analytics", "to": "open"]) ?? 0) >= 1)
                    #expect((sample(open, "gateway_upstream_rejections_total", ["upstream": "analytics", "reason": "breaker_open"]) ?? 0) >= 1)

                    // The upstream recovers; once the open time has passed a probe gets through and closes the breaker.
                    await gate.open()
                    var recovered: Reply?
                    let deadline = ContinuousClock.now + .seconds(20)
                    while recovered == nil, ContinuousClock.now < deadline {
                        let reply = try await send(.GET, summary, token: token)
                        if reply.status == 200 {
                            recovered = reply
                        } else {
                            // Refused at once while open (503), or a half-open probe that met the read timeout before the
                            // recovered upstream answered (504) on a loaded machine; either way not recovered yet.
                            #expect(reply.status == 503 || reply.status == 504, "while the breaker is open: \(reply.text)")
                            try await Task.sleep(for: .milliseconds(50))  // poll until the open time has passed
                        }
                    }
                    let answer = try #require(recovered, "requests never succeeded again after the upstream recovered")
                    #expect(try answer.json()["replica"] == "A")
                    // Three answers in a row after recovery. On a loaded machine one may still meet the short read timeout
                    // (504), which counts against the breaker like any timeout; the run of three must come within the deadline.
                    var inARow = 1
                    let settleBy = ContinuousClock.now + .seconds(30)
                    while inARow < 4, ContinuousClock.now < settleBy {
                        let reply = try await send(.GET, summary, token: token)
                        if reply.status == 200 {
                            inARow += 1
                        } else {
                            #expect(reply.status == 503 || reply.status == 504, "after recovery: \(reply.text)")
                            inARow = 0
                            try await Task.sleep(for: .milliseconds(50))  // poll until the breaker lets requests through again
                        }
                    }
                    #expect(inARow >= 4, "requests did not succeed three times in a row after the upstream recovered")

                    let closed = try await metrics(base)
                    #expect(sample(closed, "gateway_breaker_state", ["upstream": "analytics"]) == 0)
                    #expect((sample(closed, "gateway_breaker_transitions_total", ["upstream": "analytics", "to": "half_open"]) ?? 0) >= 1)
                    #expect((sample(closed, "gateway_breaker_transitions_total", ["upstream": "analytics", "to": "closed"]) ?? 0) >= 1)
                    let readyAgain = try await send(.GET, base + "/ready")
                    #expect(readyAgain.status == 200, "\(readyAgain.text)")
                    #expect(try readyAgain.json()["checks"]?["analytics"]?["breaker"] == "closed")
                }
            }
        }
    }

    @Test("a POST the upstream drops after reading it is never retried: 502 problem, and the upstream saw it exactly once")
    func postIsNotRetried() async throws {
        let harness = try Harness()
        let token = try await harness.token()
        let arrivals = Arrivals()
        try await withDroppingReplica("A", arrivals: arrivals) { port in
            try await harness.gateway(upstreamPort: port, ["gateway.retries": "2"]).test(.live) { gateway in
                let base = "http://127.0.0.1:\(try #require(gateway.port))"
                let body = ByteBuffer(string: #"{"amount_cents":150000,"counterparty":"Mama Mboga"}"#)
                let reply = try await send(
                    .POST, base + "/api/v1/analytics/transactions", token: token, headers: [("Content-Type", "application/json")], body: body
                )
                #expect(reply.status == 502, "\(reply.text)")
                #expect(reply.header("Content-Type") == "application/problem+json")
                let problem = try reply.json()
                #expect(problem["type"]?.stringValue?.hasSuffix("upstream-unreachable") == true, "\(problem)")
                #expect(problem["detail"]?.stringValue?.contains("analytics") == true, "\(problem)")
                #expect(arrivals.all.map(\.method) == ["POST"])
                #expect(arrivals.all.first?.bodyBytes == body.readableBytes)
                #expect(try await retries(base) == 0)
            }
        }
    }

    @Test(
        "a POST with an Idempotency-Key counts as idempotent (RetryPolicy.isIdempotent): after a drop it is replayed with the same key and body, at most `retries` times, then 502"
    )
    func postWithIdempotencyKeyIsRetried() async throws {
        let harness = try Harness()
        let token = try await harness.token()
        let arrivals = Arrivals()
        try await withDroppingReplica("A", arrivals: arrivals) { port in
            try await harness.gateway(upstreamPort: port, ["gateway.retries": "2"]).test(.live) { gateway in
                let base = "http://127.0.0.1:\(try #require(gateway.port))"
                let body = ByteBuffer(string: #"{"amount_cents":150000,"counterparty":"Mama Mboga"}"#)
                let reply = try await send(
                    .POST, base + "/api/v1/analytics/transactions", token: token,
                    headers: [("Content-Type", "application/json"), ("Idempotency-Key", "txn-7f3a")], body: body
                )
                #expect(reply.status == 502, "\(reply.text)")
                #expect(try reply.json()["type"]?.stringValue?.hasSuffix("upstream-unreachable") == true)
                let copies = arrivals.all
                #expect(copies.count == 3, "1 attempt + 2 retries: \(copies)")
                for copy in copies {
                    #expect(copy.method == "POST")
                    #expect(copy.idempotencyKey == "txn-7f3a")
                    #expect(copy.bodyBytes == body.readableBytes)
                }
                #expect(try await retries(base) == 2)
            }
        }
    }

    @Test("an idempotent GET that one replica answers 503 is retried on the other: every GET gets 200 and the retries counter grows")
    func getRetriedOnAnotherReplica() async throws {
        let harness = try Harness()
        let token = try await harness.token()
        let arrivals = Arrivals()
        try await fakeReplica("A", arrivals: arrivals, answer: { _ in .serviceUnavailable }).test(.live) { replicaA in
            try await fakeReplica("B", arrivals: arrivals).test(.live) { replicaB in
                let settings = [
                    "gateway.replicas.analytics": "http://127.0.0.1:\(try #require(replicaA.port)),http://127.0.0.1:\(try #require(replicaB.port))",
                    "gateway.balance": "round_robin", "gateway.retries": "2",
                    // Keep the breaker out of the way: this test is about retries.
                    "gateway.breaker.consecutiveFailures": "1000", "gateway.breaker.failureRatePercent": "100",
                ]
                try await harness.gateway(upstreamPort: replicaB.port, settings).test(.live) { gateway in
                    let base = "http://127.0.0.1:\(try #require(gateway.port))"
                    let before = try await retries(base)
                    for index in 0..<10 {
                        let reply = try await send(.GET, base + "/api/v1/analytics/summary", token: token)
                        #expect(reply.status == 200, "GET \(index): \(reply.text)")
                        #expect(reply.header("X-Replica") == "B")
                    }
                    #expect(arrivals.count(replica: "A", path: "/v1/summary") >= 1, "round robin never tried A")
                    #expect(arrivals.count(replica: "B", path: "/v1/summary") == 10)
                    let after = try await retries(base)
                    #expect(after - before == Double(arrivals.count(replica: "A", path: "/v1/summary")))
                }
            }
        }
    }

    @Test("when every replica answers 503 the client gets the upstream's own 503 after at most `retries` retries")
    func everyReplicaFailing() async throws {
        let harness = try Harness()
        let token = try await harness.token()
        let arrivals = Arrivals()
        try await fakeReplica("A", arrivals: arrivals, answer: { _ in .serviceUnavailable }).test(.live) { replicaA in
            try await fakeReplica("B", arrivals: arrivals, answer: { _ in .serviceUnavailable }).test(.live) { replicaB in
                let settings = [
                    "gateway.replicas.analytics": "http://127.0.0.1:\(try #require(replicaA.port)),http://127.0.0.1:\(try #require(replicaB.port))",
                    "gateway.balance": "round_robin", "gateway.retries": "2",
                    "gateway.breaker.consecutiveFailures": "1000", "gateway.breaker.failureRatePercent": "100",
                ]
                try await harness.gateway(upstreamPort: replicaB.port, settings).test(.live) { gateway in
                    let base = "http://127.0.0.1:\(try #require(gateway.port))"
                    let reply = try await send(.GET, base + "/api/v1/analytics/summary", token: token, timeout: .seconds(10))
                    #expect(reply.status == 503, "\(reply.text)")
                    let problem = try reply.json()
                    #expect(problem["type"] == "/problems/replica-failing", "not the replica's own answer: \(problem)")
                    let attempts = arrivals.count(path: "/v1/summary")
                    #expect(attempts >= 2, "no retry at all")
                    #expect(attempts <= 3, "more than 1 + retries attempts: \(arrivals.all)")
                    #expect(Set(arrivals.all.map(\.replica)) == ["A", "B"], "a retry goes to the other replica")
                }
            }
        }
    }

    @Test(
        "with the default breaker and retries, an upstream that keeps answering 503: every GET gets a 503, including the one whose retry finds the breaker just opened (never a hang)"
    )
    func breakerOpeningDuringRetry() async throws {
        let harness = try Harness()
        let token = try await harness.token()
        let arrivals = Arrivals()
        try await fakeReplica("A", arrivals: arrivals, answer: { _ in .serviceUnavailable }).test(.live) { upstream in
            // Defaults: 2 retries, the breaker opens after 5 failures in a row. The first GET makes 3 attempts; the
            // second GET's second attempt is the fifth failure, which opens the breaker before its retry.
            try await harness.gateway(upstreamPort: upstream.port).test(.live) { gateway in
                let base = "http://127.0.0.1:\(try #require(gateway.port))"
                let summary = base + "/api/v1/analytics/summary"
                let first = try await send(.GET, summary, token: token, timeout: .seconds(10))
                #expect(first.status == 503, "\(first.text)")
                #expect(try first.json()["type"] == "/problems/replica-failing", "the upstream's own answer")
                #expect(arrivals.count(path: "/v1/summary") == 3)

                let second = try await send(.GET, summary, token: token, timeout: .seconds(10))
                #expect(second.status == 503, "\(second.text)")
                #expect(arrivals.count(path: "/v1/summary") == 5, "the open breaker let a retry through")

                // Open now: refused at once, and the concurrency slot of the second GET was given back.
                let third = try await send(.GET, summary, token: token, timeout: .seconds(10))
                #expect(third.status == 503)
                #expect(third.header("Retry-After") != nil)
                #expect(arrivals.count(path: "/v1/summary") == 5)
            }
        }
    }

    @Test("round robin spreads 20 sequential GETs over two healthy replicas, at least 8 each")
    func roundRobin() async throws {
        let harness = try Harness()
        let token = try await harness.token()
        let arrivals = Arrivals()
        try await fakeReplica("A", arrivals: arrivals).test(.live) { replicaA in
            try await fakeReplica("B", arrivals: arrivals).test(.live) { replicaB in
                let settings = [
                    "gateway.replicas.analytics": "http://127.0.0.1:\(try #require(replicaA.port)),http://127.0.0.1:\(try #require(replicaB.port))",
                    "gateway.balance": "round_robin",
                ]
                try await harness.gateway(upstreamPort: replicaB.port, settings).test(.live) { gateway in
                    let base = "http://127.0.0.1:\(try #require(gateway.port))"
                    var served: [String: Int] = [:]
                    for _ in 0..<20 {
                        let reply = try await send(.GET, base + "/api/v1/analytics/summary", token: token)
                        #expect(reply.status == 200)
                        served[reply.header("X-Replica") ?? "none", default: 0] += 1
                    }
                    #expect(served["A", default: 0] >= 8, "\(served)")
                    #expect(served["B", default: 0] >= 8, "\(served)")
                    #expect(arrivals.count(path: "/v1/summary") == 20, "no request was sent twice")
                }
            }
        }
    }

    @Test("least outstanding: while one replica holds a slow request, the requests made meanwhile all go to the other")
    func leastOutstanding() async throws {
        let harness = try Harness()
        let token = try await harness.token()
        let arrivals = Arrivals()
        let gate = Gate()
        let slowAnswer: Answer = { path in
            if path == "/v1/slow" { await gate.wait() }
            return .ok
        }
        try await fakeReplica("A", arrivals: arrivals, answer: slowAnswer).test(.live) { replicaA in
            try await fakeReplica("B", arrivals: arrivals, answer: slowAnswer).test(.live) { replicaB in
                let settings = [
                    "gateway.replicas.analytics": "http://127.0.0.1:\(try #require(replicaA.port)),http://127.0.0.1:\(try #require(replicaB.port))",
                    "gateway.balance": "least_outstanding",
                ]
                try await harness.gateway(upstreamPort: replicaB.port, settings).test(.live) { gateway in
                    let base = "http://127.0.0.1:\(try #require(gateway.port))"
                    try await opening(gate) {
                        async let slow = send(.GET, base + "/api/v1/analytics/slow", token: token)
                        try await eventually(timeout: .seconds(10), "the slow request to reach a replica") { arrivals.count(path: "/v1/slow") == 1 }
                        let holder = try #require(arrivals.all.first { $0.path == "/v1/slow" }?.replica)
                        let other = holder == "A" ? "B" : "A"
                        for index in 0..<10 {
                            let reply = try await send(.GET, base + "/api/v1/analytics/summary", token: token)
                            #expect(reply.status == 200)
                            #expect(reply.header("X-Replica") == other, "request \(index) went to the busy replica \(holder)")
                        }
                        await gate.open()
                        let slowReply = try await slow
                        #expect(slowReply.status == 200)
                        #expect(slowReply.header("X-Replica") == holder)
                    }
                }
            }
        }
    }

    @Test("active health checks take a dead replica out of rotation: /ready shows 1/2 healthy, /metrics the replica down, and GETs succeed without retries")
    func healthChecksSkipDeadReplica() async throws {
        let harness = try Harness()
        let token = try await harness.token()
        let arrivals = Arrivals()
        try await fakeReplica("B", arrivals: arrivals).test(.live) { replicaB in
            let dead = "http://127.0.0.1:\(closedPort)"
            let settings = [
                "gateway.replicas.analytics": "\(dead),http://127.0.0.1:\(try #require(replicaB.port))",
                "gateway.balance": "round_robin", "gateway.healthCheckMs": "100", "gateway.retries": "2",
            ]
            try await harness.gateway(upstreamPort: replicaB.port, settings).test(.live) { gateway in
                let base = "http://127.0.0.1:\(try #require(gateway.port))"
                // One replica up is enough: /ready answers 200 with analytics up and 1/2 healthy. Polled, because a probe
                // that misses its two seconds on a loaded machine is rightly reported down for that one answer.
                try await eventually(timeout: .seconds(20), "/ready to report one analytics replica of two healthy, and ready") {
                    let ready = try await send(.GET, base + "/ready")
                    let analytics = try ready.json()["checks"]?["analytics"]
                    return ready.status == 200 && analytics?["replicas_healthy"] == "1/2" && analytics?["status"] == "up"
                }
                let exposition = try await metrics(base)
                #expect(sample(exposition, "gateway_replica_up", ["upstream": "analytics", "replica": dead]) == 0)
                #expect(sample(exposition, "gateway_replica_up", ["upstream": "analytics", "replica": "http://127.0.0.1:\(replicaB.port!)"]) == 1)

                let before = try await retries(base)
                for index in 0..<10 {
                    let reply = try await send(.GET, base + "/api/v1/analytics/summary", token: token)
                    #expect(reply.status == 200, "GET \(index): \(reply.text)")
                    #expect(reply.header("X-Replica") == "B")
                }
                #expect(try await retries(base) == before, "a request was tried on the dead replica first")
                #expect(arrivals.count(path: "/v1/summary") == 10)
            }
        }
    }

    @Test("with maxConcurrent 1, a second request while the first is in flight gets 503 'too many requests in flight' with Retry-After; the first still completes")
    func concurrencyCap() async throws {
        let harness = try Harness()
        let token = try await harness.token()
        let arrivals = Arrivals()
        let gate = Gate()
        try await fakeReplica("A", arrivals: arrivals, answer: { path in
            if path == "/v1/slow" { await gate.wait() }
            return .ok
        }).test(.live) { upstream in
            try await harness.gateway(upstreamPort: upstream.port, ["gateway.maxConcurrent": "1"]).test(.live) { gateway in
                let base = "http://127.0.0.1:\(try #require(gateway.port))"
                try await opening(gate) {
                    async let first = send(.GET, base + "/api/v1/analytics/slow", token: token)
                    try await eventually(timeout: .seconds(10), "the first request to reach the upstream") { arrivals.count(path: "/v1/slow") == 1 }

                    let second = try await send(.GET, base + "/api/v1/analytics/summary", token: token)
                    #expect(second.status == 503, "\(second.text)")
                    #expect(second.header("Content-Type") == "application/problem+json")
                    #expect(second.header("Retry-After") != nil)
                    #expect(try second.json()["detail"]?.stringValue?.contains("too many requests in flight") == true, "\(second.text)")
                    #expect(arrivals.count(path: "/v1/summary") == 0)

                    await gate.open()
                    let firstReply = try await first
                    #expect(firstReply.status == 200)
                    // The slot is free again.
                    #expect(try await send(.GET, base + "/api/v1/analytics/summary", token: token).status == 200)
                    let exposition = try await metrics(base)
                    #expect((sample(exposition, "gateway_upstream_rejections_total", ["upstream": "analytics", "reason": "concurrency_limit"]) ?? 0) == 1)
                }
            }
        }
    }

    @Test("a replica on a closed port with no retries: 502 upstream-unreachable problem carrying the request id in its header and body")
    func connectFailure() async throws {
        let harness = try Harness()
        let token = try await harness.token()
        try await harness.gateway(upstreamPort: nil, ["gateway.retries": "0"]).test(.live) { gateway in
            let base = "http://127.0.0.1:\(try #require(gateway.port))"
            let reply = try await send(.GET, base + "/api/v1/analytics/summary", token: token)
            #expect(reply.status == 502, "\(reply.text)")
            #expect(reply.header("Content-Type") == "application/problem+json")
            let problem = try reply.json()
            #expect(problem["type"]?.stringValue?.hasSuffix("upstream-unreachable") == true, "\(problem)")
            #expect(problem["detail"]?.stringValue?.contains("analytics") == true, "\(problem)")
            let requestID = try #require(reply.header("X-Request-Id"))
            #expect(!requestID.isEmpty)
            #expect(problem["request_id"] == .string(requestID))

            let traced = try await send(.GET, base + "/api/v1/analytics/summary", token: token, headers: [("X-Request-Id", "resilience-req-7")])
            #expect(traced.status == 502)
            #expect(traced.header("X-Request-Id") == "resilience-req-7")
            #expect(try traced.json()["request_id"] == "resilience-req-7")
        }
    }
}
