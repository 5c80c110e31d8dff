import MPesaCore
import SQLKit

/// Storage for one service (or for the event log), on SQLite or PostgreSQL, with tenant-scoped sessions.
///
/// Repositories are written once against `any SQLDatabase` and get it only through these methods, each one
/// transaction: everything inside commits together or not at all.
public protocol DatabaseProvider: Sendable {
    /// The store's name: the service name, or `events` for the event log.
    var name: String { get }
    var dialect: DatabaseDialect { get }
    /// Where the store is, for readiness reports and logs (no secrets).
    var location: String { get }

    /// Runs `work` in one transaction in the service's own home, with no tenant set (row-level security then
    /// admits no tenant rows).
    func withTransaction<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T

    /// Runs `work` in one transaction in the home of `scope.tier` (not the tenant's recorded tier, so a tier move can
    /// address the old and the new home), scoped to that tenant: on PostgreSQL the transaction-local
    /// `mpesa.tenant_id` drives row-level security and `search_path` points at the tenant's schema.
    /// Throws ``TenantHomeMissing`` when that tier's home does not exist.
    func withSession<T: Sendable>(tenant scope: TenantScope, _ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T

    /// Runs `work` in one transaction in `home` with row-level security bypassed: for the outbox relay and platform
    /// administration only. A tenant home is found through the tenant's recorded tier.
    func withPrivilegedTransaction<T: Sendable>(in home: DatabaseHome, _ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T

    /// Runs `work` in one transaction in the home of `scope.tier`, whatever is recorded, with row-level security
    /// bypassed: for tier moves, which read one home of a tenant and write another.
    func withPrivilegedTransaction<T: Sendable>(tenant scope: TenantScope, _ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T

    /// Creates the home of `scope.tier` if it needs one and runs the migrations there; records it as the tenant's
    /// home when `recording` (a tier move provisions its target unrecorded and records it at the switch). Idempotent.
    func provision(_ scope: TenantScope, recording: Bool) async throws

    /// Records `scope.tier` as the tenant's home: the outbox relay, `homes()` and `migrate()` follow the record.
    func recordHome(_ scope: TenantScope) async throws

    /// The tier recorded for `tenant`, or nil if it was never provisioned.
    func recordedTier(of tenant: TenantID) async throws -> IsolationTier?

    /// Removes the home of exactly `scope.tier` (after the tenant's data moved elsewhere); a no-op for `shared`, whose
    /// home is the service home. A home that the tenant's recorded tier still uses (SQLite keeps the schema and
    /// database tiers in one file) is kept.
    func dropHome(_ scope: TenantScope) async throws

    /// Removes every dedicated home a tenant may have (tenant deletion, test clean-up). The service home is never
    /// dropped.
    func dropHome(of tenant: TenantID) async throws

    /// Where the home of `scope` physically is (`sqlite:<path>`, `postgres-schema:<db>.<schema>`,
    /// `postgres-database:<db>`): equal identities mean one home, as SQLite's schema and database tiers are.
    func homeIdentity(_ scope: TenantScope) -> String

    /// Every home that exists: the service home and each provisioned tenant home.
    func homes() async throws -> [DatabaseHome]

    /// Applies pending migrations to the service home and every tenant home.
    func migrate() async throws

    /// Cheap round trip used by `/ready`.
    func ping() async throws

    /// Closes connections.
    func shutdown() async
}

extension DatabaseProvider {
    /// Creates, migrates and records the tenant's home: what onboarding and tier changes without data need.
    public func provision(_ scope: TenantScope) async throws {
        try await provision(scope, recording: true)
    }
}

/// Storage failures that mean something to an API caller.
public enum StorageError: Error, Sendable, ProblemConvertible, CustomStringConvertible {
    case unavailable(String)
    case migrationChanged(version: Int, name: String)
    case invalidIdentifier(String)

    public var description: String {
        switch self {
        case .unavailable(let reason): "the database is unavailable: \(reason)"
        case let .migrationChanged(version, name):
            "migration \(version) (\(name)) was edited after it was applied; add a new migration instead"
        case .invalidIdentifier(let reason): reason
        }
    }

    public var problem: Problem {
        switch self {
        case .unavailable:
            .serviceUnavailable("The database is unavailable; please retry shortly", retryAfterSeconds: 5)
        case .migrationChanged, .invalidIdentifier:
            Problem(type: "internal-error", title: "Internal error", status: .internalServerError)
        }
    }
}

/// Builds and validates the SQL identifiers derived from service and tenant names.
public enum SQLIdentifier {
    /// Validated identifier: `^[a-z][a-z0-9_]{0,62}$`, quoted for use in SQL.
    public static func quoted(_ name: String) throws(StorageError) -> String {
        guard name.utf8.count <= 63, let first = name.first, first.isASCII, first.isLowercase,
            name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") })
        else {
            throw .invalidIdentifier("'\(name)' cannot be used as a SQL identifier (1-63 of a-z, 0-9, _; starting with a letter)")
        }
        return "\"\(name)\""
    }

    /// The schema of a schema-tier tenant of `store`: `<store>_t_<tenant>`.
    public static func tenantSchema(store: String, tenant: String) throws(StorageError) -> String {
        let name = "\(store)_t_\(tenant)"
        _ = try quoted(name)
        return name
    }
}
