import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Platform
import StatementGeneration
import Testing
import TestSupport

/// The business owner's journey through the gateway of a real `mpesa serve all`: an account, an organisation, a
/// password-protected PDF statement uploaded and followed live, then the figures, the dashboard's overview, a report
/// and the forecast, on the embedded SQLite default and on PostgreSQL.
@Suite("End to end: a statement through the gateway to every figure", .serialized)
struct AnalyticsJourneyTests {
    /// Uploads answer when the statement is stored: longer than the platform's default read timeout on a loaded machine.
    static let http = ServiceHTTPClient.make(defaultTimeout: .seconds(120))

    struct Client {
        let base: String
        var token: String?

        func send(_ method: HTTPMethod, _ path: String, json: String? = nil, body: Data? = nil, contentType: String? = nil, accept: String? = nil) async throws -> (status: Int, headers: [String: String], data: Data) {
            var request = HTTPClientRequest(url: base + path)
            request.method = method
            if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
            if let accept { request.headers.add(name: "Accept", value: accept) }
            if let json {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(string: json))
            } else if let body {
                request.headers.add(name: "Content-Type", value: contentType ?? "application/octet-stream")
                request.body = .bytes(ByteBuffer(data: body))
            }
            let response = try await AnalyticsJourneyTests.http.client.execute(request, timeout: .seconds(120))
            var collected = try await response.body.collect(upTo: 32 << 20)
            var headers: [String: String] = [:]
            for header in response.headers { headers[header.name.lowercased()] = header.value }
            return (Int(response.status.code), headers, collected.readData(length: collected.readableBytes) ?? Data())
        }

        func json(_ method: HTTPMethod, _ path: String, _ body: String? = nil) async throws -> (status: Int, json: JSONValue) {
            let answer = try await send(method, path, json: body)
            return (answer.status, (try? JSONDecoder().decode(JSONValue.self, from: answer.data)) ?? .null)
        }

