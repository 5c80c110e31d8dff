import Logging
import Platform

/// The two storage backends; storage and event tests run against both.
public enum StoreBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    /// Opens a brand-new store of this backend with `migrations`; the caller closes it with ``TestStore/close()``.
    public func openStore(name: String = TestEnvironment.uniqueName("s"), migrations: [Migration]) async throws -> TestStore {
        switch self {
        case .sqlite:
            let directory = try TemporaryDirectory()
            let provider = try await SQLiteDatabaseProvider.open(name: name, dataDirectory: directory.path, migrations: migrations, logger: TestEnvironment.logger)
            return TestStore(provider: provider, directory: directory)
        case .postgres:
            let provider = try await PostgresDatabaseProvider.connect(
                name: name, url: try TestEnvironment.postgresURL(), poolSize: 4, migrations: migrations, logger: TestEnvironment.logger
            )
            return TestStore(provider: provider, directory: nil)
        }
    }

    /// Reopens a store by name (a "process restart"); for SQLite pass the directory of the first open.
    public func reopen(_ store: TestStore, migrations: [Migration]) async throws -> TestStore {
        switch self {
        case .sqlite:
            let directory = store.directory!
            let provider = try await SQLiteDatabaseProvider.open(name: store.provider.name, dataDirectory: directory.path, migrations: migrations, logger: TestEnvironment.logger)
            return TestStore(provider: provider, directory: directory)
        case .postgres:
            let provider = try await PostgresDatabaseProvider.connect(
                name: store.provider.name, url: try TestEnvironment.postgresURL(), poolSize: 4, migrations: migrations, logger: TestEnvironment.logger
            )
            return TestStore(provider: provider, directory: nil)
        }
    }
}

/// A store opened for one test.
public struct TestStore: Sendable {
    public let provider: any DatabaseProvider
    public let directory: TemporaryDirectory?

    public init(provider: any DatabaseProvider, directory: TemporaryDirectory?) {
        self.provider = provider
        self.directory = directory
    }

    /// Closes connections and deletes the store (its files, or its schema on PostgreSQL).
    public func destroy() async {
        if let postgres = provider as? PostgresDatabaseProvider {
            for case .tenant(let tenant) in (try? await postgres.homes()) ?? [] {
                try? await postgres.dropHome(of: tenant)
            }
            let schema = postgres.name
            try? await postgres.withTransaction { db in
                try await db.raw("DROP SCHEMA IF EXISTS \(unsafeRaw: "\"\(schema)\"") CASCADE").run()
            }
        }
        await provider.shutdown()
        directory?.remove()
    }

    /// Closes connections, keeping the data (to reopen it).
    public func close() async {
        await provider.shutdown()
    }
}
