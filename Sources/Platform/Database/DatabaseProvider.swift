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

    /// Runs `work` in one transaction in `scope`'s home, scoped to that tenant: on PostgreSQL the transaction-local
    /// `mpesa.tenant_id` drives row-level security and `search_path` points at the tenant's schema.
    func withSession<T: Sendable>(tenant scope: TenantScope, _ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T

    /// Runs `work` in one transaction in `home` with row-level security bypassed: for the outbox relay, tier moves
    /// and platform administration only.
    func withPrivilegedTransaction<T: Sendable>(in home: DatabaseHome, _ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T

    /// Creates the tenant's home if its tier needs one, runs the migrations there and records it. Idempotent.
    func provision(_ scope: TenantScope) async throws

    /// Removes a tenant's dedicated home (after its data moved elsewhere). The service home is never dropped.
    func dropHome(of tenant: TenantID) async throws

    /// Every home that exists: the service home and each provisioned tenant home.
    func homes() async throws -> [DatabaseHome]

    /// Applies pending migrations to the service home and every tenant home.
    func migrate() async throws

    /// Cheap round trip used by `/ready`.
    func ping() async throws

    /// Closes connections.
    func shutdown() async
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
