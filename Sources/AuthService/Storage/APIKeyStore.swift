import Platform
import SQLKit

/// An organisation's API key, as stored: the prefix is visible, the key itself only as a SHA-256 hash.
struct APIKeyRecord: Decodable, Sendable {
    let id: String
    let tenant_id: String
    let name: String
    let prefix: String
    let role: String
    let scopes: String
    let created_by: String
    let created_at: Int64
    let last_used_at: Int64?
    let revoked_at: Int64?
}

struct APIKeyStore: Sendable {
    static let columns = "id, tenant_id, name, prefix, role, scopes, created_by, created_at, last_used_at, revoked_at"

    static func insert(
        id: String, tenantID: String, name: String, prefix: String, hash: String, role: String, scopes: [String], createdBy: String, now: Int64,
        on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO api_keys (id, tenant_id, name, prefix, key_hash, role, scopes, created_by, created_at)
            VALUES (\(bind: id), \(bind: tenantID), \(bind: name), \(bind: prefix), \(bind: hash), \(bind: role), \(bind: scopes.joined(separator: " ")), \(bind: createdBy), \(bind: now))
            """
        ).run()
    }

    static func list(tenantID: String, on db: any SQLDatabase) async throws -> [APIKeyRecord] {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM api_keys WHERE tenant_id = \(bind: tenantID) ORDER BY created_at DESC").all(decoding: APIKeyRecord.self)
    }

    static func find(id: String, tenantID: String, on db: any SQLDatabase) async throws -> APIKeyRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM api_keys WHERE id = \(bind: id) AND tenant_id = \(bind: tenantID)").first(decoding: APIKeyRecord.self)
    }

    static func find(hash: String, on db: any SQLDatabase) async throws -> APIKeyRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM api_keys WHERE key_hash = \(bind: hash)").first(decoding: APIKeyRecord.self)
    }

    static func touch(id: String, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE api_keys SET last_used_at = \(bind: now) WHERE id = \(bind: id)").run()
    }

    static func revoke(id: String, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE api_keys SET revoked_at = \(bind: now) WHERE id = \(bind: id) AND revoked_at IS NULL").run()
    }

    static func countActive(tenantID: String, on db: any SQLDatabase) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM api_keys WHERE tenant_id = \(bind: tenantID) AND revoked_at IS NULL").first(decodingColumn: "n", as: Int.self) ?? 0
    }
}
