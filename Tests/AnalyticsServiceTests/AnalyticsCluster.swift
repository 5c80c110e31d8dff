import AnalyticsService
import AsyncHTTPClient
import CashflowService
import CategorizerService
import Foundation
import Logging
import MPesaCore
import NIOCore
import NIOHTTP1
import ParserService
import Platform
import ServiceLifecycle
import StatementGeneration
import StatementParsing
import TestSupport

/// The analytics service with the parser, categorizer and cashflow services it calls, each on a real port in this
/// test process, the two stateful ones on brand-new stores of one backend; tokens are signed with a test key.
final class AnalyticsCluster: Sendable {
    let backend: StoreBackend
    let settings: PlatformSettings
    let key: SigningKey
    let analyticsStore: TestStore
    private let categorizerStore: TestStore
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    private init(backend: StoreBackend, settings: PlatformSettings, key: SigningKey, analyticsStore: TestStore, categorizerStore: TestStore, group: ServiceGroup, running: Task<Void, any Error>) {
        self.backend = backend
        self.settings = settings
        self.key = key
        self.analyticsStore = analyticsStore
        self.categorizerStore = categorizerStore
        self.group = group
        self.running = running
    }

    static let services: [ServiceName] = [.parser, .categorizer, .cashflow, .analytics]

    /// One client for the cluster's calls and the tests' own: an upload answers when the whole statement is stored,
    /// which on a loaded machine with a debug build takes longer than the platform's default 11 s read timeout.
    static let client = ServiceHTTPClient.make(defaultTimeout: .seconds(120))

    static func start(_ backend: StoreBackend) async throws -> AnalyticsCluster {
        let ports = try FreePorts.allocate(services.count)
        var values: [String: String] = ["log.level": ProcessInfo.processInfo.environment["TEST_LOG_LEVEL"] ?? "critical"]
        for (service, port) in zip(services, ports) {
            values["\(service.rawValue).port"] = String(port)
            values["\(service.rawValue).url"] = "http://127.0.0.1:\(port)"
        }
        let settings = try PlatformSettings.testing(values)
        let key = try SigningKey()
        let analyticsStore = try await backend.openStore(migrations: AnalyticsService.migrations)
        let categorizerStore: TestStore
        do {
            categorizerStore = try await backend.openStore(migrations: CategorizerService.migrations)
        } catch {
            await analyticsStore.destroy()
            throw error
        }
        var applications: [any Service] = []
        var parser = TestServices.dependencies(for: .parser, keys: [key])
        parser.migrations = []
        applications.append(ParserService.makeApplication(configuration: settings, dependencies: parser))
        var categorizer = TestServices.dependencies(for: .categorizer, database: categorizerStore.provider, keys: [key])
        categorizer.migrations = CategorizerService.migrations
        applications.append(CategorizerService.makeApplication(configuration: settings, dependencies: categorizer))
        applications.append(CashflowService.makeApplication(configuration: settings, dependencies: TestServices.dependencies(for: .cashflow, keys: [key])))
        var analytics = TestServices.dependencies(for: .analytics, database: analyticsStore.provider, keys: [key])
        analytics.migrations = AnalyticsService.migrations
        analytics.httpClient = client
        applications.append(AnalyticsService.makeApplication(configuration: settings, dependencies: analytics))
        let group = ServiceGroup(configuration: .init(services: applications.map { .init(service: $0) }, logger: Logger(label: "analytics-cluster")))
        let running = Task { try await group.run() }
        let cluster = AnalyticsCluster(
            backend: backend, settings: settings, key: key, analyticsStore: analyticsStore, categorizerStore: categorizerStore, group: group, running: running
        )
        do {
            try await eventually(timeout: .seconds(90), "the analytics service to be ready") {
                (try? await cluster.request(.GET, "/ready", token: nil))?.status == 200
            }
            // The categorizer trains its global model on first use (seconds in a debug build, more under a loaded
            // machine); wait for it here so an upload's categorising step is not what waits.
            let token = try await cluster.token()
            let probe: JSONValue = ["transactions": [["id": "warm-up", "details": "Pay Bill to 888880 - KPLC PREPAID Acc. 1234", "direction": "out", "amount_cents": 10000]], "persist": false]
            try await eventually(timeout: .seconds(180), every: .milliseconds(200), "the categorizer's model to be trained") {
                (try? await cluster.request(.POST, "/v1/categorize", token: token, json: probe, service: .categorizer))?.status == 200
            }
        } catch {
            await cluster.stop()
            throw error
        }
        return cluster
    }

