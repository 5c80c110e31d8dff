import Foundation
import Platform
import Synchronization
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The gateway as operators run it (`mpesa serve gateway`, a real process) in front of `Fixtures/fake_upstream.py`,
/// which the tests kill mid-answer, starve of headers, flood from thousands of addresses and feed bad tokens.
/// Clients are raw sockets on threads of their own, so every byte (or its absence) is what the gateway sent.
@Suite("Gateway faults, real processes", .serialized)
struct GatewayFaultTests {
    @Test("an upstream killed mid-answer cuts the client's response short, and the gateway serves again once it is back")
    func upstreamKilledMidStream() async throws {
        try await GatewayRig.run { rig in
            let upstream = try await rig.startUpstream()
            let gateway = try await rig.startGateway(upstreamPort: upstream.port)
            try await gateway.waitUntilProxying(token: rig.fixture.token)

            let total = 1_000_000
            let path = "/api/v1/analytics/stream?bytes=\(total)&chunk=1024&interval_ms=50"
            let token = rig.fixture.token
            let stream = try await onOwnThread { Result { try StreamedAnswer.begin(port: gateway.port, path: path, token: token) } }.get()
            #expect(stream.status == 200)
            #expect(stream.contentLength == total)
            #expect(stream.bodyBytes > 0)

            try await upstream.killAbruptly()
            let rest = await onOwnThread { stream.socket.readToEnd() }
            stream.socket.release()
            #expect(rest.ending == .closed || rest.ending == .reset, "the client was left waiting (\(rest.ending)) instead of seeing the connection close")
            #expect(stream.bodyBytes + rest.bytes.count < total, "the answer must be cut short, not completed or padded")

            // While the upstream is down the gateway answers for it, with a problem rather than silence.
            let whileDown = try await gateway.get("/api/v1/analytics/ping", token: token)
            #expect([502, 503].contains(whileDown.status))
            #expect(whileDown.headers["content-type"] == "application/problem+json")

            _ = try await rig.startUpstream(port: upstream.port)
            try await eventually(timeout: .seconds(30), "the gateway to proxy /ping to the restarted upstream") {
                (try? await gateway.get("/api/v1/analytics/ping", token: token))?.status == 200
            }
            #expect(gateway.child.isRunning, "the gateway process that saw its upstream die is the one serving again")
        }
    }

    @Test("slowloris connections are closed at the header timeout while ordinary requests are answered")
    func slowlorisConnectionsAreClosed() async throws {
        try await GatewayRig.run { rig in
            let upstream = try await rig.startUpstream()
            let gateway = try await rig.startGateway(upstreamPort: upstream.port, settings: ["GATEWAY_HEADER_TIMEOUT_MS": "500"])
            let token = rig.fixture.token
            try await gateway.waitUntilProxying(token: token)

            let opening = Array("GET /api/v1/analytics/ping HTTP/1.1\r\nHost: x\r\n".utf8)
            // ~100 bytes at one per 200 ms: finishing the head would take 20 s, forty times the header timeout.
            let remainder = Array(("X-Slowloris: " + String(repeating: "a", count: 80) + "\r\n\r\n").utf8)
            let port = gateway.port
            let sockets = try await onOwnThread {
                Result {
                    try (0..<50).map { _ in
                        let socket = try RawSocket.open(port: port)
                        guard socket.transmit(opening) else { throw FaultTestError("could not send the start of a request head") }
                        return socket
                    }
                }
            }.get()
            async let slowOutcomes = onOwnThread { SlowClients.trickle(sockets, remainder: remainder, every: .milliseconds(200)) }
            var ordinary: [Int] = []
            for _ in 0..<20 {
                ordinary.append((try await gateway.get("/api/v1/analytics/ping", token: token)).status)
            }
            let outcomes = await slowOutcomes
            for socket in sockets { socket.release() }

            #expect(ordinary == Array(repeating: 200, count: 20), "ordinary requests during the attack: \(ordinary)")
            #expect(outcomes.filter(\.closedByGateway).count == 50, "closed by the gateway: \(outcomes.filter(\.closedByGateway).count) of 50")
            #expect(outcomes.allSatisfy { !$0.finishedHead }, "a slow client got to finish its request head")
            #expect(outcomes.allSatisfy { $0.headBytesSent < remainder.count })
            #expect(try await gateway.get("/api/v1/analytics/ping", token: token).status == 200)
        }
    }

