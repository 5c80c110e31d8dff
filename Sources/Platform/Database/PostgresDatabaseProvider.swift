import Foundation
import Logging
import MPesaCore
import NIOConcurrencyHelpers
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgreSQL storage for one service: its own schema in the configured database, a schema per schema-tier
/// tenant, and a database per database-tier tenant (pools created on first use).
///
/// Sessions set `search_path` and `mpesa.tenant_id` transaction-locally (`set_config(…, true)`), so a pooled
/// connection never carries one tenant's settings into another's transaction.
public final class PostgresDatabaseProvider: DatabaseProvider {
    public let name: String
    public let dialect = DatabaseDialect.postgres
    public let url: DatabaseURL
    private let poolSize: Int
    private let migrator: Migrator
    private let logger: Logger
    private let mainClient: PostgresClient
    private let mainRun = NIOLockedValueBox<Task<Void, Never>?>(nil)
    private let tenantClients = NIOLockedValueBox<[TenantID: (client: PostgresClient, run: Task<Void, Never>)]>([:])

    public var location: String { "\(url.redacted) schema \(name)" }

    private init(name: String, url: DatabaseURL, poolSize: Int, migrator: Migrator, logger: Logger) {
        self.name = name
        self.url = url
        self.poolSize = poolSize
        self.migrator = migrator
        self.logger = logger
        self.mainClient = PostgresClient(configuration: Self.configuration(url, poolSize: poolSize), backgroundLogger: logger)
    }

    /// Connects to `url`, prepares the store's schema and applies `migrations` (under an advisory lock).
    public static func connect(name: String, url: DatabaseURL, poolSize: Int, migrations: [Migration], logger: Logger) async throws -> PostgresDatabaseProvider {
        _ = try SQLIdentifier.quoted(name)
        let provider = PostgresDatabaseProvider(name: name, url: url, poolSize: poolSize, migrator: Migrator(migrations: migrations, dialect: .postgres), logger: logger)
        let client = provider.mainClient
        // Detached: PostgresClient.run() stops on graceful shutdown, and a task inherits that signal from the
        // service whose work created it; the provider's pools close only when the provider shuts down.
        provider.mainRun.withLockedValue { $0 = Task.detached { await client.run() } }
        do {
            try await withDeadline(.seconds(10)) { try await provider.ping() }
            try await provider.migrate()
        } catch {
            await provider.shutdown()
            throw error
        }
        return provider
    }

