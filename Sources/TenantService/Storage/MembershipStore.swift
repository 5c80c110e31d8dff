import Platform
import SQLKit

/// A member of an organisation; e-mail and name are a snapshot taken when the member joined.
struct MembershipRecord: Decodable, Sendable {
    let tenant_id: String
    let user_id: String
    let role: String
    let email: String
    let name: String
    let joined_at: Int64
    let invited_by: String?

    var memberRole: Role { Role(rawValue: role) ?? .viewer }
}

enum MembershipStore {
    static let columns = "tenant_id, user_id, role, email, name, joined_at, invited_by"

    static func insert(tenant: String, user: String, role: Role, email: String, name: String, invitedBy: String?, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO memberships (tenant_id, user_id, role, email, name, joined_at, invited_by)
            VALUES (\(bind: tenant), \(bind: user), \(bind: role.rawValue), \(bind: email), \(bind: name), \(bind: now), \(bind: invitedBy))
            """
        ).run()
    }

    static func find(tenant: String, user: String, on db: any SQLDatabase) async throws -> MembershipRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM memberships WHERE tenant_id = \(bind: tenant) AND user_id = \(bind: user)")
            .first(decoding: MembershipRecord.self)
    }

    static func list(tenant: String, on db: any SQLDatabase) async throws -> [MembershipRecord] {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM memberships WHERE tenant_id = \(bind: tenant) ORDER BY joined_at, user_id")
            .all(decoding: MembershipRecord.self)
    }

    static func of(user: String, on db: any SQLDatabase) async throws -> [MembershipRecord] {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM memberships WHERE user_id = \(bind: user) ORDER BY joined_at DESC")
            .all(decoding: MembershipRecord.self)
    }

    static func count(tenant: String, on db: any SQLDatabase) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM memberships WHERE tenant_id = \(bind: tenant)").first(decodingColumn: "n", as: Int.self) ?? 0
    }

    static func owners(tenant: String, on db: any SQLDatabase) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM memberships WHERE tenant_id = \(bind: tenant) AND role = 'owner'").first(decodingColumn: "n", as: Int.self) ?? 0
    }

    static func setRole(tenant: String, user: String, role: Role, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE memberships SET role = \(bind: role.rawValue) WHERE tenant_id = \(bind: tenant) AND user_id = \(bind: user)").run()
    }

    static func delete(tenant: String, user: String, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM memberships WHERE tenant_id = \(bind: tenant) AND user_id = \(bind: user)").run()
    }
}