    @Test("clients that send a request and reset the connection at once (a browser aborting fetches) never bring the gateway down")
    func abortedRequestsLeaveTheGatewayUp() async throws {
        try await GatewayRig.run { rig in
            let upstream = try await rig.startUpstream()
            let gateway = try await rig.startGateway(upstreamPort: upstream.port)
            let token = rig.fixture.token
            try await gateway.waitUntilProxying(token: token)
            // Found by the dashboard: a client gone while the gateway was still connecting upstream left the connect's
            // callback reading the client's freed handler, and the whole process aborted. Thousands of request-then-
            // reset clients from many threads hit that window within seconds before the fix.
            let head = RawHTTP.requestHead(port: gateway.port, path: "/api/v1/analytics/ping", headers: ["Authorization": "Bearer \(token)"], close: false)
            let port = gateway.port
            let failures = await onOwnThread { () -> Int in
                let failed = Mutex(0)
                DispatchQueue.concurrentPerform(iterations: 32) { _ in
                    for _ in 0..<80 {
                        guard let socket = try? RawSocket.open(port: port, deadlineSeconds: 5) else {
                            failed.withLock { $0 += 1 }
                            continue
                        }
                        _ = socket.transmit(head)
                        socket.reset()
                    }
                }
                return failed.withLock { $0 }
            }
            #expect(gateway.child.isRunning, "the gateway process died")
            #expect(failures == 0, "\(failures) connections were refused: the gateway stopped accepting")
            #expect(try await gateway.get("/api/v1/analytics/ping", token: token).status == 200)
        }
    }

    @Test("requests from 10,000 client addresses keep the rate limiter within its key budget and memory bounded")
    func manyClientAddressesStayBounded() async throws {
        try await GatewayRig.run { rig in
            let upstream = try await rig.startUpstream()
            let gateway = try await rig.startGateway(
                upstreamPort: upstream.port,
                settings: ["GATEWAY_RATE_LIMIT_MAX_KEYS": "1000", "GATEWAY_RATE_LIMIT_ANONYMOUS": "100/60s"]
            )
            // Linux routes all of 127.0.0.0/8 to the loopback interface, so each address is a distinct client.
            let warmUp = (0..<1_000).map { "127.2.\($0 / 250).\($0 % 250 + 1)" }
            let clients = (0..<10_000).map { "127.1.\($0 / 250).\($0 % 250 + 1)" }
            let warmUpStatuses = await AddressSweep.run(port: gateway.port, path: "/api/v1/analytics/health", addresses: warmUp)
            #expect(warmUpStatuses == [200: warmUp.count], "warm-up answers: \(warmUpStatuses)")
            let baseline = try gateway.residentBytes()

            let statuses = await AddressSweep.run(port: gateway.port, path: "/api/v1/analytics/health", addresses: clients)
            #expect(statuses == [200: clients.count], "every new client has a full bucket; answers: \(statuses)")

            let metrics = try await gateway.metrics()
            let keys = try #require(PrometheusText.value(of: "gateway_rate_limit_keys", in: metrics))
            #expect(keys <= 1000, "rate-limit buckets held: \(keys)")
            #expect(keys > 0)
            let grown = try gateway.residentBytes() - baseline
            #expect(grown < 64 << 20, "resident memory grew by \(grown >> 20) MiB over 10,000 clients")
            #expect(gateway.child.isRunning)
        }
    }