    /// Starts a cluster, runs `body`, and stops it whatever happens.
    static func run(_ backend: StoreBackend, _ body: (AnalyticsCluster) async throws -> Void) async throws {
        let cluster = try await start(backend)
        do {
            try await body(cluster)
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await running.value
        await analyticsStore.destroy()
        await categorizerStore.destroy()
    }

    /// An access token for `role` in organisation `tenant`, with the scopes that role grants.
    func token(tenant: String = "acme", role: Role = .analyst, user: String = "usr_alice") async throws -> String {
        var claims = TokenFactory.claims(subject: user, tenant: tenant, role: role.rawValue)
        claims.scope = Scope.granted(to: role).joined(separator: " ")
        return try await TokenFactory.sign(claims, with: key)
    }

    struct Reply: Sendable {
        var status: Int
        var headers: [String: String]
        var body: Data
        var json: JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: body)) ?? .null }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// A request to the analytics service (or `service`) over a real socket.
    func request(
        _ method: HTTPMethod, _ path: String, token: String?, json: JSONValue? = nil, body: ByteBuffer? = nil, contentType: String? = nil,
        headers: [String: String] = [:], service: ServiceName = .analytics
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: settings.url(of: service) + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: try JSONEncoder().encode(json)))
        } else if let body {
            if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
            request.body = .bytes(body)
        }
        do {
            let response = try await Self.client.client.execute(request, timeout: .seconds(120))
            var collected = try await response.body.collect(upTo: 64 << 20)
            var fields: [String: String] = [:]
            for header in response.headers { fields[header.name.lowercased()] = header.value }
            return Reply(status: Int(response.status.code), headers: fields, body: collected.readData(length: collected.readableBytes) ?? Data())
        } catch {
            throw TestSetupError("\(method.rawValue) \(path) failed: \(error)")
        }
    }

    /// Uploads a statement file; `wait` answers when it is stored (201) or refused.
    func upload(_ data: Data, filename: String = "statement.csv", password: String? = nil, token: String, wait: Bool = true) async throws -> Reply {
        var form = MultipartBody()
        form.addFile(filename: filename, contentType: "application/octet-stream", data: data)
        if let password { form.add("password", password) }
        return try await request(.POST, "/v1/statements" + (wait ? "?wait=true" : ""), token: token, body: form.buffer, contentType: form.contentType)
    }
}

/// Synthetic statements for the tests: a personal statement as the 7-column CSV.
enum Statements {
    static func csv(seed: UInt64 = 7, months: Int = 2, endDate: LocalDateTime = LocalDateTime(year: 2026, month: 3, day: 31)!, perDay: Double = 10) -> (data: Data, statement: SyntheticStatement) {
        let statement = PersonalStatementGenerator.generate(GeneratorConfiguration(seed: seed, months: months, transactionsPerDay: perDay, endDate: endDate))
        return (TabularStatementWriter(layout: .personal).csv(rows: statement.rows, metadata: statement.metadata), statement)
    }

    /// The same statement's rows with the first `drop` and last `keep` cut: overlapping periods of one account.
    static func slice(_ statement: SyntheticStatement, rows range: Range<Int>) -> Data {
        TabularStatementWriter(layout: .personal).csv(rows: Array(statement.rows[range]), metadata: statement.metadata)
    }
}

extension JSONValue {
    /// An integer member as Int (JSON numbers the tests compare with counts).
    var intValue: Int? { int64Value.map { Int($0) } }
}
