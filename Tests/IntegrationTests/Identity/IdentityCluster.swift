import AsyncHTTPClient
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import Platform
import ServiceCatalog
import PostgresNIO
import ServiceLifecycle
import TestSupport

/// The gateway and every service that keeps state, running in this test process on real ports and real sockets,
/// on SQLite or on a PostgreSQL database of their own, sharing one event log and one clock the test can move.
final class IdentityCluster: Sendable {
    let settings: PlatformSettings
    let clock: ManualClock
    let backend: StoreBackend
    private let directory: TemporaryDirectory
    private let postgres: PostgresTestDatabase?
    private let group: ServiceGroup
    private let running: Task<Void, any Error>
    private let resources: ProcessResources
    private let stores: [ServiceName: any DatabaseProvider]

    static let services: [ServiceName] = [.gateway, .auth, .tenant, .analytics, .categorizer, .billing, .payment, .webhook]

    private init(
        settings: PlatformSettings, clock: ManualClock, backend: StoreBackend, directory: TemporaryDirectory, postgres: PostgresTestDatabase?, group: ServiceGroup,
        running: Task<Void, any Error>, resources: ProcessResources, stores: [ServiceName: any DatabaseProvider]
    ) {
        self.settings = settings
        self.clock = clock
        self.backend = backend
        self.directory = directory
        self.postgres = postgres
        self.group = group
        self.running = running
        self.resources = resources
        self.stores = stores
    }

    static func start(_ backend: StoreBackend, bcryptCost: Int = 4, extra: [String: String] = [:]) async throws -> IdentityCluster {
        _ = TestEnvironment.settings
        let directory = try TemporaryDirectory()
        let ports = try FreePorts.allocate(ServiceName.allCases.count)
        var values: [String: String] = [
            "data.dir": directory.path, "log.level": ProcessInfo.processInfo.environment["TEST_LOG_LEVEL"] ?? "critical", "events.pollMs": "20",
            "auth.bcryptCost": String(bcryptCost), "public.url": "https://app.example.test", "mail.from": "M-PESA Analytics <no-reply@example.test>",
        ]
        for (service, port) in zip(ServiceName.allCases, ports) {
            values["\(service.rawValue).port"] = String(port)
            values["\(service.rawValue).url"] = "http://127.0.0.1:\(port)"
        }
        var postgres: PostgresTestDatabase?
        if backend == .postgres {
            let database = try await PostgresTestDatabase.create()
            values["database.url"] = database.url
            postgres = database
        }
        values.merge(extra) { _, new in new }
        let settings = try PlatformSettings.testing(values)
        let clock = ManualClock(Date())
        let resources = try ProcessResources.make(settings: settings, time: .manual(clock))
        var stores: [ServiceName: any DatabaseProvider] = [:]
        var group: ServiceGroup?
        var running: Task<Void, any Error>?
        do {
            var servers: [any Service] = []
            for service in services {
                let dependencies = try await resources.dependencies(for: service, migrations: ServiceCatalog.migrations(of: service))
                if let database = dependencies.database { stores[service] = database }
                servers.append(try ServiceCatalog.application(of: service, configuration: settings, dependencies: dependencies))
            }
            var background: [any Service] = [try await resources.revocationFeed()]
            if let log = await resources.openedEventLog() { background.append(EventLogListener(log: log, logger: Logger(label: "events"))) }
            let serviceGroup = ServiceGroup(configuration: .init(services: (background + servers).map { .init(service: $0) }, logger: Logger(label: "cluster")))
            group = serviceGroup
            running = Task { try await serviceGroup.run() }
            let cluster = IdentityCluster(
                settings: settings, clock: clock, backend: backend, directory: directory, postgres: postgres, group: serviceGroup, running: running!,
                resources: resources, stores: stores
            )
            // A loaded machine (several clusters and PostgreSQL starting at once on two cores) can take a while; the
            // error names the services that never answered so a real failure is told apart from a slow start.
            let silent = NIOLockedValueBox<[ServiceName]>(Self.services)
            do {
                try await eventually(timeout: .seconds(150), "every service to answer /health") {
                    var missing: [ServiceName] = []
                    for service in Self.services where (try? await cluster.raw(.GET, cluster.url(service, "/health")))?.status != 200 { missing.append(service) }
                    silent.withLockedValue { $0 = missing }
                    return missing.isEmpty
                }
            } catch {
                throw TestSetupError("\(silent.withLockedValue { $0 }.map(\.rawValue).joined(separator: ", ")) never answered /health: \(error)")
            }
            return cluster
        } catch {
            // Whatever started is stopped and closed: a provider released unclosed is a crash in SQLiteNIO.
            await tearDown(group: group, running: running, stores: stores, resources: resources, postgres: postgres, directory: directory)
            throw error
        }
    }

    /// Starts a cluster, runs `body` with it, and stops it whatever happens.
    static func run(_ backend: StoreBackend, bcryptCost: Int = 4, extra: [String: String] = [:], _ body: (IdentityCluster) async throws -> Void) async throws {
        let cluster: IdentityCluster
        do {
            cluster = try await start(backend, bcryptCost: bcryptCost, extra: extra)
        } catch {
            throw TestSetupError("the cluster did not start on \(backend): \(String(reflecting: error))")
        }
        do {
            try await body(cluster)
        } catch {
            await cluster.stop()
            // PostgresNIO hides the server's message from `description`; a failing test needs it.
            if error is PSQLError { throw TestSetupError(String(reflecting: error)) }
            throw error
        }
        await cluster.stop()
    }