    @Test("a burst above the limit lets exactly the quota through; in shadow mode all pass and are counted")
    func burstGetsExactlyTheQuota() async throws {
        try await GatewayRig.run { rig in
            let upstream = try await rig.startUpstream()
            let quota = ["GATEWAY_RATE_LIMIT_ANONYMOUS": "20/3600s"]
            let enforcing = try await rig.startGateway(upstreamPort: upstream.port, settings: quota)
            let answers = try await Self.burst(of: 50, to: enforcing)

            let passed = answers.filter { $0.status == 200 }
            let refused = answers.filter { $0.status == 429 }
            #expect(passed.count == 20, "statuses: \(answers.map(\.status).sorted())")
            #expect(refused.count == 30)
            for answer in refused {
                #expect(answer.headers["content-type"] == "application/problem+json")
                #expect(answer.json?["status"] == 429)
                #expect(answer.json?["type"] == "/problems/rate-limited")
                #expect((answer.headers["retry-after"].flatMap(Int.init) ?? 0) >= 1, "Retry-After: \(answer.headers["retry-after"] ?? "missing")")
                #expect(answer.headers["ratelimit-policy"] == "\"ip\";q=20;w=3600")
                #expect(answer.headers["ratelimit"].flatMap(RateLimitField.remaining) == 0, "RateLimit: \(answer.headers["ratelimit"] ?? "missing")")
            }
            for answer in passed {
                #expect(answer.headers["ratelimit-policy"] == "\"ip\";q=20;w=3600")
            }
            // Requests race, so the order of arrival is unknown, but each took one token: 19 down to 0, once each.
            let remaining = passed.compactMap { $0.headers["ratelimit"].flatMap(RateLimitField.remaining) }.sorted(by: >)
            #expect(remaining == Array((0..<20).reversed()), "remaining after each admitted request: \(remaining)")
            let enforcedMetrics = try await enforcing.metrics()
            #expect(PrometheusText.value(of: "gateway_rate_limited_total", labels: ["scope": "ip", "mode": "enforce"], in: enforcedMetrics) == 30)

            let shadow = try await rig.startGateway(upstreamPort: upstream.port, settings: quota.merging(["GATEWAY_RATE_LIMIT_MODE": "shadow"]) { _, new in new })
            let shadowAnswers = try await Self.burst(of: 50, to: shadow)
            #expect(shadowAnswers.map(\.status) == Array(repeating: 200, count: 50), "statuses: \(shadowAnswers.map(\.status).sorted())")
            #expect(shadowAnswers.allSatisfy { $0.headers["ratelimit"] != nil })
            let shadowMetrics = try await shadow.metrics()
            #expect(PrometheusText.value(of: "gateway_rate_limited_total", labels: ["scope": "ip", "mode": "shadow"], in: shadowMetrics) == 30)
            #expect((PrometheusText.value(of: "gateway_rate_limited_total", labels: ["scope": "ip", "mode": "enforce"], in: shadowMetrics) ?? 0) == 0)
        }
    }

    @Test("with the key server down, a token from an unknown key is refused at once and known tokens still work")
    func unknownKeyWhileKeyServerIsDown() async throws {
        try await GatewayRig.run { rig in
            let services = try await rig.startUpstream()
            let keyServer = try await rig.startUpstream()
            let gateway = try await rig.startGateway(upstreamPort: services.port, jwksURL: "http://127.0.0.1:\(keyServer.port)/jwks.json")
            let fixture = rig.fixture
            try await gateway.waitUntilProxying(token: fixture.token)

            try await keyServer.killAbruptly()
            let unknown = try await gateway.get("/api/v1/analytics/ping", token: fixture.unknownKidToken)
            #expect(unknown.status == 401)
            #expect(unknown.headers["content-type"] == "application/problem+json")
            #expect(unknown.json?["reason"] == "unknown_kid", "body: \(unknown.text)")
            #expect(unknown.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
            // A second try is inside the refetch cooldown: refused from the cache without asking the dead server.
            let again = try await gateway.get("/api/v1/analytics/ping", token: fixture.unknownKidToken)
            #expect(again.status == 401)
            #expect(again.json?["reason"] == "unknown_kid")

            let good = try await gateway.get("/api/v1/analytics/ping", token: fixture.token)
            #expect(good.status == 200)

            let tampered = try await gateway.get("/api/v1/analytics/ping", token: fixture.tamperedToken)
            #expect(tampered.status == 401)
            #expect(tampered.headers["content-type"] == "application/problem+json")
            #expect(tampered.json?["reason"] == "signature", "body: \(tampered.text)")
            #expect(gateway.child.isRunning)
        }
    }

