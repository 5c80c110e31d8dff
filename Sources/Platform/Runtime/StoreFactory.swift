import Logging

/// Opens a store on the configured backend: PostgreSQL when `database.url` is set, SQLite under the data
/// directory otherwise.
public enum StoreFactory {
    public static func open(name: String, settings: PlatformSettings, migrations: [Migration], logger: Logger) async throws -> any DatabaseProvider {
        if let url = settings.databaseURL {
            return try await PostgresDatabaseProvider.connect(name: name, url: url, poolSize: settings.databasePoolSize, migrations: migrations, logger: logger)
        }
        return try await SQLiteDatabaseProvider.open(name: name, dataDirectory: settings.dataDirectory, migrations: migrations, logger: logger)
    }
}
