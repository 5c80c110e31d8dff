import Platform
import SQLKit

/// A session: one login on one device, the family of its rotating refresh tokens.
struct SessionRecord: Decodable, Sendable {
    let id: String
    let user_id: String
    let tenant_id: String?
    let created_at: Int64
    let last_used_at: Int64
    let expires_at: Int64
    let revoked_at: Int64?
    let revoked_reason: String?
    let user_agent: String?
    let ip: String?

    func isActive(at now: Int64) -> Bool { revoked_at == nil && expires_at > now }
}

/// Sessions and their refresh tokens. A refresh token is used once: using it again means it was stolen, and the
/// whole session (every token descended from the same login) is revoked.
struct SessionStore: Sendable {
    static let columns = "id, user_id, tenant_id, created_at, last_used_at, expires_at, revoked_at, revoked_reason, user_agent, ip"

    static func create(
        id: String, userID: String, tenantID: String?, now: Int64, expiresAt: Int64, userAgent: String?, ip: String?, refreshHash: String, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO sessions (id, user_id, tenant_id, created_at, last_used_at, expires_at, user_agent, ip)
            VALUES (\(bind: id), \(bind: userID), \(bind: tenantID), \(bind: now), \(bind: now), \(bind: expiresAt), \(bind: userAgent), \(bind: ip))
            """
        ).run()
        try await addRefreshToken(hash: refreshHash, session: id, now: now, on: db)
    }

    static func addRefreshToken(hash: String, session: String, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("INSERT INTO refresh_tokens (token_hash, session_id, issued_at) VALUES (\(bind: hash), \(bind: session), \(bind: now))").run()
    }

    struct RefreshRow: Decodable {
        let token_hash: String
        let session_id: String
        let used_at: Int64?
    }

    static func refreshToken(hash: String, on db: any SQLDatabase) async throws -> RefreshRow? {
        try await db.raw("SELECT token_hash, session_id, used_at FROM refresh_tokens WHERE token_hash = \(bind: hash)").first(decoding: RefreshRow.self)
    }

    /// Marks a refresh token used; false when it already was. One statement, so of two concurrent uses of the same
    /// token exactly one wins and the other is treated as reuse.
    static func claim(hash: String, now: Int64, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            "UPDATE refresh_tokens SET used_at = \(bind: now) WHERE token_hash = \(bind: hash) AND used_at IS NULL RETURNING token_hash"
        ).first() != nil
    }

    static func find(id: String, on db: any SQLDatabase) async throws -> SessionRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM sessions WHERE id = \(bind: id)").first(decoding: SessionRecord.self)
    }

    static func active(userID: String, now: Int64, on db: any SQLDatabase) async throws -> [SessionRecord] {
        try await db.raw(
            "SELECT \(unsafeRaw: columns) FROM sessions WHERE user_id = \(bind: userID) AND revoked_at IS NULL AND expires_at > \(bind: now) ORDER BY last_used_at DESC"
        ).all(decoding: SessionRecord.self)
    }

    static func touch(id: String, tenantID: String?, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE sessions SET last_used_at = \(bind: now), tenant_id = \(bind: tenantID) WHERE id = \(bind: id)").run()
    }

    /// Revokes one session and queues `session.revoked` so every service stops accepting its access tokens.
    static func revoke(_ session: SessionRecord, reason: String, now: Int64, on db: any SQLDatabase) async throws {
        guard session.revoked_at == nil else { return }
        try await db.raw("UPDATE sessions SET revoked_at = \(bind: now), revoked_reason = \(bind: reason) WHERE id = \(bind: session.id)").run()
        try await Outbox.enqueue(
            EventRecord(
                topic: "auth", key: session.user_id,
                envelope: EventEnvelope(
                    type: "session.revoked", tenantId: session.tenant_id,
                    data: ["session_id": .string(session.id), "user_id": .string(session.user_id), "reason": .string(reason)]
                )
            ),
            on: db
        )
    }

    /// Revokes every active session of a user except `keeping`.
    static func revokeAll(userID: String, except keeping: String? = nil, reason: String, now: Int64, on db: any SQLDatabase) async throws {
        for session in try await active(userID: userID, now: now, on: db) where session.id != keeping {
            try await revoke(session, reason: reason, now: now, on: db)
        }
    }
}

/// Single-use tokens sent by e-mail (address verification, password reset) and pending MFA logins.
struct OneTimeTokenStore: Sendable {
    enum Purpose: String {
        case verifyEmail = "verify_email"
        case resetPassword = "reset_password"
        case mfaLogin = "mfa_login"
    }

    struct Row: Decodable {
        let token_hash: String
        let user_id: String
        let purpose: String
        let expires_at: Int64
        let used_at: Int64?
        let attempts: Int
    }

    static func create(hash: String, userID: String, purpose: Purpose, now: Int64, expiresAt: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO one_time_tokens (token_hash, user_id, purpose, created_at, expires_at)
            VALUES (\(bind: hash), \(bind: userID), \(bind: purpose.rawValue), \(bind: now), \(bind: expiresAt))
            """
        ).run()
    }

    /// The token if it exists for `purpose`, is unused and unexpired.
    static func usable(hash: String, purpose: Purpose, now: Int64, on db: any SQLDatabase) async throws -> Row? {
        let row = try await db.raw(
            "SELECT token_hash, user_id, purpose, expires_at, used_at, attempts FROM one_time_tokens WHERE token_hash = \(bind: hash) AND purpose = \(bind: purpose.rawValue)"
        ).first(decoding: Row.self)
        guard let row, row.used_at == nil, row.expires_at > now else { return nil }
        return row
    }

    /// Uses the token up; false when it was already used (by a concurrent request), so a link works exactly once.
    @discardableResult
    static func consume(hash: String, now: Int64, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            "UPDATE one_time_tokens SET used_at = \(bind: now) WHERE token_hash = \(bind: hash) AND used_at IS NULL RETURNING token_hash"
        ).first() != nil
    }

    static func countAttempt(hash: String, on db: any SQLDatabase) async throws -> Int {
        try await db.raw("UPDATE one_time_tokens SET attempts = attempts + 1 WHERE token_hash = \(bind: hash)").run()
        return try await db.raw("SELECT attempts FROM one_time_tokens WHERE token_hash = \(bind: hash)").first(decodingColumn: "attempts", as: Int.self) ?? 0
    }

    /// Invalidates the user's outstanding tokens of a purpose (a new reset link replaces the old one).
    static func invalidate(userID: String, purpose: Purpose, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE one_time_tokens SET used_at = \(bind: now) WHERE user_id = \(bind: userID) AND purpose = \(bind: purpose.rawValue) AND used_at IS NULL"
        ).run()
    }
}