    @Test("each proxied request leaves one JSON access-log line whose trace id is the one the upstream received")
    func accessLogMatchesWhatTheUpstreamReceived() async throws {
        try await GatewayRig.run { rig in
            let upstream = try await rig.startUpstream()
            let gateway = try await rig.startGateway(upstreamPort: upstream.port)
            let token = rig.fixture.token
            try await gateway.waitUntilProxying(token: token)

            let callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736"
            let cases: [(requestID: String, traceparent: String?)] = [
                ("fault-log-\(UUID().uuidString.lowercased())", nil),
                ("fault-log-\(UUID().uuidString.lowercased())", nil),
                ("fault-log-\(UUID().uuidString.lowercased())", "00-\(callerTrace)-00f067aa0ba902b7-01"),
            ]
            for (requestID, traceparent) in cases {
                var headers = ["X-Request-Id": requestID]
                if let traceparent { headers["traceparent"] = traceparent }
                let answer = try await gateway.get("/api/v1/analytics/ping", token: token, headers: headers)
                #expect(answer.status == 200)
                #expect(answer.headers["x-request-id"] == requestID)

                let received = try #require(try await RawHTTP.get(port: upstream.port, path: "/v1/last-headers").json)
                #expect(received["x-request-id"]?.stringValue == requestID)
                let forwarded = try #require(received["traceparent"]?.stringValue.flatMap(TraceParent.init))
                if traceparent != nil { #expect(forwarded.traceID == callerTrace, "the caller's trace is continued") }

                try await eventually(timeout: .seconds(10), "the access-log line of \(requestID)") {
                    !AccessLog.lines(of: gateway, requestID: requestID).isEmpty
                }
                let lines = AccessLog.lines(of: gateway, requestID: requestID)
                #expect(lines.count == 1, "access-log lines for \(requestID): \(lines.count)")
                let (text, line) = try #require(lines.first)
                let names = AccessLog.memberNames(text)
                #expect(Set(names).count == names.count, "a member is named twice (shippers keep either or drop the line): \(text)")
                #expect(line["http.route"] == "/api/v1/analytics/**")
                #expect(line["http.status"]?.stringValue == "200" || line["http.status"] == 200, "http.status: \(String(describing: line["http.status"]))")
                #expect(line["http.method"] == "GET")
                #expect(line["tenant_id"] == "bench_shop")
                let traceID = try #require(line["trace_id"]?.stringValue)
                #expect(TraceParent.isHex(traceID, digits: 32))
                #expect(traceID == forwarded.traceID, "the log's trace id is the one sent upstream")
                #expect(line["span_id"]?.stringValue == forwarded.parentSpanID, "the log's span is the parent of the upstream's")
            }
        }
    }

    /// `count` requests to a public route at once, each on a connection of its own from 127.0.0.1.
    private static func burst(of count: Int, to gateway: RunningGateway) async throws -> [RawAnswer] {
        try await withThrowingTaskGroup(of: RawAnswer.self) { group in
            for _ in 0..<count {
                group.addTask { try await gateway.get("/api/v1/analytics/health") }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }
}

// MARK: - Processes

/// What a test needs set up: fixtures in a temporary directory, and every process it starts, all stopped at the end.
private final class GatewayRig: Sendable {
    let directory: TemporaryDirectory
    let fixture: EdgeFixture
    private let upstreams = Mutex<[FakeUpstream]>([])
    private let gateways = Mutex<[ChildProcess]>([])

    private init(directory: TemporaryDirectory, fixture: EdgeFixture) {
        self.directory = directory
        self.fixture = fixture
    }

    /// Runs `body` with fresh fixtures and stops every process it started, whether it returns or throws.
    static func run(_ body: (GatewayRig) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        let rig: GatewayRig
        do {
            rig = GatewayRig(directory: directory, fixture: try await EdgeFixture.write(into: directory.path))
        } catch {
            directory.remove()
            throw error
        }
        do {
            try await body(rig)
        } catch {
            await rig.stop()
            throw error
        }
        await rig.stop()
    }

    /// A fake upstream on `port` (a free one if nil); the same port again restarts a killed one.
    func startUpstream(port: Int? = nil) async throws -> FakeUpstream {
        let port = try port ?? FreePorts.allocate(1)[0]
        let upstream = try await FakeUpstream.start(port: port, fixtures: fixture.directory, log: directory.path + "/upstream-\(port).log")
        upstreams.withLock { $0.append(upstream) }
        return upstream
    }

    /// `mpesa serve gateway` with every service (tenant included) at `upstreamPort`, waited for until it answers.
    func startGateway(upstreamPort: Int, jwksURL: String? = nil, settings: [String: String] = [:]) async throws -> RunningGateway {
        let port = try FreePorts.allocate(1)[0]
        let home = directory.path + "/gateway-\(port)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        var environment = [
            "GATEWAY_PORT": String(port),
            "JWKS_URL": jwksURL ?? "http://127.0.0.1:\(upstreamPort)/jwks.json",
            "DATA_DIR": home + "/data",
            "ENV_FILE": home + "/.env",
            "CONFIG_FILE": home + "/mpesa.json",
            "LOG_LEVEL": "info",
            "LOG_FORMAT": "json",
            "GATEWAY_HEALTH_CHECK_MS": "250",
        ]
        for service in ServiceName.upstreams {
            environment[SettingKey.url(of: service).environmentVariable] = "http://127.0.0.1:\(upstreamPort)"
        }
        environment.merge(settings) { _, new in new }
        let child = try ChildProcess(arguments: ["serve", "gateway"], environment: environment, directory: home)
        gateways.withLock { $0.append(child) }
        let gateway = RunningGateway(child: child, port: port, pid: child.process.processIdentifier)
        try await eventually(timeout: .seconds(60), "the gateway on port \(port) to answer /health") {
            guard child.isRunning else {
                throw FaultTestError("the gateway exited at start-up: \(child.stderrLines.suffix(20).joined(separator: "\n"))")
            }
            return (try? await gateway.get("/health"))?.status == 200
        }
        return gateway
    }

    func stop() async {
        for gateway in gateways.withLock({ $0 }) { await gateway.stop() }
        for upstream in upstreams.withLock({ $0 }) { await upstream.stop() }
        directory.remove()
    }
}

/// The token, JWKS and tenant facts of `Benchmarks/reference/edge_fixture.py`, plus the bad tokens of
/// `Fixtures/mint_tokens.py`, written into one directory.
private struct EdgeFixture: Sendable {
    let directory: String
    let token: String
    let unknownKidToken: String
    let tamperedToken: String

    static func write(into directory: String) async throws -> EdgeFixture {
        try await runPython(PackagePaths.root + "/Benchmarks/reference/edge_fixture.py", directory, log: directory + "/edge_fixture.log")
        try await runPython(FakeUpstream.fixtures + "/mint_tokens.py", directory, log: directory + "/mint_tokens.log")
        func read(_ name: String) throws -> String {
            try String(contentsOfFile: directory + "/" + name, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return EdgeFixture(
            directory: directory, token: try read("token.txt"), unknownKidToken: try read("unknown_kid_token.txt"),
            tamperedToken: try read("tampered_token.txt")
        )
    }

    private static func runPython(_ script: String, _ argument: String, log: String) async throws {
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, argument]
        process.standardOutput = output
        process.standardError = output
        try process.run()
        try? output.close()
        let status = try await process.exited(timeout: .seconds(60))
        guard status == 0 else {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw FaultTestError("\(script) failed (it needs python3 with `cryptography`: python3 -m pip install cryptography): \(text.suffix(2000))")
        }
    }
}

/// `Fixtures/fake_upstream.py` as a child process: auth, tenant and a service in one (see Fixtures/README.md).
private final class FakeUpstream: @unchecked Sendable {
    // @unchecked: `process` is only used through its thread-safe API (state, pid, signals) and `input` is only closed.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    let port: Int
    private let process: Process
    private let input: Pipe
    private let log: String

    private init(port: Int, process: Process, input: Pipe, log: String) {
        self.port = port
        self.process = process
        self.input = input
        self.log = log
    }

    /// Starts the script on `port` and waits until it answers `/health`.
    static func start(port: Int, fixtures directory: String, log: String) async throws -> FakeUpstream {
        if !FileManager.default.fileExists(atPath: log) { _ = FileManager.default.createFile(atPath: log, contents: nil) }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try output.seekToEnd()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", fixtures + "/fake_upstream.py", "--port", String(port), "--fixtures", directory]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        try? output.close()
        let upstream = FakeUpstream(port: port, process: process, input: input, log: log)
        do {
            try await eventually(timeout: .seconds(30), "the fake upstream to listen on port \(port)") {
                guard process.isRunning else {
                    throw FaultTestError("the fake upstream exited: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
                }
                return (try? await RawHTTP.get(port: port, path: "/health"))?.status == 200
            }
        } catch {
            await upstream.stop()
            throw error
        }
        return upstream
    }

    /// SIGKILL, as a crash or the OOM killer would: no socket is closed politely by the process itself.
    func killAbruptly() async throws {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try await process.exited(timeout: .seconds(10))
    }

    /// Closing its standard input makes the script exit; one that does not is killed.
    func stop() async {
        try? input.fileHandleForWriting.close()
        _ = try? await process.exited(timeout: .seconds(10))
    }
}

/// A running gateway process and how to talk to it.
private struct RunningGateway: Sendable {
    let child: ChildProcess
    let port: Int
    let pid: Int32

    /// `GET path` on a connection of its own (optionally from another loopback `source` address).
    func get(_ path: String, token: String? = nil, headers: [String: String] = [:], from source: String? = nil) async throws -> RawAnswer {
        var headers = headers
        if let token { headers["Authorization"] = "Bearer \(token)" }
        return try await RawHTTP.get(port: port, path: path, headers: headers, from: source)
    }

    /// Waits until a request with `token` is proxied (the first one fetches the keys and the organisation's plan).
    func waitUntilProxying(token: String) async throws {
        try await eventually(timeout: .seconds(30), "the gateway to proxy /api/v1/analytics/ping") {
            (try? await get("/api/v1/analytics/ping", token: token))?.status == 200
        }
    }

    func metrics() async throws -> String {
        let answer = try await get("/metrics")
        guard answer.status == 200 else { throw FaultTestError("/metrics answered \(answer.status)") }
        return answer.text
    }

    /// Resident memory of the gateway process (`VmRSS` of /proc/<pid>/status).
    func residentBytes() throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else {
            throw FaultTestError("no VmRSS in /proc/\(pid)/status")
        }
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count >= 2, let kilobytes = Int(fields[1]) else { throw FaultTestError("unreadable \(line)") }
        return kilobytes * 1024
    }
}

// MARK: - Raw HTTP over POSIX sockets

private struct FaultTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs blocking socket work on a thread of its own: the cooperative pool must never wait on a socket.
private func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: work()) }.start()
    }
}

