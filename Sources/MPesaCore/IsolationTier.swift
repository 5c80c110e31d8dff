/// Where a tenant's rows live (ARCHITECTURE §5).
///
/// - `shared`: rows carry `tenant_id` in the service's own store; on PostgreSQL row-level security also applies.
/// - `schema`: a PostgreSQL schema per tenant (a file per tenant on SQLite).
/// - `database`: a PostgreSQL database per tenant (a file per tenant on SQLite).
public enum IsolationTier: String, Sendable, Codable, CaseIterable, Hashable {
    case shared
    case schema
    case database
}
