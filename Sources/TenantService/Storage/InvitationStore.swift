import Platform
import SQLKit

/// An invitation to join an organisation, sent by e-mail as a link holding a secret token (kept only as a hash).
struct InvitationRecord: Decodable, Sendable {
    let id: String
    let tenant_id: String
    let email: String
    let role: String
    let invited_by: String
    let created_at: Int64
    let expires_at: Int64
    let sent_count: Int
    let last_sent_at: Int64
    let accepted_at: Int64?
    let accepted_by: String?
    let revoked_at: Int64?

    func status(at now: Int64) -> String {
        if accepted_at != nil { return "accepted" }
        if revoked_at != nil { return "revoked" }
        if expires_at <= now { return "expired" }
        return "pending"
    }
}

enum InvitationStore {
    static let columns = "id, tenant_id, email, role, invited_by, created_at, expires_at, sent_count, last_sent_at, accepted_at, accepted_by, revoked_at"

    static func insert(
        id: String, tenant: String, email: String, role: Role, tokenHash: String, invitedBy: String, now: Int64, expiresAt: Int64, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO invitations (id, tenant_id, email, role, token_hash, invited_by, created_at, expires_at, last_sent_at)
            VALUES (\(bind: id), \(bind: tenant), \(bind: email), \(bind: role.rawValue), \(bind: tokenHash), \(bind: invitedBy), \(bind: now), \(bind: expiresAt), \(bind: now))
            """
        ).run()
    }

    static func find(id: String, tenant: String, on db: any SQLDatabase) async throws -> InvitationRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM invitations WHERE id = \(bind: id) AND tenant_id = \(bind: tenant)").first(decoding: InvitationRecord.self)
    }

    static func find(tokenHash: String, on db: any SQLDatabase) async throws -> InvitationRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM invitations WHERE token_hash = \(bind: tokenHash)").first(decoding: InvitationRecord.self)
    }

    static func list(tenant: String, on db: any SQLDatabase) async throws -> [InvitationRecord] {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM invitations WHERE tenant_id = \(bind: tenant) ORDER BY created_at DESC, id LIMIT 500")
            .all(decoding: InvitationRecord.self)
    }

    /// The open invitation for an e-mail, if any (one at a time per address and organisation).
    static func pending(tenant: String, email: String, now: Int64, on db: any SQLDatabase) async throws -> InvitationRecord? {
        try await db.raw(
            """
            SELECT \(unsafeRaw: columns) FROM invitations
            WHERE tenant_id = \(bind: tenant) AND email = \(bind: email) AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > \(bind: now)
            """
        ).first(decoding: InvitationRecord.self)
    }

    static func countPending(tenant: String, now: Int64, on db: any SQLDatabase) async throws -> Int {
        try await db.raw(
            "SELECT COUNT(*) AS n FROM invitations WHERE tenant_id = \(bind: tenant) AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > \(bind: now)"
        ).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// A new token and expiry for a resend; the old link stops working.
    static func renew(id: String, tokenHash: String, now: Int64, expiresAt: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE invitations SET token_hash = \(bind: tokenHash), expires_at = \(bind: expiresAt), last_sent_at = \(bind: now), sent_count = sent_count + 1
            WHERE id = \(bind: id)
            """
        ).run()
    }

    static func revoke(id: String, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE invitations SET revoked_at = \(bind: now) WHERE id = \(bind: id) AND revoked_at IS NULL").run()
    }

    /// Marks the invitation accepted; false when it no longer was open (a concurrent accept won).
    static func accept(id: String, user: String, now: Int64, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            """
            UPDATE invitations SET accepted_at = \(bind: now), accepted_by = \(bind: user)
            WHERE id = \(bind: id) AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > \(bind: now)
            RETURNING id
            """
        ).first() != nil
    }
}