/// A blocking TCP client socket to 127.0.0.1 whose reads and writes give up after a deadline (a safety net: a
/// gateway that leaves a client hanging shows up as `.timedOut`, not as a test that never ends).
private struct RawSocket: Sendable {
    enum Received: Sendable, Equatable {
        case bytes([UInt8])
        case closed
        case reset
        case timedOut
    }

    let fd: Int32

    /// Connects to 127.0.0.1:`port`, from the loopback address `source` when given.
    static func open(port: Int, from source: String? = nil, deadlineSeconds: Int = 30) throws -> RawSocket {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw FaultTestError("socket() failed: errno \(errno)") }
        var deadline = timeval(tv_sec: deadlineSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &deadline, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &deadline, socklen_t(MemoryLayout<timeval>.size))
        if let source {
            var local = address(source, port: 0)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else {
                let code = errno
                close(fd)
                throw FaultTestError("bind(\(source)) failed: errno \(code)")
            }
        }
        var remote = address("127.0.0.1", port: port)
        let connected = withUnsafePointer(to: &remote) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let code = errno
            close(fd)
            throw FaultTestError("connect to port \(port) failed: errno \(code)")
        }
        return RawSocket(fd: fd)
    }

    private static func address(_ host: String, port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(host)
        return address
    }

    /// Sends all of `bytes`; false once the peer has closed or reset the connection.
    func transmit(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            // MSG_NOSIGNAL: writing to a connection the gateway closed must fail, not raise SIGPIPE in the test runner.
            let sent = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent < 0, errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    func receive(upTo limit: Int = 65_536) -> Received {
        var buffer = [UInt8](repeating: 0, count: limit)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, limit, 0) }
            if count > 0 { return .bytes(Array(buffer[..<count])) }
            if count == 0 { return .closed }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .timedOut
            default: return .reset
            }
        }
    }

    /// Everything until the connection ends, and how it ended.
    func readToEnd() -> (bytes: [UInt8], ending: Received) {
        var bytes: [UInt8] = []
        while true {
            let received = receive()
            guard case .bytes(let chunk) = received else { return (bytes, received) }
            bytes += chunk
        }
    }

    func release() {
        close(fd)
    }

    /// Closes with a reset (SO_LINGER 0), the way a browser drops an aborted request's connection.
    func reset() {
        var linger = Foundation.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Foundation.linger>.size))
        close(fd)
    }
}

