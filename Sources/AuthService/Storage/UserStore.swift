import Platform
import SQLKit

/// A user row.
struct UserRecord: Decodable, Sendable {
    let id: String
    let email: String
    let name: String
    let password_hash: String
    let email_verified_at: Int64?
    let created_at: Int64
    let password_changed_at: Int64
    let failed_logins: Int
    let locked_until: Int64?
    let mfa_secret: String?
    let mfa_enabled_at: Int64?
    let mfa_last_step: Int64?
    let platform_admin: Int

    var isPlatformAdmin: Bool { platform_admin != 0 }
    var mfaEnabled: Bool { mfa_enabled_at != nil }
}

/// Users: lookups by id and e-mail, and the few updates the flows need.
struct UserStore: Sendable {
    static let columns = "id, email, name, password_hash, email_verified_at, created_at, password_changed_at, failed_logins, locked_until, mfa_secret, mfa_enabled_at, mfa_last_step, platform_admin"

    static func find(email: String, on db: any SQLDatabase) async throws -> UserRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM users WHERE email = \(bind: email)").first(decoding: UserRecord.self)
    }

    static func find(id: String, on db: any SQLDatabase) async throws -> UserRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM users WHERE id = \(bind: id)").first(decoding: UserRecord.self)
    }

    static func insert(id: String, email: String, name: String, passwordHash: String, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO users (id, email, name, password_hash, created_at, password_changed_at)
            VALUES (\(bind: id), \(bind: email), \(bind: name), \(bind: passwordHash), \(bind: now), \(bind: now))
            """
        ).run()
    }

    static func recordFailedLogin(id: String, lockUntil: Int64?, on db: any SQLDatabase) async throws {
        if let lockUntil {
            try await db.raw("UPDATE users SET failed_logins = 0, locked_until = \(bind: lockUntil) WHERE id = \(bind: id)").run()
        } else {
            try await db.raw("UPDATE users SET failed_logins = failed_logins + 1 WHERE id = \(bind: id)").run()
        }
    }

    static func clearFailedLogins(id: String, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = \(bind: id)").run()
    }

    static func setPassword(id: String, hash: String, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE users SET password_hash = \(bind: hash), password_changed_at = \(bind: now), failed_logins = 0, locked_until = NULL WHERE id = \(bind: id)"
        ).run()
    }

    static func markVerified(id: String, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE users SET email_verified_at = COALESCE(email_verified_at, \(bind: now)) WHERE id = \(bind: id)").run()
    }

    static func setMFA(id: String, secret: String?, enabledAt: Int64?, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE users SET mfa_secret = \(bind: secret), mfa_enabled_at = \(bind: enabledAt), mfa_last_step = NULL WHERE id = \(bind: id)").run()
    }

    static func setMFALastStep(id: String, step: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE users SET mfa_last_step = \(bind: step) WHERE id = \(bind: id)").run()
    }

    /// Grants or withdraws platform administration (`mpesa users admin`); false when no user has that e-mail.
    static func setPlatformAdmin(email: String, _ admin: Bool, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw("UPDATE users SET platform_admin = \(bind: admin ? 1 : 0) WHERE email = \(bind: email) RETURNING id").first() != nil
    }

    static func setName(id: String, name: String, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE users SET name = \(bind: name) WHERE id = \(bind: id)").run()
    }

    static func count(on db: any SQLDatabase) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM users").first(decodingColumn: "n", as: Int.self) ?? 0
    }
}
