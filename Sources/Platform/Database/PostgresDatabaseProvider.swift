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
        provider.mainRun.withLockedValue { $0 = Task { await client.run() } }
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
        try await transaction(on: mainClient, schemas: [name], tenant: nil, bypass: false, work)
    }

    public func withSession<T: Sendable>(tenant scope: TenantScope, _ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let (client, schemas) = try await target(for: scope.home)
        return try await transaction(on: client, schemas: schemas, tenant: scope.tenant.rawValue, bypass: false, work)
    }

    public func withPrivilegedTransaction<T: Sendable>(in home: DatabaseHome, _ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let (client, schemas) = try await target(for: home)
        return try await transaction(on: client, schemas: schemas, tenant: nil, bypass: true, work)
    }

    /// The pool and search path of a home.
    private func target(for home: DatabaseHome) async throws -> (PostgresClient, [String]) {
        switch home {
        case .service:
            return (mainClient, [name])
        case .tenant(let tenant):
            switch try await tier(of: tenant) {
            case .shared:
                throw TenantHomeMissing(tenant: tenant)
            case .schema:
                // Only the tenant's schema: a tenant session cannot reach service-level tables, as in the other tiers.
                return (mainClient, [try SQLIdentifier.tenantSchema(store: name, tenant: tenant.rawValue)])
            case .database:
                return (try tenantClient(tenant), [name])
            }
        }
    }

    private func transaction<T: Sendable>(
        on client: PostgresClient,
        schemas: [String],
        tenant: String?,
        bypass: Bool,
        _ work: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        let searchPath = try schemas.map { try SQLIdentifier.quoted($0) }.joined(separator: ", ")
        let logger = self.logger
        return try await Self.mapErrors {
            try await client.withConnection { connection in
                try await connection.query("BEGIN", logger: logger)
                do {
                    try await connection.query("SELECT set_config('search_path', \(searchPath), true)", logger: logger)
                    try await connection.query("SELECT set_config('mpesa.tenant_id', \(tenant ?? ""), true)", logger: logger)
                    try await connection.query("SELECT set_config('mpesa.rls_bypass', \(bypass ? "on" : "off"), true)", logger: logger)
                    let result = try await work(connection.sql())
                    try await connection.query("COMMIT", logger: logger)
                    return result
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
        }
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

    private func tier(of tenant: TenantID) async throws -> IsolationTier {
        let tier = try await withTransaction { db in
            try await db.raw("SELECT tier FROM tenant_homes WHERE tenant_id = \(bind: tenant.rawValue)").first(decodingColumn: "tier", as: String.self)
        }
        guard let tier, let parsed = IsolationTier(rawValue: tier) else { throw TenantHomeMissing(tenant: tenant) }
        return parsed
    }

    private func tenantDatabaseName(_ tenant: TenantID) throws -> String {
        let database = "\(url.database)__\(name)__\(tenant.rawValue)"
        guard database.utf8.count <= 63 else {
            throw StorageError.invalidIdentifier("database name \(database) is longer than PostgreSQL's 63 bytes; use a shorter tenant id or database name")
        }
        return database
    }

    private func tenantClient(_ tenant: TenantID) throws -> PostgresClient {
        let database = try tenantDatabaseName(tenant)
        let configuration = Self.configuration(url.with(database: database), poolSize: max(2, poolSize / 4))
        let logger = self.logger
        return tenantClients.withLockedValue { clients in
            if let existing = clients[tenant] { return existing.client }
            let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
            clients[tenant] = (client, Task { await client.run() })
            return client
        }
    }

    public func provision(_ scope: TenantScope) async throws {
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
            try await migrateHome(client: try tenantClient(tenant), schemas: [name], home: .tenant(tenant), createSchema: name)
        }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        try await withTransaction { db in
            try await db.raw(
                """
                INSERT INTO tenant_homes (tenant_id, tier, provisioned_at) VALUES (\(bind: tenant.rawValue), \(bind: scope.tier.rawValue), \(bind: now))
                ON CONFLICT (tenant_id) DO UPDATE SET tier = excluded.tier
                """
            ).run()
        }
    }

    public func dropHome(of tenant: TenantID) async throws {
        let schema = try SQLIdentifier.quoted(SQLIdentifier.tenantSchema(store: name, tenant: tenant.rawValue))
        let database = try SQLIdentifier.quoted(tenantDatabaseName(tenant))
        if let entry = tenantClients.withLockedValue({ $0.removeValue(forKey: tenant) }) {
            entry.run.cancel()
            await entry.run.value
        }
        try await Self.mapErrors {
            _ = try await mainClient.query("DROP SCHEMA IF EXISTS \(unescaped: schema) CASCADE", logger: logger)
            _ = try await mainClient.query("DROP DATABASE IF EXISTS \(unescaped: database) WITH (FORCE)", logger: logger)
        }
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
            let (client, schemas) = try await target(for: .tenant(tenant))
            try await migrateHome(client: client, schemas: schemas, home: .tenant(tenant), createSchema: client === mainClient ? nil : name)
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
                    try await connection.query("COMMIT", logger: logger)
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
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