/// One HTTP answer as read off the wire; header names lowercased.
private struct RawAnswer: Sendable {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }
    var json: JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(body)) }
}

/// HTTP/1.1 requests over ``RawSocket``: one connection per request (`Connection: close`), read to its end.
private enum RawHTTP {
    static func get(port: Int, path: String, headers: [String: String] = [:], from source: String? = nil) async throws -> RawAnswer {
        try await onOwnThread { Result { try exchange(port: port, path: path, headers: headers, from: source) } }.get()
    }

    static func exchange(port: Int, path: String, headers: [String: String], from source: String?) throws -> RawAnswer {
        let socket = try RawSocket.open(port: port, from: source)
        defer { socket.release() }
        guard socket.transmit(requestHead(port: port, path: path, headers: headers)) else {
            throw FaultTestError("the request to \(path) could not be sent")
        }
        let (bytes, ending) = socket.readToEnd()
        if ending == .timedOut { throw FaultTestError("no complete answer to \(path) within the deadline: \(String(decoding: bytes.prefix(300), as: UTF8.self))") }
        return try parse(bytes)
    }

    static func requestHead(port: Int, path: String, headers: [String: String], close: Bool = true) -> [UInt8] {
        var head = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        if close { head += "Connection: close\r\n" }
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        return Array((head + "\r\n").utf8)
    }