    func stop() async {
        await Self.tearDown(group: group, running: running, stores: stores, resources: resources, postgres: postgres, directory: directory)
    }

    /// Stops the services, then closes the stores and shared resources and removes the databases and files.
    private static func tearDown(
        group: ServiceGroup?, running: Task<Void, any Error>?, stores: [ServiceName: any DatabaseProvider], resources: ProcessResources,
        postgres: PostgresTestDatabase?, directory: TemporaryDirectory
    ) async {
        await group?.triggerGracefulShutdown()
        if let running {
            // A service that cannot finish its graceful shutdown (a request stuck in flight under heavy load) must not
            // hold the whole test run. After a minute the group is cancelled and the test goes on without waiting for
            // it: awaiting a task's value cannot be interrupted, so the wait is raced against a timer in unstructured
            // tasks and the loser is left behind.
            let finished = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let first = FirstAnswer(continuation)
                Task {
                    _ = try? await running.value
                    first.answer(true)
                }
                Task {
                    try? await Task.sleep(for: .seconds(60))  // the deadline of the graceful shutdown
                    first.answer(false)
                }
            }
            if !finished {
                Logger(label: "cluster").error("the cluster did not shut down gracefully within 60 s; cancelling it and moving on")
                running.cancel()
            }
        }
        for store in stores.values { await store.shutdown() }
        await resources.shutdown()
        await postgres?.drop()
        directory.remove()
    }

    /// The process's event log.
    func eventLog() async -> EventLog? { await resources.openedEventLog() }

    /// The schemas of the PostgreSQL database (empty on SQLite).
    func postgresSchemas() async throws -> Set<String> { try await postgres?.schemas() ?? [] }

    /// The running service's own store.
    func store(_ service: ServiceName) -> any DatabaseProvider { stores[service]! }

    func url(_ service: ServiceName, _ path: String) -> String { "http://127.0.0.1:\(settings.port(of: service))\(path)" }

    /// A path at the gateway.
    func api(_ path: String) -> String { url(.gateway, path) }

    var mailbox: DevelopmentMailbox { DevelopmentMailbox(directory: URL(fileURLWithPath: settings.dataDirectory).appendingPathComponent("mail")) }

    /// The token inside the link of the newest e-mail to `address`.
    func linkToken(to address: String, path: String) throws -> String? {
        guard let stored = try mailbox.latest(to: address) else { return nil }
        let body = try mailbox.read(id: stored.id).textBody
        guard let range = body.range(of: "\(path)?token=") else { return nil }
        return String(body[range.upperBound...].prefix { !$0.isWhitespace })
    }

    // MARK: HTTP

    struct Reply: Sendable {
        let status: Int
        let headers: [String: String]
        let body: String
        var json: JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8))) ?? .null }
        subscript(key: String) -> JSONValue? { json[key] }
    }

    func raw(_ method: HTTPMethod, _ url: String, body: String? = nil, contentType: String = "application/json", headers: [String: String] = [:]) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.replaceOrAdd(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response: HTTPClientResponse
        let collected: ByteBuffer
        do {
            // 30 s on a quiet machine; `make test` scales it (MPESA_TEST_WAIT_SCALE) because the whole suite on two cores
            // has made a read during a PostgreSQL tier move take longer than that (docs/operations.md, known issues).
            response = try await TestEnvironment.httpClient.client.execute(request, timeout: .seconds(30 * Int64(testWaitScale)))
            collected = try await response.body.collect(upTo: 16 << 20)
        } catch {
            // A bare `readTimeout` does not say which of a test's hundred calls it was.
            throw TestSetupError("\(method.rawValue) \(url) failed: \(error)")
        }
        var fields: [String: String] = [:]
        for header in response.headers { fields[header.name.lowercased()] = header.value }
        return Reply(status: Int(response.status.code), headers: fields, body: String(buffer: collected))
    }

    /// Calls the gateway's `/api/v1/<path>` with a JSON body and an optional bearer token.
    func call(_ method: HTTPMethod, _ path: String, _ body: JSONValue? = nil, token: String? = nil, headers: [String: String] = [:]) async throws -> Reply {
        var headers = headers
        if let token { headers["Authorization"] = "Bearer \(token)" }
        return try await raw(method, api("/api/v1" + path), body: body.map { $0.serialized() }, headers: headers)
    }
}

/// Resumes a continuation with the first answer given; later answers are ignored.
private final class FirstAnswer: Sendable {
    private let continuation = NIOLockedValueBox<CheckedContinuation<Bool, Never>?>(nil)

    init(_ continuation: CheckedContinuation<Bool, Never>) {
        self.continuation.withLockedValue { $0 = continuation }
    }

    func answer(_ value: Bool) {
        continuation.withLockedValue { stored in
            stored?.resume(returning: value)
            stored = nil
        }
    }
}