        /// Registers, creates an organisation and switches into it.
        mutating func signUp(_ name: String) async throws {
            let email = "\(name.lowercased())-\(UUID().uuidString.prefix(8).lowercased())@example.test"
            let registered = try await json(.POST, "/api/v1/auth/register", #"{"email":"\#(email)","password":"Kilimanjaro-2026-duka","name":"\#(name)"}"#)
            token = try #require(registered.json["access_token"]?.stringValue, "\(registered)")
            let organization = try await json(.POST, "/api/v1/tenant/organizations", #"{"name":"\#(name) Duka"}"#)
            let id = try #require(organization.json["id"]?.stringValue, "\(organization)")
            let switched = try await json(.POST, "/api/v1/tenant/organizations/\(id)/switch")
            token = try #require(switched.json["access_token"]?.stringValue, "\(switched)")
        }
    }

    @Test("upload, follow, read every figure, the overview, a report and the forecast; another organisation sees nothing", arguments: StoreBackend.allCases)
    func journey(_ backend: StoreBackend) async throws {
        let database: PostgresTestDatabase? = backend == .postgres ? try await PostgresTestDatabase.create() : nil
        let settings = ["LOG_LEVEL": "error", "HTTP_UPSTREAM_TIMEOUT_MS": "60000", "GATEWAY_READ_TIMEOUT_MS": "120000", "GATEWAY_RATE_LIMIT_MODE": "off"]
        let run = try PlatformRun(extra: settings.merging(database.map { ["DATABASE_URL": $0.url] } ?? [:]) { _, new in new })
        defer { run.directory.remove() }
        let platform = try ChildProcess(arguments: ["serve", "all"], environment: run.environment)
        defer { Task { await platform.stop(); await database?.drop() } }
        try await eventually(timeout: .seconds(90), "the gateway to report every upstream ready") {
            (try? await fetch(run.url(.gateway, "/ready")))?.status == 200
        }

        var owner = Client(base: run.url(.gateway, ""))
        try await owner.signUp("Wanjiru")
        let statement = PersonalStatementGenerator.generate(GeneratorConfiguration(seed: 17, months: 2, transactionsPerDay: 6))
        let pdf = try await PersonalStatementPDFRenderer.render(statement, password: "duka-2026")
        var form = MultipartBody()
        form.addFile(filename: "statement.pdf", contentType: "application/pdf", data: pdf)
        form.add("password", "wrong-password")
        let refused = try await owner.send(.POST, "/api/v1/analytics/statements?wait=true", body: Data(buffer: form.buffer), contentType: form.contentType)
        #expect((400..<500).contains(refused.status), "a wrong password is the user's to fix")
        #expect(refused.headers["content-type"] == "application/problem+json")

        form = MultipartBody()
        form.addFile(filename: "statement.pdf", contentType: "application/pdf", data: pdf)
        form.add("password", "duka-2026")
        let accepted = try await owner.send(.POST, "/api/v1/analytics/statements", body: Data(buffer: form.buffer), contentType: form.contentType)
        #expect(accepted.status == 202)
        let job = try #require((try? JSONDecoder().decode(JSONValue.self, from: accepted.data))?["id"]?.stringValue)
        let events = try await owner.send(.GET, "/api/v1/analytics/jobs/\(job)", accept: "text/event-stream")
        #expect(events.headers["content-type"]?.hasPrefix("text/event-stream") == true)
        #expect(String(decoding: events.data, as: UTF8.self).contains("event: done"), "\(String(decoding: events.data, as: UTF8.self).suffix(300))")
        let finished = try await owner.json(.GET, "/api/v1/analytics/jobs/\(job)")
        let statementID = try #require(finished.json["statement_id"]?.stringValue)
        let stored = try await owner.json(.GET, "/api/v1/analytics/statements/\(statementID)")
        #expect(stored.json["verdict"]?.stringValue == "verified", "a Safaricom-style PDF with its verification code")

        let summary = try await owner.json(.GET, "/api/v1/analytics/summary")
        let categories = try await owner.json(.GET, "/api/v1/analytics/categories")
        let inflow = summary.json["inflow_cents"]?.int64Value ?? -1
        #expect(inflow > 0)
        let lines = categories.json["categories"]?.arrayValue ?? []
        #expect(lines.filter { $0["direction"]?.stringValue == "in" }.reduce(0) { $0 + ($1["amount_cents"]?.int64Value ?? 0) } == inflow)
        let opening = statement.metadata.openingBalanceCents ?? 0
        let closing = statement.metadata.closingBalanceCents ?? 0
        #expect(summary.json["net_cents"]?.int64Value == closing - opening, "balances chain: the net is the change of the balance")

        let overview = try await owner.json(.GET, "/bff/v1/overview?from=2026-01-01&to=2026-03-31")
        for section in ["summary", "categories", "counterparties", "insights", "timeseries"] {
            #expect(overview.json["sections"]?[section]?["status"]?.stringValue == "ok", "overview \(section): \(overview.json["sections"]?[section] ?? .null)")
        }
        let report = try await owner.send(.GET, "/api/v1/analytics/reports/monthly?month=2026-03&format=pdf")
        #expect(report.status == 200)
        #expect(report.data.starts(with: Data("%PDF-".utf8)))
        let forecast = try await owner.json(.GET, "/api/v1/analytics/forecast?horizon_days=14")
        #expect(forecast.status == 200, "\(forecast.json)")
        #expect(forecast.json["forecast"]?["points"]?.arrayValue?.count == 14)

        var stranger = Client(base: run.url(.gateway, ""))
        try await stranger.signUp("Otieno")
        #expect(try await stranger.json(.GET, "/api/v1/analytics/statements/\(statementID)").status == 404)
        #expect(try await stranger.json(.GET, "/api/v1/analytics/summary").json["transaction_count"]?.int64Value == 0)

        // The categorizer's history holds the ledger's transactions; deleting the statement takes them out of both
        // (the `statement.deleted` event), so the categories' counts never disagree with the ledger.
        func categorized() async throws -> Int64 {
            let list = try await owner.json(.GET, "/api/v1/categorizer/categories").json["categories"]?.arrayValue ?? []
            return list.reduce(0) { $0 + ($1["transactions"]?.int64Value ?? 0) }
        }
        let categorizedBefore = try await categorized()
        #expect(categorizedBefore > 0 && categorizedBefore <= summary.json["transaction_count"]?.int64Value ?? 0, "categorizer \(categorizedBefore)")
        #expect(try await owner.json(.DELETE, "/api/v1/analytics/statements/\(statementID)").status == 200)
        #expect(try await owner.json(.GET, "/api/v1/analytics/summary").json["transaction_count"]?.int64Value == 0)
        try await eventually(timeout: .seconds(60), "the categorizer to forget the deleted statement's transactions") {
            try await categorized() == 0
        }
    }
}