    /// The length of the head including its blank line, once all of it is in `bytes`.
    static func headLength(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index + 4
        }
        return nil
    }

    static func parseHead(_ bytes: ArraySlice<UInt8>) throws -> (status: Int, headers: [String: String]) {
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let statusLine = lines.first?.split(separator: " ") ?? []
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else {
            throw FaultTestError("not an HTTP status line: \(lines.first ?? "(nothing)")")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { "\($0), \(value)" } ?? value
        }
        return (status, headers)
    }

    static func parse(_ bytes: [UInt8]) throws -> RawAnswer {
        guard let length = headLength(bytes) else {
            throw FaultTestError("the connection ended before a complete head: \(String(decoding: bytes.prefix(300), as: UTF8.self))")
        }
        let (status, headers) = try parseHead(bytes[..<length])
        var body = Array(bytes[length...])
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            body = try dechunk(body)
        } else if let declared = headers["content-length"].flatMap(Int.init) {
            guard body.count >= declared else { throw FaultTestError("body cut short: \(body.count) of \(declared) bytes") }
            body = Array(body.prefix(declared))
        }
        return RawAnswer(status: status, headers: headers, body: body)
    }

    static func dechunk(_ bytes: [UInt8]) throws -> [UInt8] {
        var body: [UInt8] = []
        var index = 0
        while true {
            guard let lineEnd = (index..<max(index, bytes.count - 1)).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 }) else {
                throw FaultTestError("chunked body cut short")
            }
            let sizeText = String(decoding: bytes[index..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { throw FaultTestError("bad chunk size \(sizeText)") }
            if size == 0 { return body }
            let start = lineEnd + 2
            guard start + size <= bytes.count else { throw FaultTestError("chunk cut short") }
            body += bytes[start..<(start + size)]
            index = start + size + 2
        }
    }
}

/// An answer whose head and first body bytes have arrived, its connection still open for the rest.
private struct StreamedAnswer: Sendable {
    let socket: RawSocket
    let status: Int
    let contentLength: Int?
    let bodyBytes: Int

    static func begin(port: Int, path: String, token: String) throws -> StreamedAnswer {
        let socket = try RawSocket.open(port: port)
        guard socket.transmit(RawHTTP.requestHead(port: port, path: path, headers: ["Authorization": "Bearer \(token)"], close: false)) else {
            socket.release()
            throw FaultTestError("the request could not be sent")
        }
        var received: [UInt8] = []
        while true {
            guard case .bytes(let chunk) = socket.receive() else {
                socket.release()
                throw FaultTestError("the answer ended before any body arrived: \(String(decoding: received.prefix(500), as: UTF8.self))")
            }
            received += chunk
            if let length = RawHTTP.headLength(received), received.count > length {
                let (status, headers) = try RawHTTP.parseHead(received[..<length])
                return StreamedAnswer(
                    socket: socket, status: status, contentLength: headers["content-length"].flatMap(Int.init), bodyBytes: received.count - length
                )
            }
        }
    }
}

/// Slowloris clients: connections that send a request head one byte at a time.
private enum SlowClients {
    struct Outcome: Sendable {
        var closedByGateway = false
        var finishedHead = false
        var headBytesSent = 0
    }

    /// Sends one more byte of `remainder` on every still-open socket per `interval`, noticing (with poll) each one
    /// the gateway closes, until every socket is closed or has sent its whole head.
    static func trickle(_ sockets: [RawSocket], remainder: [UInt8], every interval: Duration) -> [Outcome] {
        var outcomes = Array(repeating: Outcome(), count: sockets.count)
        var open = Array(sockets.indices)
        let clock = ContinuousClock()
        var nextByte = clock.now + interval
        while !open.isEmpty {
            var descriptors = open.map { pollfd(fd: sockets[$0].fd, events: Int16(POLLIN), revents: 0) }
            let wait = max(Duration.zero, nextByte - clock.now)
            // Waits for a socket to close (it becomes readable) or for the time of the next byte, whichever is first.
            _ = poll(&descriptors, nfds_t(descriptors.count), Int32(wait.components.seconds * 1000 + wait.components.attoseconds / 1_000_000_000_000_000))
            var stillOpen: [Int] = []
            for (slot, index) in open.enumerated() {
                if descriptors[slot].revents != 0 {
                    switch sockets[index].receive() {
                    case .closed, .reset:
                        // EOF, or a reset when a byte was in flight as the gateway closed: either way, closed by it.
                        outcomes[index].closedByGateway = true
                        continue
                    case .bytes, .timedOut:
                        break
                    }
                }
                stillOpen.append(index)
            }
            open = stillOpen
            guard clock.now >= nextByte else { continue }
            nextByte += interval
            stillOpen = []
            for index in open {
                guard sockets[index].transmit([remainder[outcomes[index].headBytesSent]]) else {
                    outcomes[index].closedByGateway = true
                    continue
                }
                outcomes[index].headBytesSent += 1
                if outcomes[index].headBytesSent == remainder.count {
                    outcomes[index].finishedHead = true
                    continue
                }
                stillOpen.append(index)
            }
            open = stillOpen
        }
        return outcomes
    }
}

