import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Platform
import StatementGeneration
import Testing
import TestSupport

/// Ports and environment for one run of the real executable.
struct PlatformRun {
    let ports: [ServiceName: Int]
    let environment: [String: String]
    let directory: TemporaryDirectory

    init(extra: [String: String] = [:]) throws {
        let allocated = try FreePorts.allocate(ServiceName.allCases.count)
        var ports: [ServiceName: Int] = [:]
        var environment: [String: String] = ["LOG_LEVEL": "info", "LOG_FORMAT": "json", "EVENTS_POLL_MS": "50"]
        for (service, port) in zip(ServiceName.allCases, allocated) {
            ports[service] = port
            environment[SettingKey.port(of: service).environmentVariable] = String(port)
        }
        directory = try TemporaryDirectory()
        environment["DATA_DIR"] = directory.path + "/data"
        environment["ENV_FILE"] = directory.path + "/.env"
        environment["CONFIG_FILE"] = directory.path + "/mpesa.json"
        environment.merge(extra) { _, new in new }
        self.ports = ports
        self.environment = environment
    }

    func url(_ service: ServiceName, _ path: String) -> String { "http://127.0.0.1:\(ports[service]!)\(path)" }
}

/// A plain HTTP answer for assertions.
struct Answer {
    let status: Int
    let headers: [String: String]
    let body: String
    var json: JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8)) }
}

func fetch(_ url: String, method: HTTPMethod = .GET, headers: [String: String] = [:], json: String? = nil) async throws -> Answer {
    var request = HTTPClientRequest(url: url)
    request.method = method
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if let json {
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: json))
    }
    let response = try await TestEnvironment.httpClient.client.execute(request, timeout: .seconds(10))
    let body = try await response.body.collect(upTo: 8 << 20)
    var collected: [String: String] = [:]
    for header in response.headers { collected[header.name.lowercased()] = header.value }
    return Answer(status: Int(response.status.code), headers: collected, body: String(buffer: body))
}

