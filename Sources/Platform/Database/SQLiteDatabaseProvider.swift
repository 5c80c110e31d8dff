import Foundation
import Logging
import MPesaCore
import NIOConcurrencyHelpers
import SQLKit

/// The embedded store: one SQLite file per service, plus one file per schema- or database-tier tenant.
///
/// Layout under the data directory: `<store>/<store>.sqlite` and `<store>/tenants/<tenant>.sqlite`.
/// SQLite has no row-level security; in the shared file, tenant scoping rests on every repository query naming
/// `tenant_id`, which the repository tests check by trying to cross tenants.
public final class SQLiteDatabaseProvider: DatabaseProvider {
    public let name: String
    public let dialect = DatabaseDialect.sqlite
    public let directory: String
    private let migrator: Migrator
    private let logger: Logger
    private let serviceStore: SQLiteStore
    private let tenantStores = NIOLockedValueBox<[TenantID: Task<SQLiteStore, any Error>]>([:])

    public var location: String { serviceStore.path }

    private init(name: String, directory: String, migrator: Migrator, serviceStore: SQLiteStore, logger: Logger) {
        self.name = name
        self.directory = directory
        self.migrator = migrator
        self.serviceStore = serviceStore
        self.logger = logger
    }

    /// Opens (creating if needed) the store `name` under `dataDirectory` and applies `migrations`.
    public static func open(name: String, dataDirectory: String, migrations: [Migration], logger: Logger) async throws -> SQLiteDatabaseProvider {
        _ = try SQLIdentifier.quoted(name)
        let directory = URL(fileURLWithPath: dataDirectory).appendingPathComponent(name).path
        do {
            try FileManager.default.createDirectory(atPath: directory + "/tenants", withIntermediateDirectories: true)
        } catch {
            throw StorageError.unavailable("cannot create data directory \(directory): \(error.localizedDescription)")
        }
        let store = try await SQLiteStore.open(path: "\(directory)/\(name).sqlite", logger: logger)
        let provider = SQLiteDatabaseProvider(
            name: name,
            directory: directory,
            migrator: Migrator(migrations: migrations, dialect: .sqlite),
            serviceStore: store,
            logger: logger
        )
        do {
            try await provider.migrate()
        } catch {
            await provider.shutdown()
            throw error
        }
        return provider
    }

