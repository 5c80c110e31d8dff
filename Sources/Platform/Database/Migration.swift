import Crypto
import Foundation

/// One ordered, idempotent schema change (ARCHITECTURE §5).
///
/// A migration's statements are produced per dialect; applied migrations are recorded with a checksum of their
/// statements, and a migration edited after it was applied stops start-up rather than drifting silently.
public struct Migration: Sendable {
    /// Which homes a migration applies to.
    public enum Scope: String, Sendable {
        /// Only the service's own home (tables no tenant owns: tenants registry, keys, plans).
        case serviceHome = "service"
        /// The service home and every tenant home (tenant data tables, the outbox, processed events).
        case everyHome = "tenant"
    }

    public let version: Int
    public let name: String
    public let scope: Scope
    /// Tenant tables created by this migration that carry `tenant_id` and get row-level security on PostgreSQL.
    public let tenantTables: [String]
    public let statements: @Sendable (DatabaseDialect) -> [String]

    public init(
        _ version: Int,
        _ name: String,
        scope: Scope,
        tenantTables: [String] = [],
        statements: @escaping @Sendable (DatabaseDialect) -> [String]
    ) {
        self.version = version
        self.name = name
        self.scope = scope
        self.tenantTables = tenantTables
        self.statements = statements
    }

    /// The statements that enable row-level security on the tenant tables (PostgreSQL only).
    ///
    /// The policy admits rows of the tenant named in the transaction-local setting `mpesa.tenant_id`, so a query
    /// that forgets its `WHERE tenant_id = …` still sees only its own tenant. `FORCE` makes it apply to the table
    /// owner too. Privileged sessions (tier moves, platform admin) set `mpesa.rls_bypass`.
    public func rowLevelSecurityStatements() -> [String] {
        tenantTables.flatMap { table in
            [
                "ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE \(table) FORCE ROW LEVEL SECURITY",
                "DROP POLICY IF EXISTS tenant_isolation ON \(table)",
                """
                CREATE POLICY tenant_isolation ON \(table)
                USING (tenant_id = current_setting('mpesa.tenant_id', true) OR current_setting('mpesa.rls_bypass', true) = 'on')
                WITH CHECK (tenant_id = current_setting('mpesa.tenant_id', true) OR current_setting('mpesa.rls_bypass', true) = 'on')
                """,
            ]
        }
    }

    /// SHA-256 of the statements, recorded when applied.
    public func checksum(for dialect: DatabaseDialect) -> String {
        let text = statements(dialect).joined(separator: ";\n")
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// The tables the platform itself needs in every home: migration bookkeeping is created by the migrator, these
/// hold the transactional outbox and the consumer de-duplication record (ARCHITECTURE §6).
public enum PlatformMigrations {
    public static let all: [Migration] = [
        Migration(-2, "outbox", scope: .everyHome) { dialect in
            [
                """
                CREATE TABLE IF NOT EXISTS outbox (
                    id \(dialect.autoIncrementPrimaryKey),
                    event_id TEXT NOT NULL UNIQUE,
                    topic TEXT NOT NULL,
                    event_key TEXT NOT NULL,
                    event_type TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """
            ]
        },
        Migration(-1, "processed_events", scope: .everyHome) { _ in
            [
                """
                CREATE TABLE IF NOT EXISTS processed_events (
                    consumer_group TEXT NOT NULL,
                    event_id TEXT NOT NULL,
                    processed_at BIGINT NOT NULL,
                    PRIMARY KEY (consumer_group, event_id)
                )
                """
            ]
        },
        Migration(0, "tenant_homes", scope: .serviceHome) { _ in
            [
                """
                CREATE TABLE IF NOT EXISTS tenant_homes (
                    tenant_id TEXT PRIMARY KEY,
                    tier TEXT NOT NULL,
                    provisioned_at BIGINT NOT NULL
                )
                """
            ]
        },
    ]
}