@Suite("End to end: the real executable", .serialized)
struct ServeAllEndToEndTests {
    @Test("serve all starts every service, the gateway routes to each, a killed service shows as not ready, and SIGTERM stops cleanly")
    func serveAll() async throws {
        let run = try PlatformRun()
        defer { run.directory.remove() }
        // Payment runs as its own process so the test can kill it like a crashed service.
        let main = try ChildProcess(arguments: ["serve", "all", "--without", "payment"], environment: run.environment)
        let payment = try ChildProcess(arguments: ["serve", "payment"], environment: run.environment)
        defer { Task { await main.stop(); await payment.stop() } }

        try await eventually(timeout: .seconds(60), "the gateway to report every upstream ready") {
            (try? await fetch(run.url(.gateway, "/ready")))?.status == 200
        }
        let readiness = try await fetch(run.url(.gateway, "/ready")).json
        for service in ServiceName.upstreams {
            #expect(readiness?["checks"]?[service.rawValue]?["status"] == "up", "\(service) not up")
        }

        // Every service is reachable through the gateway, and its own port serves health and Prometheus metrics.
        for service in ServiceName.upstreams {
            let document = try await fetch(run.url(.gateway, "/api/v1/\(service.rawValue)/openapi.json"))
            #expect(document.status == 200, "gateway → \(service)")
            #expect(document.json?["info"]?["title"]?.stringValue?.contains(service.rawValue) == true)
            let health = try await fetch(run.url(service, "/health"))
            #expect(health.json?["service"] == .string(service.rawValue))
            let metrics = try await fetch(run.url(service, "/metrics"))
            #expect(metrics.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
            #expect(metrics.body.contains("# TYPE http_requests_total counter"))
        }

        // The gateway refuses the API without a token; a new account gets one.
        let anonymous = try await fetch(run.url(.gateway, "/api/v1/parser/detect"), method: .POST)
        #expect(anonymous.status == 401)
        let registered = try await fetch(
            run.url(.gateway, "/api/v1/auth/register"), method: .POST,
            json: #"{"email":"e2e-\#(UUID().uuidString.prefix(8).lowercased())@example.test","password":"Kilimanjaro-2026-duka","name":"E2E"}"#
        )
        #expect(registered.status == 201)
        let token = try #require(registered.json?["access_token"]?.stringValue)

        // A password-protected statement uploaded through the gateway is parsed and verified by the parser service.
        let statement = PersonalStatementGenerator.generate(GeneratorConfiguration(seed: 3, months: 1, transactionsPerDay: 6))
        let pdf = try await PersonalStatementPDFRenderer.render(statement, password: "e2e-secret")
        let boundary = "e2e-boundary-\(UUID().uuidString)"
        var upload = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"statement.pdf\"\r\nContent-Type: application/pdf\r\n\r\n".utf8)
        upload.append(pdf)
        upload.append(Data("\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\ne2e-secret\r\n--\(boundary)--\r\n".utf8))
        var request = HTTPClientRequest(url: run.url(.gateway, "/api/v1/parser/parse"))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "multipart/form-data; boundary=\(boundary)")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.body = .bytes(ByteBuffer(data: upload))
        let parseResponse = try await TestEnvironment.httpClient.client.execute(request, timeout: .seconds(60))
        let parsed = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: try await parseResponse.body.collect(upTo: 32 << 20)))
        #expect(parseResponse.status.code == 200)
        #expect(parsed["reconciliation"]?["verdict"] == "verified")
        #expect(!main.stdoutLines.contains { $0.contains("e2e-secret") })

        // Errors at the edge are problems.
        let missing = try await fetch(run.url(.gateway, "/api/v1/analytics/no-such-thing"), headers: ["X-Request-Id": "e2e-trace-1", "Authorization": "Bearer \(token)"])
        #expect(missing.status == 404)
        #expect(missing.headers["content-type"] == "application/problem+json")
        #expect(missing.headers["x-request-id"] == "e2e-trace-1")
        let wrongMethod = try await fetch(run.url(.auth, "/health"), method: .DELETE)
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.headers["allow"] == "GET")

        // Logs are JSON lines; the proxied request left one line at the gateway and one at analytics, same trace.
        try await eventually("access logs of the proxied request") {
            main.stdoutLines.filter { $0.contains("e2e-trace-1") }.count >= 2
        }
        let lines = main.stdoutLines
        #expect(!lines.isEmpty)
        for line in lines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any], "not a JSON line: \(line.prefix(200))")
        }
        let traced = lines.filter { $0.contains("e2e-trace-1") }.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let services = Set(traced.compactMap { $0["service"] as? String })
        #expect(services.isSuperset(of: ["gateway", "analytics"]))
        let traceIDs = Set(traced.compactMap { $0["trace_id"] as? String })
        let tracedLines = lines.filter { $0.contains("e2e-trace-1") }.joined(separator: "\n")
        #expect(traceIDs.count == 1, "one trace across the hop, got \(tracedLines)")
        #expect(traced.allSatisfy { $0["span_id"] is String && $0["request_id"] as? String == "e2e-trace-1" }, "\(tracedLines)")

        // Kill payment: the gateway reports it down and the rest up.
        payment.signal(SIGKILL)
        try await payment.waitForExit()
        try await eventually(timeout: .seconds(20), "the gateway to notice payment is gone") {
            let answer = try? await fetch(run.url(.gateway, "/ready"))
            return answer?.status == 503 && answer?.json?["checks"]?["payment"]?["status"] == "down"
        }
        let degraded = try await fetch(run.url(.gateway, "/ready")).json
        for service in ServiceName.upstreams where service != .payment {
            #expect(degraded?["checks"]?[service.rawValue]?["status"] == "up")
        }

        // Graceful shutdown.
        main.signal(SIGTERM)
        let status = try await main.waitForExit(timeout: .seconds(30))
        #expect(status == 0)
        #expect(main.stdoutLines.contains { $0.contains("\"msg\":\"stopped\"") })
    }

    @Test("three services as separate processes on PostgreSQL")
    func separateProcessesOnPostgres() async throws {
        let database = try await PostgresTestDatabase.create()
        let run = try PlatformRun(extra: ["DATABASE_URL": database.url])
        defer { run.directory.remove() }
        let auth = try ChildProcess(arguments: ["serve", "auth"], environment: run.environment)
        let tenant = try ChildProcess(arguments: ["serve", "tenant"], environment: run.environment)
        let gateway = try ChildProcess(arguments: ["serve", "gateway"], environment: run.environment)
        let processes = [auth, tenant, gateway]
        defer { Task { for process in processes { await process.stop() }; await database.drop() } }

        try await eventually(timeout: .seconds(60), "auth and tenant up behind the gateway") {
            let answer = try? await fetch(run.url(.gateway, "/ready"))
            return answer?.json?["checks"]?["auth"]?["status"] == "up" && answer?.json?["checks"]?["tenant"]?["status"] == "up"
        }
        let readiness = try await fetch(run.url(.gateway, "/ready"))
        #expect(readiness.status == 503)  // the other seven upstreams are not running
        #expect(readiness.json?["checks"]?["analytics"]?["status"] == "down")
        for service in [ServiceName.auth, .tenant] {
            let ready = try await fetch(run.url(service, "/ready"))
            #expect(ready.status == 200)
            #expect(ready.json?["checks"]?["database"]?["target"]?.stringValue?.contains(":***@") == true)
            let document = try await fetch(run.url(.gateway, "/api/v1/\(service.rawValue)/openapi.json"))
            #expect(document.status == 200)
        }
        // Each service migrated its own schema, and the event log has its own.
        let schemas = try await database.schemas()
        #expect(schemas.isSuperset(of: ["auth", "tenant", "events"]))

        for process in processes { process.signal(SIGTERM) }
        for process in processes { #expect(try await process.waitForExit() == 0) }
    }
}