    public func withTransaction<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await serviceStore.withTransaction(work)
    }

    public func withSession<T: Sendable>(tenant scope: TenantScope, _ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await store(for: scope).withTransaction(work)
    }

    public func withPrivilegedTransaction<T: Sendable>(in home: DatabaseHome, _ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await store(for: home).withTransaction(work)
    }

    public func withPrivilegedTransaction<T: Sendable>(tenant scope: TenantScope, _ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await store(for: scope).withTransaction(work)
    }

    public func provision(_ scope: TenantScope, recording: Bool) async throws {
        if scope.tier != .shared {
            let store = try await tenantStore(scope.tenant, create: true)
            try await migrator.migrate(home: .tenant(scope.tenant), logger: logger) { work in
                try await store.withTransaction(work)
            }
        }
        if recording {
            try await recordHome(scope)
        }
    }

    public func recordHome(_ scope: TenantScope) async throws {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        try await serviceStore.withTransaction { db in
            try await db.raw(
                """
                INSERT INTO tenant_homes (tenant_id, tier, provisioned_at) VALUES (\(bind: scope.tenant.rawValue), \(bind: scope.tier.rawValue), \(bind: now))
                ON CONFLICT (tenant_id) DO UPDATE SET tier = excluded.tier
                """
            ).run()
        }
    }

    public func recordedTier(of tenant: TenantID) async throws -> IsolationTier? {
        let tier = try await serviceStore.withTransaction { db in
            try await db.raw("SELECT tier FROM tenant_homes WHERE tenant_id = \(bind: tenant.rawValue)").first(decodingColumn: "tier", as: String.self)
        }
        return tier.flatMap(IsolationTier.init(rawValue:))
    }

    public func homeIdentity(_ scope: TenantScope) -> String {
        scope.tier == .shared ? "sqlite:\(serviceStore.path)" : "sqlite:\(tenantPath(scope.tenant))"
    }

    public func dropHome(_ scope: TenantScope) async throws {
        guard scope.tier != .shared else { return }
        // Both dedicated tiers live in the one tenant file: leaving `schema` for `database` must not delete it.
        if let recorded = try await recordedTier(of: scope.tenant), recorded != .shared { return }
        try await removeTenantFile(scope.tenant)
    }

    public func dropHome(of tenant: TenantID) async throws {
        try await removeTenantFile(tenant)
    }

    private func removeTenantFile(_ tenant: TenantID) async throws {
        let task = tenantStores.withLockedValue { $0.removeValue(forKey: tenant) }
        if let store = try? await task?.value { await store.close() }
        let path = tenantPath(tenant)
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.removeItem(atPath: path + suffix)
        }
    }

    public func homes() async throws -> [DatabaseHome] {
        let rows = try await serviceStore.withTransaction { db in
            try await db.raw("SELECT tenant_id FROM tenant_homes WHERE tier <> 'shared' ORDER BY tenant_id").all(decodingColumn: "tenant_id", as: String.self)
        }
        return [.service] + rows.compactMap { try? TenantID($0) }.map(DatabaseHome.tenant)
    }

    public func migrate() async throws {
        try await migrator.migrate(home: .service, logger: logger) { work in
            try await self.serviceStore.withTransaction(work)
        }
        for case .tenant(let tenant) in try await homes() {
            let store = try await tenantStore(tenant, create: true)
            try await migrator.migrate(home: .tenant(tenant), logger: logger) { work in
                try await store.withTransaction(work)
            }
        }
    }

    public func ping() async throws {
        try await serviceStore.ping()
    }

    public func shutdown() async {
        let tasks = tenantStores.withLockedValue { stores in
            defer { stores.removeAll() }
            return Array(stores.values)
        }
        for task in tasks {
            if let store = try? await task.value { await store.close() }
        }
        await serviceStore.close()
    }

    private func tenantPath(_ tenant: TenantID) -> String {
        "\(directory)/tenants/\(tenant.rawValue).sqlite"
    }

    private func store(for home: DatabaseHome) async throws -> SQLiteStore {
        switch home {
        case .service: serviceStore
        case .tenant(let tenant): try await tenantStore(tenant, create: false)
        }
    }

    private func store(for scope: TenantScope) async throws -> SQLiteStore {
        try await store(for: scope.home)
    }

    /// Opens a tenant's file once, however many tasks ask at the same moment.
    private func tenantStore(_ tenant: TenantID, create: Bool) async throws -> SQLiteStore {
        let path = tenantPath(tenant)
        if !create, !FileManager.default.fileExists(atPath: path), tenantStores.withLockedValue({ $0[tenant] }) == nil {
            throw TenantHomeMissing(tenant: tenant)
        }
        let logger = self.logger
        let task = tenantStores.withLockedValue { stores in
            if let existing = stores[tenant] { return existing }
            let task = Task { try await SQLiteStore.open(path: path, logger: logger) }
            stores[tenant] = task
            return task
        }
        do {
            return try await task.value
        } catch {
            tenantStores.withLockedValue { stores in
                stores[tenant] = nil
            }
            throw error
        }
    }
}

/// A session asked for the dedicated home of a tenant that was never provisioned.
public struct TenantHomeMissing: Error, Sendable, ProblemConvertible, CustomStringConvertible {
    public let tenant: TenantID

    public var description: String { "tenant \(tenant.rawValue) has no dedicated home; provision it first" }

    public var problem: Problem {
        .serviceUnavailable("This organisation's storage is still being prepared; please retry shortly", retryAfterSeconds: 2)
    }
}
