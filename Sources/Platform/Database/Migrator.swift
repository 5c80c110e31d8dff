import Foundation
import Logging
import NIOConcurrencyHelpers
import SQLKit

/// Applies migrations to one home, each in its own transaction, recording them in `schema_migrations`.
///
/// Safe to run from several processes at once: each migration re-checks inside its transaction whether it is
/// already applied (and on PostgreSQL the provider also holds an advisory lock around the whole run).
public struct Migrator: Sendable {
    public let migrations: [Migration]
    public let dialect: DatabaseDialect

    public init(migrations: [Migration], dialect: DatabaseDialect) {
        let all = PlatformMigrations.all + migrations
        precondition(Set(all.map(\.version)).count == all.count, "two migrations share a version")
        self.migrations = all.sorted { $0.version < $1.version }
        self.dialect = dialect
    }

    /// Runs every pending migration of `home` using `transaction` to open transactions there.
    /// Returns the names of the migrations it applied.
    @discardableResult
    public func migrate(
        home: DatabaseHome,
        logger: Logger,
        transaction: (@escaping @Sendable (any SQLDatabase) async throws -> Void) async throws -> Void
    ) async throws -> [String] {
        try await transaction { db in
            try await db.raw(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version BIGINT PRIMARY KEY,
                    name TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    checksum TEXT NOT NULL,
                    applied_at BIGINT NOT NULL
                )
                """
            ).run()
        }
        var applied: [String] = []
        for migration in migrations where home == .service || migration.scope == .everyHome {
            let checksum = migration.checksum(for: dialect)
            let dialect = self.dialect
            let didApply = AppliedFlag()
            try await transaction { db in
                let existing = try await db.raw("SELECT checksum FROM schema_migrations WHERE version = \(bind: migration.version)")
                    .first(decodingColumn: "checksum", as: String.self)
                if let existing {
                    guard existing == checksum else { throw StorageError.migrationChanged(version: migration.version, name: migration.name) }
                    return
                }
                for statement in migration.statements(dialect) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                if dialect == .postgres {
                    for statement in migration.rowLevelSecurityStatements() {
                        try await db.raw(SQLQueryString(statement)).run()
                    }
                }
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                try await db.raw(
                    """
                    INSERT INTO schema_migrations (version, name, scope, checksum, applied_at)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: migration.scope.rawValue), \(bind: checksum), \(bind: now))
                    """
                ).run()
                didApply.set()
            }
            if didApply.value {
                applied.append(migration.name)
                logger.info("applied migration", metadata: ["version": "\(migration.version)", "migration": "\(migration.name)", "home": "\(home)"])
            }
        }
        return applied
    }
}

/// Carries "this migration was applied" out of a `@Sendable` transaction closure.
private final class AppliedFlag: Sendable {
    private let box = NIOLockedValueBox(false)
    func set() { box.withLockedValue { $0 = true } }
    var value: Bool { box.withLockedValue { $0 } }
}
