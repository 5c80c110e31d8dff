/// The SQL dialect of a store, for the few statements (DDL, upserts) that differ between SQLite and PostgreSQL.
public enum DatabaseDialect: String, Sendable {
    case sqlite
    case postgres

    /// An auto-incrementing 64-bit primary key column type.
    public var autoIncrementPrimaryKey: String {
        switch self {
        case .sqlite: "INTEGER PRIMARY KEY AUTOINCREMENT"
        case .postgres: "BIGSERIAL PRIMARY KEY"
        }
    }

    /// A column type for raw bytes.
    public var bytes: String {
        switch self {
        case .sqlite: "BLOB"
        case .postgres: "BYTEA"
        }
    }

    /// A column type for JSON documents (queried with JSON operators on PostgreSQL, stored as text on SQLite).
    public var json: String {
        switch self {
        case .sqlite: "TEXT"
        case .postgres: "JSONB"
        }
    }

    /// A column type for booleans.
    public var boolean: String {
        switch self {
        case .sqlite: "INTEGER"
        case .postgres: "BOOLEAN"
        }
    }
}