/// One request per loopback address, from a small pool of client threads.
private enum AddressSweep {
    static let workers = 8

    /// How many answers had each status (-1: no answer).
    static func run(port: Int, path: String, addresses: [String]) async -> [Int: Int] {
        await withTaskGroup(of: [Int: Int].self) { group in
            for worker in 0..<workers {
                let share = stride(from: worker, to: addresses.count, by: workers).map { addresses[$0] }
                group.addTask {
                    await onOwnThread {
                        var statuses: [Int: Int] = [:]
                        for address in share {
                            let status = (try? RawHTTP.exchange(port: port, path: path, headers: [:], from: address))?.status ?? -1
                            statuses[status, default: 0] += 1
                        }
                        return statuses
                    }
                }
            }
            return await group.reduce(into: [:]) { total, part in total.merge(part, uniquingKeysWith: +) }
        }
    }
}

// MARK: - Reading what the gateway reports

/// Values from the Prometheus text exposition.
private enum PrometheusText {
    /// The sample of `name` whose labels include all of `labels`.
    static func value(of name: String, labels: [String: String] = [:], in text: String) -> Double? {
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard line.hasPrefix(name + " ") || line.hasPrefix(name + "{") else { continue }
            guard labels.allSatisfy({ line.contains("\($0.key)=\"\($0.value)\"") }) else { continue }
            guard let value = line.split(separator: " ").last else { continue }
            return Double(value)
        }
        return nil
    }
}

/// The `RateLimit` field (`"ip";r=19;t=180`).
private enum RateLimitField {
    static func remaining(_ value: String) -> Int? {
        value.split(separator: ";").first { $0.hasPrefix("r=") }.flatMap { Int($0.dropFirst(2)) }
    }
}

/// A W3C `traceparent` value (`00-<trace id>-<parent span id>-<flags>`).
private struct TraceParent {
    let traceID: String
    let parentSpanID: String

    init?(_ value: String) {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, parts[0] == "00", Self.isHex(parts[1], digits: 32), Self.isHex(parts[2], digits: 16) else { return nil }
        traceID = parts[1]
        parentSpanID = parts[2]
    }

    static func isHex(_ text: String, digits: Int) -> Bool {
        text.utf8.count == digits && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

/// The gateway's access log: its stdout JSON lines with `msg` "request".
private enum AccessLog {
    static func lines(of gateway: RunningGateway, requestID: String) -> [(text: String, json: JSONValue)] {
        gateway.child.stdoutLines
            .filter { $0.contains(requestID) }
            .compactMap { line in (try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))).map { (line, $0) } }
            .filter { $0.json["msg"] == "request" && $0.json["request_id"]?.stringValue == requestID }
    }

    /// The member names of a one-line JSON object, in order and with repeats (a decoder silently keeps one of them).
    static func memberNames(_ line: String) -> [String] {
        var names: [String] = []
        var depth = 0
        var inString = false
        var escaped = false
        var current = ""
        var lastString: String?
        for character in line {
            if inString {
                if escaped {
                    escaped = false
                    current.append(character)
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                    lastString = current
                } else {
                    current.append(character)
                }
                continue
            }
            switch character {
            case "\"":
                inString = true
                current = ""
            case ":":
                if depth == 1, let name = lastString { names.append(name) }
                lastString = nil
            case "{", "[":
                depth += 1
                lastString = nil
            case "}", "]":
                depth -= 1
                lastString = nil
            case ",":
                lastString = nil
            default:
                break
            }
        }
        return names
    }
}