    static func configuration(_ url: DatabaseURL, poolSize: Int) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: url.host,
            port: url.port,
            username: url.username,
            password: url.password,
            database: url.database,
            tls: url.requireTLS ? .require(.makeClientConfiguration()) : .disable
        )
        configuration.options.maximumConnections = poolSize
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    // MARK: Sessions

    public func withTransaction<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await transaction(in: HomeTarget(client: mainClient, schemas: [name]), tenant: nil, bypass: false, work)
    }

    public func withSession<T: Sendable>(tenant scope: TenantScope, _ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await transaction(in: try await target(for: scope), tenant: scope.tenant.rawValue, bypass: false, work)
    }

    public func withPrivilegedTransaction<T: Sendable>(in home: DatabaseHome, _ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await transaction(in: try await target(for: home), tenant: nil, bypass: true, work)
    }

    public func withPrivilegedTransaction<T: Sendable>(tenant scope: TenantScope, _ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await transaction(in: try await target(for: scope), tenant: nil, bypass: true, work)
    }

    /// How to reach one home: its pool, its search path, and what to check so a missing home is reported as such.
    private struct HomeTarget {
        var client: PostgresClient
        var schemas: [String]
        /// A schema-tier home: its schema must exist (checked in the same round trip that sets `search_path`).
        var requiredSchema: String?
        /// The tenant whose dedicated home this is, for ``TenantHomeMissing``.
        var tenant: TenantID?
        /// A database-tier home: its pool is dropped when the database turns out to be gone.
        var isTenantDatabase = false
    }

    /// The home of a tenant as recorded, for the relay and `migrate()`, which follow the record.
    private func target(for home: DatabaseHome) async throws -> HomeTarget {
        switch home {
        case .service:
            return HomeTarget(client: mainClient, schemas: [name])
        case .tenant(let tenant):
            guard let tier = try await recordedTier(of: tenant), tier != .shared else { throw TenantHomeMissing(tenant: tenant) }
            return try await target(for: TenantScope(tenant, tier: tier))
        }
    }

    /// The home of exactly `scope.tier`, whatever is recorded.
    private func target(for scope: TenantScope) async throws -> HomeTarget {
        switch scope.tier {
        case .shared:
            return HomeTarget(client: mainClient, schemas: [name])
        case .schema:
            // Only the tenant's schema: a tenant session cannot reach service-level tables, as in the other tiers.
            let schema = try SQLIdentifier.tenantSchema(store: name, tenant: scope.tenant.rawValue)
            return HomeTarget(client: mainClient, schemas: [schema], requiredSchema: schema, tenant: scope.tenant)
        case .database:
            return HomeTarget(client: try await tenantClient(scope.tenant), schemas: [name], tenant: scope.tenant, isTenantDatabase: true)
        }
    }

    private func transaction<T: Sendable>(
        in target: HomeTarget,
        tenant: String?,
        bypass: Bool,
        _ work: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        let searchPath = try target.schemas.map { try SQLIdentifier.quoted($0) }.joined(separator: ", ")
        let logger = self.logger
        do {
            return try await Self.mapErrors {
                try await target.client.withConnection { connection in
                    try await connection.query("BEGIN", logger: logger)
                    do {
                        if let schema = target.requiredSchema {
                            let rows = try await connection.query(
                                "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = \(schema)) AS present, set_config('search_path', \(searchPath), true) AS path",
                                logger: logger
                            )
                            var present = false
                            for try await (exists, _) in rows.decode((Bool, String).self) { present = exists }
                            if !present, let tenant = target.tenant { throw TenantHomeMissing(tenant: tenant) }
                        } else {
                            try await connection.query("SELECT set_config('search_path', \(searchPath), true)", logger: logger)
                        }
                        try await connection.query("SELECT set_config('mpesa.tenant_id', \(tenant ?? ""), true)", logger: logger)
                        try await connection.query("SELECT set_config('mpesa.rls_bypass', \(bypass ? "on" : "off"), true)", logger: logger)
                        let result: T
                        do {
                            result = try await work(connection.sql())
                        } catch {
                            throw WorkFailed(error: error)
                        }
                        _ = try await uncancellable { try await connection.query("COMMIT", logger: logger) }
                        return result
                    } catch {
                        await Self.rollBack(connection, logger: logger)
                        throw error
                    }
                }
            }
        } catch let failed as WorkFailed {
            // The work's own error, with a lost connection still reported as the database being unavailable.
            return try await Self.mapErrors { throw failed.error }
        } catch {
            guard target.isTenantDatabase, let tenant = target.tenant else { throw error }
            if let error = error as? PSQLError, error.code == .server {
                guard error.serverInfo?[.sqlState] == "3D000" else { throw error }
                await closeTenantClient(tenant)
                throw TenantHomeMissing(tenant: tenant)
            }
            // The pool itself failed. If the database went away (dropped by another replica), a pool retries it for
            // about a minute and then fails every request: forget the pool so the next session checks for the
            // database again and reports a missing home.
            await closeTenantClient(tenant)
            throw error
        }
    }

    /// An error thrown by a session's own work, told apart from failures of the connection around it.
    private struct WorkFailed: Error {
        let error: any Error
    }

    /// Connection-level failures become ``StorageError/unavailable(_:)`` (a 503), other errors pass through.
    static func mapErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PSQLError {
            switch error.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown, .sslUnsupported:
                throw StorageError.unavailable(PostgresErrorText.describe(error))
            default:
                throw error
            }
        }
    }

    // MARK: Homes

    public func recordedTier(of tenant: TenantID) async throws -> IsolationTier? {
        let tier = try await withTransaction { db in
            try await db.raw("SELECT tier FROM tenant_homes WHERE tenant_id = \(bind: tenant.rawValue)").first(decodingColumn: "tier", as: String.self)
        }
        return tier.flatMap(IsolationTier.init(rawValue:))
    }

    public func recordHome(_ scope: TenantScope) async throws {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        try await withTransaction { db in
            try await db.raw(
                """
                INSERT INTO tenant_homes (tenant_id, tier, provisioned_at) VALUES (\(bind: scope.tenant.rawValue), \(bind: scope.tier.rawValue), \(bind: now))
                ON CONFLICT (tenant_id) DO UPDATE SET tier = excluded.tier
                """
            ).run()
        }
    }

    public func homeIdentity(_ scope: TenantScope) -> String {
        switch scope.tier {
        case .shared: "postgres-schema:\(url.database).\(name)"
        case .schema: "postgres-schema:\(url.database).\(name)_t_\(scope.tenant.rawValue)"
        case .database: "postgres-database:\(url.database)__\(name)__\(scope.tenant.rawValue)"
        }
    }

    private func tenantDatabaseName(_ tenant: TenantID) throws -> String {
        let database = "\(url.database)__\(name)__\(tenant.rawValue)"
        guard database.utf8.count <= 63 else {
            throw StorageError.invalidIdentifier("database name \(database) is longer than PostgreSQL's 63 bytes; use a shorter tenant id or database name")
        }
        return database
    }

    /// The pool of a database-tier tenant, created on first use once the database is known to exist: a pool aimed
    /// at a missing database would retry connecting for many seconds before failing.
    private func tenantClient(_ tenant: TenantID) async throws -> PostgresClient {
        if let existing = tenantClients.withLockedValue({ $0[tenant]?.client }) { return existing }
        let database = try tenantDatabaseName(tenant)
        guard try await databaseExists(database) else { throw TenantHomeMissing(tenant: tenant) }
        let configuration = Self.configuration(url.with(database: database), poolSize: max(2, poolSize / 4))
        let logger = self.logger
        return tenantClients.withLockedValue { clients in
            if let existing = clients[tenant] { return existing.client }
            let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
            // Detached, so that this pool does not stop with the service whose request or consumer opened it.
            clients[tenant] = (client, Task.detached { await client.run() })
            return client
        }
    }

    private func databaseExists(_ database: String) async throws -> Bool {
        try await Self.mapErrors {
            try await mainClient.query("SELECT 1 FROM pg_database WHERE datname = \(database)", logger: logger).collect().count > 0
        }
    }

    private func closeTenantClient(_ tenant: TenantID) async {
        if let entry = tenantClients.withLockedValue({ $0.removeValue(forKey: tenant) }) {
            entry.run.cancel()
            await entry.run.value
        }
    }

    public func provision(_ scope: TenantScope, recording: Bool) async throws {
        let tenant = scope.tenant
        switch scope.tier {
        case .shared:
            break
        case .schema:
            let schema = try SQLIdentifier.tenantSchema(store: name, tenant: tenant.rawValue)
            let quoted = try SQLIdentifier.quoted(schema)
            try await withAdvisoryLock(on: mainClient, key: "provision:\(schema)") { connection in
                try await connection.query("CREATE SCHEMA IF NOT EXISTS \(unescaped: quoted)", logger: self.logger)
            }
            try await migrateHome(client: mainClient, schemas: [schema], home: .tenant(tenant), createSchema: nil)
        case .database:
            let database = try tenantDatabaseName(tenant)
            let quoted = try SQLIdentifier.quoted(database)
            try await withAdvisoryLock(on: mainClient, key: "provision-db:\(database)") { connection in
                let exists = try await connection.query("SELECT 1 FROM pg_database WHERE datname = \(database)", logger: self.logger)
                    .collect().count > 0
                if !exists {
                    try await connection.query("CREATE DATABASE \(unescaped: quoted)", logger: self.logger)
                }
            }
            try await migrateHome(client: try await tenantClient(tenant), schemas: [name], home: .tenant(tenant), createSchema: name)
        }
        if recording {
            try await recordHome(scope)
        }
    }

    public func dropHome(_ scope: TenantScope) async throws {
        let tenant = scope.tenant
        switch scope.tier {
        case .shared:
            return
        case .schema:
            let schema = try SQLIdentifier.quoted(SQLIdentifier.tenantSchema(store: name, tenant: tenant.rawValue))
            // DROP SCHEMA needs every table of the schema to itself. While it waits for a session still reading the
            // old home, PostgreSQL queues every later query of those tables behind it, so one slow reader would stall
            // the organisation's reads. It waits at most two seconds at a time; if the old home stays busy, it is
            // dropped in the background (the tenant already lives in its new home, nothing reads the old one).
            if try await dropSchema(schema) { return }
            let logger = self.logger
            Task { [self] in
                for attempt in 1...120 {
                    try? await Task.sleep(for: .seconds(5))
                    if (try? await dropSchema(schema)) == true { return }
                    if attempt == 120 { logger.error("the old home of a moved tenant could not be dropped", metadata: ["schema": "\(schema)"]) }
                }
            }
        case .database:
            let database = try SQLIdentifier.quoted(tenantDatabaseName(tenant))
            await closeTenantClient(tenant)
            try await Self.mapErrors {
                _ = try await mainClient.query("DROP DATABASE IF EXISTS \(unescaped: database) WITH (FORCE)", logger: logger)
            }
        }
    }

    /// Drops `schema` waiting at most two seconds for its locks, three times; false when it stayed busy.
    private func dropSchema(_ quotedSchema: String) async throws -> Bool {
        let logger = self.logger
        for attempt in 1...3 {
            do {
                try await Self.mapErrors {
                    try await mainClient.withConnection { connection in
                        try await connection.query("BEGIN", logger: logger)
                        do {
                            try await connection.query("SET LOCAL lock_timeout = '2s'", logger: logger)
                            try await connection.query("DROP SCHEMA IF EXISTS \(unescaped: quotedSchema) CASCADE", logger: logger)
                            _ = try await uncancellable { try await connection.query("COMMIT", logger: logger) }
                        } catch {
                            await Self.rollBack(connection, logger: logger)
                            throw error
                        }
                    }
                }
                return true
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "55P03" {
                logger.notice("the old home is still in use; retrying its drop", metadata: ["schema": "\(quotedSchema)", "attempt": "\(attempt)"])
            }
        }
        return false
    }

    public func dropHome(of tenant: TenantID) async throws {
        try await dropHome(TenantScope(tenant, tier: .schema))
        try await dropHome(TenantScope(tenant, tier: .database))
    }

    public func homes() async throws -> [DatabaseHome] {
        let rows = try await withTransaction { db in
            try await db.raw("SELECT tenant_id FROM tenant_homes WHERE tier <> 'shared' ORDER BY tenant_id").all(decodingColumn: "tenant_id", as: String.self)
        }
        return [.service] + rows.compactMap { try? TenantID($0) }.map(DatabaseHome.tenant)
    }

    public func migrate() async throws {
        try await migrateHome(client: mainClient, schemas: [name], home: .service, createSchema: name)
        for case .tenant(let tenant) in try await homes() {
            let target = try await target(for: .tenant(tenant))
            try await migrateHome(client: target.client, schemas: target.schemas, home: .tenant(tenant), createSchema: target.isTenantDatabase ? name : nil)
        }
    }

    /// Runs the migrator on one connection that holds the home's advisory lock, so replicas starting together
    /// apply each migration exactly once.
    private func migrateHome(client: PostgresClient, schemas: [String], home: DatabaseHome, createSchema: String?) async throws {
        let searchPath = try schemas.map { try SQLIdentifier.quoted($0) }.joined(separator: ", ")
        let logger = self.logger
        let migrator = self.migrator
        let quotedSchema = try createSchema.map { try SQLIdentifier.quoted($0) }
        try await withAdvisoryLock(on: client, key: "migrate:\(schemas[0])") { connection in
            if let quotedSchema {
                try await connection.query("CREATE SCHEMA IF NOT EXISTS \(unescaped: quotedSchema)", logger: logger)
            }
            try await migrator.migrate(home: home, logger: logger) { work in
                try await connection.query("BEGIN", logger: logger)
                do {
                    try await connection.query("SELECT set_config('search_path', \(searchPath), true)", logger: logger)
                    try await work(connection.sql())
                    _ = try await uncancellable { try await connection.query("COMMIT", logger: logger) }
                } catch {
                    await Self.rollBack(connection, logger: logger)
                    throw error
                }
            }
        }
    }

    /// Ends a failed transaction even when the calling task was cancelled; a connection that cannot roll back is
    /// closed, so the pool never hands out a connection still inside a transaction.
    private static func rollBack(_ connection: PostgresConnection, logger: Logger) async {
        do {
            _ = try await uncancellable { try await connection.query("ROLLBACK", logger: logger) }
        } catch {
            try? await connection.close()
        }
    }

    private func withAdvisoryLock(on client: PostgresClient, key: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> Void) async throws {
        let lockKey = Int64(bitPattern: FNV1a.hash(key))
        let logger = self.logger
        try await Self.mapErrors {
            try await client.withConnection { connection in
                try await connection.query("SELECT pg_advisory_lock(\(lockKey))", logger: logger)
                do {
                    try await body(connection)
                } catch {
                    _ = try? await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
                    throw error
                }
                _ = try await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
            }
        }
    }

    public func ping() async throws {
        try await Self.mapErrors {
            _ = try await mainClient.query("SELECT 1", logger: logger).collect()
        }
    }

    /// A dedicated connection for `LISTEN`, held until `body` returns.
    public func withListeningConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await Self.mapErrors {
            try await mainClient.withConnection { connection in try await body(connection) }
        }
    }

    /// Runs a statement outside any transaction on the main pool (e.g. `NOTIFY`).
    public func execute(_ query: PostgresQuery) async throws {
        try await Self.mapErrors {
            _ = try await mainClient.query(query, logger: logger)
        }
    }

    public func shutdown() async {
        let tasks = tenantClients.withLockedValue { clients in
            defer { clients.removeAll() }
            return clients.values.map(\.run)
        } + [mainRun.withLockedValue { $0 }].compactMap { $0 }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }
}

/// A readable one-line account of a PostgreSQL error (the library's own description hides the server message).
public enum PostgresErrorText {
    public static func describe(_ error: PSQLError) -> String {
        if let message = error.serverInfo?[.message] {
            let state = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            return message + state
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }
}

/// 64-bit FNV-1a: a stable hash (unlike Swift's per-process seeded `Hasher`) for advisory-lock keys and partitions.
public enum FNV1a {
    public static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
