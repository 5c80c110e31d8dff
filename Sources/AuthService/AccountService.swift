import Crypto
import Foundation
import HummingbirdOTP
import Logging
import MPesaCore
import Platform
import SQLKit

/// The auth service's flows, apart from HTTP: registration, login (with MFA and lock-out), refresh-token rotation
/// with reuse detection, logout, password change and reset, e-mail verification, MFA enrolment, API keys.
/// Every change and the events it causes commit in one transaction.
struct AccountService: Sendable {
    let database: any DatabaseProvider
    let hasher: PasswordHasher
    let issuer: TokenIssuer
    let memberships: TenantMemberships
    let directory: TenantDirectory
    let mail: AccountMail
    let sealingKey: SymmetricKey
    let time: TimeSource
    let refreshLifetime: Duration
    let outboxSignal: EventSignal
    let logger: Logger
    let policy = PasswordPolicy()

    static let maxFailedLogins = 5
    static let lockDuration: Int64 = 15 * 60 * 1000
    static let resetTokenLifetime: Int64 = 30 * 60 * 1000
    static let verificationLifetime: Int64 = 48 * 3600 * 1000
    static let mfaChallengeLifetime: Int64 = 5 * 60 * 1000

    // MARK: Registration and verification

    /// Creates the account and starts its first session (no organisation yet: the user creates or joins one).
    func register(email rawEmail: String, password: String, name rawName: String, client: Client) async throws -> SessionTokens {
        let email = try Self.normalizedEmail(rawEmail)
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...120).contains(name.count), !name.contains(where: \.isNewline) else { throw AuthProblem.invalid("name", "give a name of 1 to 120 characters") }
        if let problem = policy.problem(with: password, email: email) { throw AuthProblem.weakPassword(problem) }
        let hash = try await hasher.hash(password)
        let id = Identifiers.make("usr_")
        let now = time.milliseconds
        let token = Identifiers.secret()
        let user = try await database.withTransaction { db -> UserRecord in
            if try await UserStore.find(email: email, on: db) != nil { throw AuthProblem.emailTaken }
            try await UserStore.insert(id: id, email: email, name: name, passwordHash: hash, now: now, on: db)
            try await OneTimeTokenStore.create(hash: Digest.sha256(token), userID: id, purpose: .verifyEmail, now: now, expiresAt: now + Self.verificationLifetime, on: db)
            try await Outbox.enqueue(
                EventRecord(topic: "auth", key: id, envelope: EventEnvelope(type: "user.registered", tenantId: nil, data: ["user_id": .string(id), "email": .string(email)])),
                on: db
            )
            return try await UserStore.find(id: id, on: db)!
        }
        outboxSignal.notify()
        await mail.sendVerification(to: email, name: name, token: token)
        return try await startSession(for: user, tenant: nil, client: client)
    }

    func verifyEmail(token: String) async throws {
        let now = time.milliseconds
        try await database.withTransaction { db in
            guard let row = try await OneTimeTokenStore.usable(hash: Digest.sha256(token), purpose: .verifyEmail, now: now, on: db),
                try await OneTimeTokenStore.consume(hash: row.token_hash, now: now, on: db)
            else {
                throw AuthProblem.invalidOneTimeToken
            }
            try await UserStore.markVerified(id: row.user_id, now: now, on: db)
        }
    }

    func resendVerification(userID: String) async throws {
        let now = time.milliseconds
        let token = Identifiers.secret()
        let user = try await database.withTransaction { db -> UserRecord? in
            guard let user = try await UserStore.find(id: userID, on: db), user.email_verified_at == nil else { return nil }
            try await OneTimeTokenStore.invalidate(userID: userID, purpose: .verifyEmail, now: now, on: db)
            try await OneTimeTokenStore.create(hash: Digest.sha256(token), userID: userID, purpose: .verifyEmail, now: now, expiresAt: now + Self.verificationLifetime, on: db)
            return user
        }
        if let user { await mail.sendVerification(to: user.email, name: user.name, token: token) }
    }

    // MARK: Login

    /// A started session: the tokens, or the challenge of a second factor.
    enum LoginOutcome: Sendable {
        case tokens(SessionTokens)
        case mfaRequired(challenge: String)
    }

    struct SessionTokens: Sendable {
        let accessToken: String
        let refreshToken: String
        let expiresIn: Int
        let sessionID: String
        let tenantID: String?
        let role: String?
    }

    struct Client: Sendable {
        var userAgent: String?
        var ip: String?
    }

    func login(email rawEmail: String, password: String, tenant: TenantID?, client: Client) async throws -> LoginOutcome {
        let email = (try? Self.normalizedEmail(rawEmail)) ?? rawEmail.lowercased()
        let now = time.milliseconds
        let user = try await database.withTransaction { db in try await UserStore.find(email: email, on: db) }
        // The password is checked even for unknown or locked accounts, so every refusal takes as long.
        let matches = try await hasher.verify(password, hash: user?.password_hash)
        guard let user else { throw AuthProblem.invalidCredentials }
        if let locked = user.locked_until, locked > now { throw AuthProblem.invalidCredentials }
        guard matches else {
            let lock = user.failed_logins + 1 >= Self.maxFailedLogins ? now + Self.lockDuration : nil
            try await database.withTransaction { db in try await UserStore.recordFailedLogin(id: user.id, lockUntil: lock, on: db) }
            if lock != nil { logger.notice("account locked after repeated failed logins", metadata: ["user_id": .string(user.id)]) }
            throw AuthProblem.invalidCredentials
        }
        if user.failed_logins > 0 || user.locked_until != nil {
            try await database.withTransaction { db in try await UserStore.clearFailedLogins(id: user.id, on: db) }
        }
        if user.mfaEnabled {
            let challenge = Identifiers.secret()
            try await database.withTransaction { db in
                try await OneTimeTokenStore.create(hash: Digest.sha256(challenge), userID: user.id, purpose: .mfaLogin, now: now, expiresAt: now + Self.mfaChallengeLifetime, on: db)
            }
            return .mfaRequired(challenge: challenge)
        }
        return .tokens(try await startSession(for: user, tenant: tenant, client: client))
    }

    /// Completes a login that asked for a second factor: a TOTP code or a recovery code.
    func completeMFALogin(challenge: String, code: String?, recoveryCode: String?, tenant: TenantID?, client: Client) async throws -> SessionTokens {
        let now = time.milliseconds
        let hash = Digest.sha256(challenge)
        let user = try await database.withTransaction { db -> UserRecord in
            guard let row = try await OneTimeTokenStore.usable(hash: hash, purpose: .mfaLogin, now: now, on: db),
                let user = try await UserStore.find(id: row.user_id, on: db)
            else { throw AuthProblem.invalidOneTimeToken }
            // Five wrong codes end the challenge: the password must be entered again.
            if try await OneTimeTokenStore.countAttempt(hash: hash, on: db) > 5 {
                try await OneTimeTokenStore.consume(hash: hash, now: now, on: db)
                throw AuthProblem.invalidOneTimeToken
            }
            return user
        }
        guard try await checkSecondFactor(user: user, code: code, recoveryCode: recoveryCode) else { throw AuthProblem.invalidMFACode }
        let consumed = try await database.withTransaction { db in try await OneTimeTokenStore.consume(hash: hash, now: now, on: db) }
        guard consumed else { throw AuthProblem.invalidOneTimeToken }
        return try await startSession(for: user, tenant: tenant, client: client)
    }

    private func startSession(for user: UserRecord, tenant requested: TenantID?, client: Client) async throws -> SessionTokens {
        let now = time.milliseconds
        let membership = await memberships.choose(for: user.id, requested: requested, previous: nil)
        if let requested, membership?.tenantId != requested.rawValue {
            throw Problem.forbidden("You are not a member of organisation \(requested.rawValue)")
        }
        let sessionID = Identifiers.make("ses_")
        let refresh = "rt_" + Identifiers.secret()
        let expires = now + Int64(refreshLifetime.components.seconds) * 1000
        try await database.withTransaction { db in
            try await SessionStore.create(
                id: sessionID, userID: user.id, tenantID: membership?.tenantId, now: now, expiresAt: expires,
                userAgent: client.userAgent.map { String($0.prefix(300)) }, ip: client.ip, refreshHash: Digest.sha256(refresh), on: db
            )
        }
        let access = try await issuer.issue(for: subject(user: user, session: sessionID, membership: membership))
        return SessionTokens(accessToken: access.token, refreshToken: refresh, expiresIn: access.expiresIn, sessionID: sessionID, tenantID: membership?.tenantId, role: membership?.role)
    }

    private func subject(user: UserRecord, session: String, membership: TenantMemberships.Membership?) -> TokenIssuer.Subject {
        TokenIssuer.Subject(
            subject: user.id, sessionID: session, tenant: membership.flatMap { try? TenantID($0.tenantId) }, role: membership.flatMap { Role(rawValue: $0.role) },
            scopes: nil, platformAdmin: user.isPlatformAdmin
        )
    }

    // MARK: Refresh

    func refresh(token: String, tenant requested: TenantID?) async throws -> SessionTokens {
        let now = time.milliseconds
        let hash = Digest.sha256(token)
        let next = "rt_" + Identifiers.secret()
        // First who and which organisation, without using the token up: a refused organisation leaves it valid.
        let found = try await database.withTransaction { db -> (SessionRecord, UserRecord)? in
            guard let row = try await SessionStore.refreshToken(hash: hash, on: db), let session = try await SessionStore.find(id: row.session_id, on: db),
                session.isActive(at: now), let user = try await UserStore.find(id: session.user_id, on: db)
            else { return nil }
            return (session, user)
        }
        guard let (session, user) = found else { throw AuthProblem.invalidRefreshToken }
        let membership = await memberships.choose(for: user.id, requested: requested, previous: session.tenant_id)
        if let requested, membership?.tenantId != requested.rawValue {
            throw Problem.forbidden("You are not a member of organisation \(requested.rawValue)")
        }
        let rotated = try await database.withTransaction { db -> Bool in
            guard try await SessionStore.claim(hash: hash, now: now, on: db) else {
                // A refresh token used twice was copied: end the whole family so neither copy works.
                if let current = try await SessionStore.find(id: session.id, on: db) {
                    try await SessionStore.revoke(current, reason: "refresh_token_reuse", now: now, on: db)
                }
                return false
            }
            try await SessionStore.addRefreshToken(hash: Digest.sha256(next), session: session.id, now: now, on: db)
            try await SessionStore.touch(id: session.id, tenantID: membership?.tenantId, now: now, on: db)
            return true
        }
        guard rotated else {
            outboxSignal.notify()
            logger.warning("refresh token reused; session revoked", metadata: ["session_id": .string(session.id)])
            throw AuthProblem.invalidRefreshToken
        }
        let access = try await issuer.issue(for: subject(user: user, session: session.id, membership: membership))
        return SessionTokens(accessToken: access.token, refreshToken: next, expiresIn: access.expiresIn, sessionID: session.id, tenantID: membership?.tenantId, role: membership?.role)
    }

    /// A new access token for an active session in another organisation (the tenant service's "switch").
    func token(forSession sessionID: String, userID: String, tenant: TenantID, role: Role) async throws -> SessionTokens {
        let now = time.milliseconds
        let (session, user) = try await database.withTransaction { db -> (SessionRecord, UserRecord) in
            guard let session = try await SessionStore.find(id: sessionID, on: db), session.user_id == userID, session.isActive(at: now),
                let user = try await UserStore.find(id: userID, on: db)
            else { throw TokenRejection.revoked }
            try await SessionStore.touch(id: session.id, tenantID: tenant.rawValue, now: now, on: db)
            return (session, user)
        }
        let membership = TenantMemberships.Membership(tenantId: tenant.rawValue, role: role.rawValue, status: "active", name: nil)
        let access = try await issuer.issue(for: subject(user: user, session: session.id, membership: membership))
        return SessionTokens(accessToken: access.token, refreshToken: "", expiresIn: access.expiresIn, sessionID: session.id, tenantID: tenant.rawValue, role: role.rawValue)
    }

    // MARK: Logout and sessions

    func logout(session sessionID: String, userID: String) async throws {
        let now = time.milliseconds
        try await database.withTransaction { db in
            guard let session = try await SessionStore.find(id: sessionID, on: db), session.user_id == userID else { return }
            try await SessionStore.revoke(session, reason: "logout", now: now, on: db)
        }
        outboxSignal.notify()
    }

    func logoutAll(userID: String) async throws {
        let now = time.milliseconds
        try await database.withTransaction { db in try await SessionStore.revokeAll(userID: userID, reason: "logout_all", now: now, on: db) }
        outboxSignal.notify()
    }

    func sessions(userID: String) async throws -> [SessionRecord] {
        let now = time.milliseconds
        return try await database.withTransaction { db in try await SessionStore.active(userID: userID, now: now, on: db) }
    }

    /// Revokes one of the user's sessions; false when it is not theirs (answered as not found).
    func revokeSession(id: String, userID: String) async throws -> Bool {
        let now = time.milliseconds
        let revoked = try await database.withTransaction { db -> Bool in
            guard let session = try await SessionStore.find(id: id, on: db), session.user_id == userID, session.revoked_at == nil else { return false }
            try await SessionStore.revoke(session, reason: "revoked_by_user", now: now, on: db)
            return true
        }
        outboxSignal.notify()
        return revoked
    }

    // MARK: Passwords

    func changePassword(userID: String, currentSession: String?, current: String, new: String) async throws {
        let user = try await database.withTransaction { db in try await UserStore.find(id: userID, on: db) }
        guard let user, try await hasher.verify(current, hash: user.password_hash) else {
            throw AuthProblem.invalid("current_password", "the current password is wrong")
        }
        if let problem = policy.problem(with: new, email: user.email) { throw AuthProblem.weakPassword(problem) }
        let hash = try await hasher.hash(new)
        let now = time.milliseconds
        try await database.withTransaction { db in
            try await UserStore.setPassword(id: userID, hash: hash, now: now, on: db)
            // Every other device must log in again with the new password.
            try await SessionStore.revokeAll(userID: userID, except: currentSession, reason: "password_changed", now: now, on: db)
        }
        outboxSignal.notify()
        await mail.sendPasswordChanged(to: user.email, name: user.name)
    }

    /// Always succeeds, so the answer never tells whether an e-mail has an account.
    func requestPasswordReset(email rawEmail: String) async throws {
        guard let email = try? Self.normalizedEmail(rawEmail) else { return }
        let now = time.milliseconds
        let token = Identifiers.secret()
        let user = try await database.withTransaction { db -> UserRecord? in
            guard let user = try await UserStore.find(email: email, on: db) else { return nil }
            try await OneTimeTokenStore.invalidate(userID: user.id, purpose: .resetPassword, now: now, on: db)
            try await OneTimeTokenStore.create(hash: Digest.sha256(token), userID: user.id, purpose: .resetPassword, now: now, expiresAt: now + Self.resetTokenLifetime, on: db)
            return user
        }
        if let user { await mail.sendPasswordReset(to: user.email, name: user.name, token: token) }
    }

    func resetPassword(token: String, new: String) async throws {
        let now = time.milliseconds
        let hash = Digest.sha256(token)
        let user = try await database.withTransaction { db -> UserRecord in
            guard let row = try await OneTimeTokenStore.usable(hash: hash, purpose: .resetPassword, now: now, on: db),
                let user = try await UserStore.find(id: row.user_id, on: db)
            else { throw AuthProblem.invalidOneTimeToken }
            return user
        }
        if let problem = policy.problem(with: new, email: user.email) { throw AuthProblem.weakPassword(problem) }
        let newHash = try await hasher.hash(new)
        try await database.withTransaction { db in
            // Consumed inside the same transaction as the change: a link works exactly once.
            guard try await OneTimeTokenStore.usable(hash: hash, purpose: .resetPassword, now: now, on: db) != nil,
                try await OneTimeTokenStore.consume(hash: hash, now: now, on: db)
            else { throw AuthProblem.invalidOneTimeToken }
            try await UserStore.setPassword(id: user.id, hash: newHash, now: now, on: db)
            // Whoever knew the old password is logged out everywhere; following the link proves the mailbox.
            try await UserStore.markVerified(id: user.id, now: now, on: db)
            try await SessionStore.revokeAll(userID: user.id, reason: "password_reset", now: now, on: db)
        }
        outboxSignal.notify()
        await mail.sendPasswordChanged(to: user.email, name: user.name)
    }

    // MARK: MFA

    struct Enrolment: Sendable {
        let secret: String
        let otpauthURL: String
    }

    func enrolMFA(userID: String) async throws -> Enrolment {
        let secret = Self.base32(bytes: 20)
        let sealed = try seal(secret)
        let user = try await database.withTransaction { db -> UserRecord in
            guard let user = try await UserStore.find(id: userID, on: db) else { throw TokenRejection.revoked }
            if user.mfaEnabled { throw Problem(type: "mfa-already-enabled", title: "Two-factor authentication is already on", status: .conflict, detail: "Disable it first to enrol a new authenticator") }
            try await UserStore.setMFA(id: userID, secret: sealed, enabledAt: nil, on: db)
            return user
        }
        let url = TOTP(secret: secret).createAuthenticatorURL(label: user.email, issuer: "M-PESA Analytics")
        // HummingbirdOTP keys the code with the UTF-8 bytes of `secret` and puts their base32 in the URL; the key a
        // person types into an authenticator app must be that same base32, not `secret` itself.
        let typed = URLComponents(string: url)?.queryItems?.first { $0.name == "secret" }?.value ?? secret
        return Enrolment(secret: typed, otpauthURL: url)
    }

    /// Turns MFA on once the user proves the authenticator works; returns ten single-use recovery codes (shown once).
    func enableMFA(userID: String, code: String) async throws -> [String] {
        let user = try await database.withTransaction { db in try await UserStore.find(id: userID, on: db) }
        guard let user, let sealed = user.mfa_secret, !user.mfaEnabled else {
            throw Problem(type: "mfa-not-enrolled", title: "Start enrolment first", status: .conflict, detail: "POST /v1/mfa/enroll, add the key to your authenticator app, then confirm a code")
        }
        guard let step = Self.matchingStep(secret: try open(sealed), code: code, at: time.now, after: nil) else { throw AuthProblem.wrongCode }
        let codes = (0..<10).map { _ in Self.recoveryCode() }
        let now = time.milliseconds
        try await database.withTransaction { db in
            try await UserStore.setMFA(id: userID, secret: sealed, enabledAt: now, on: db)
            try await UserStore.setMFALastStep(id: userID, step: step, on: db)
            try await db.raw("DELETE FROM recovery_codes WHERE user_id = \(bind: userID)").run()
            for code in codes {
                try await db.raw("INSERT INTO recovery_codes (user_id, code_hash) VALUES (\(bind: userID), \(bind: Digest.sha256(Self.normalizedRecovery(code))))").run()
            }
        }
        return codes
    }

    func disableMFA(userID: String, password: String, code: String?, recoveryCode: String?) async throws {
        let user = try await database.withTransaction { db in try await UserStore.find(id: userID, on: db) }
        guard let user, user.mfaEnabled else { return }
        guard try await hasher.verify(password, hash: user.password_hash) else { throw AuthProblem.invalid("password", "the password is wrong") }
        guard try await checkSecondFactor(user: user, code: code, recoveryCode: recoveryCode) else { throw AuthProblem.wrongCode }
        try await database.withTransaction { db in
            try await UserStore.setMFA(id: userID, secret: nil, enabledAt: nil, on: db)
            try await db.raw("DELETE FROM recovery_codes WHERE user_id = \(bind: userID)").run()
        }
    }

    /// Checks a TOTP code (current step, one either side, never the same step twice) or burns a recovery code.
    private func checkSecondFactor(user: UserRecord, code: String?, recoveryCode: String?) async throws -> Bool {
        if let code, let sealed = user.mfa_secret {
            guard let step = Self.matchingStep(secret: try open(sealed), code: code, at: time.now, after: user.mfa_last_step) else { return false }
            try await database.withTransaction { db in try await UserStore.setMFALastStep(id: user.id, step: step, on: db) }
            return true
        }
        if let recoveryCode {
            let hash = Digest.sha256(Self.normalizedRecovery(recoveryCode))
            let now = time.milliseconds
            return try await database.withTransaction { db -> Bool in
                let unused = try await db.raw(
                    "SELECT code_hash FROM recovery_codes WHERE user_id = \(bind: user.id) AND code_hash = \(bind: hash) AND used_at IS NULL"
                ).first()
                guard unused != nil else { return false }
                try await db.raw("UPDATE recovery_codes SET used_at = \(bind: now) WHERE user_id = \(bind: user.id) AND code_hash = \(bind: hash)").run()
                return true
            }
        }
        return false
    }

    static func matchingStep(secret: String, code: String, at date: Date, after lastStep: Int64?) -> Int64? {
        let digits = code.filter(\.isNumber)
        guard digits.count == 6, let value = Int(digits) else { return nil }
        let totp = TOTP(secret: secret)
        let step = Int64(date.timeIntervalSince1970) / 30
        for offset in [Int64(0), -1, 1] {
            let candidate = step + offset
            if let lastStep, candidate <= lastStep { continue }
            if totp.compute(date: Date(timeIntervalSince1970: TimeInterval(candidate * 30))) == value { return candidate }
        }
        return nil
    }

    // MARK: API keys

    struct CreatedKey: Sendable {
        let record: APIKeyRecord
        let key: String
    }

    func createAPIKey(caller: Caller, name: String, role: Role, scopes requested: [String]?) async throws -> CreatedKey {
        let tenant = try caller.requireTenant()
        try caller.require(role: .admin)
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...80).contains(trimmed.count) else { throw AuthProblem.invalid("name", "give the key a name of 1 to 80 characters") }
        guard let callerRole = caller.role, role <= callerRole else { throw Problem.forbidden("A key cannot have a higher role than yours") }
        let allowed = Set(Scope.granted(to: role))
        let scopes = requested ?? Scope.granted(to: role)
        if let unknown = scopes.first(where: { !allowed.contains($0) }) {
            throw AuthProblem.invalid("scopes", "'\(unknown.prefix(40))' is not a scope the \(role.rawValue) role grants (\(allowed.sorted().joined(separator: ", ")))")
        }
        let plan = try await directory.facts(for: tenant).plan
        guard plan.allows(.apiAccess) else {
            throw Problem(
                type: "plan-feature", title: "The plan does not include API access", status: .forbidden,
                detail: "The \(plan.name) plan has no API keys; upgrade to Starter or above", extensions: ["feature": "api_access", "plan": .string(plan.id.rawValue)]
            )
        }
        let id = Identifiers.make("key_", length: 16)
        let prefix = Identifiers.make("", length: 8)
        let key = "mpk_\(prefix)_\(Identifiers.secret())"
        let now = time.milliseconds
        let record = try await database.withTransaction { db -> APIKeyRecord in
            if let limit = plan.limit(.apiKeys), Int64(try await APIKeyStore.countActive(tenantID: tenant.rawValue, on: db)) >= limit {
                throw Problem(
                    type: "plan-limit", title: "The plan's limit is reached", status: .forbidden,
                    detail: "The \(plan.name) plan allows \(limit) active API keys; revoke one or upgrade the plan",
                    extensions: ["limit": "api_keys", "allowed": .int(limit), "plan": .string(plan.id.rawValue)]
                )
            }
            try await APIKeyStore.insert(
                id: id, tenantID: tenant.rawValue, name: trimmed, prefix: prefix, hash: Digest.sha256(key), role: role.rawValue, scopes: scopes, createdBy: caller.userID,
                now: now, on: db
            )
            return try await APIKeyStore.find(id: id, tenantID: tenant.rawValue, on: db)!
        }
        return CreatedKey(record: record, key: key)
    }

    func listAPIKeys(caller: Caller) async throws -> [APIKeyRecord] {
        let tenant = try caller.requireTenant()
        try caller.require(role: .admin)
        return try await database.withTransaction { db in try await APIKeyStore.list(tenantID: tenant.rawValue, on: db) }
    }

    /// Revokes a key of the caller's organisation; its tokens stop working at once (the key id is their `sid`).
    func revokeAPIKey(caller: Caller, id: String) async throws -> Bool {
        let tenant = try caller.requireTenant()
        try caller.require(role: .admin)
        let now = time.milliseconds
        let revoked = try await database.withTransaction { db -> Bool in
            guard let key = try await APIKeyStore.find(id: id, tenantID: tenant.rawValue, on: db), key.revoked_at == nil else { return false }
            try await APIKeyStore.revoke(id: id, now: now, on: db)
            try await Outbox.enqueue(
                EventRecord(
                    topic: "auth", key: tenant.rawValue,
                    envelope: EventEnvelope(type: "session.revoked", tenantId: tenant.rawValue, data: ["session_id": .string(id), "reason": "api_key_revoked"])
                ),
                on: db
            )
            return true
        }
        outboxSignal.notify()
        return revoked
    }

    /// Exchanges an API key for an access token (client credentials).
    func exchange(apiKey: String) async throws -> TokenIssuer.Issued {
        guard apiKey.hasPrefix("mpk_"), apiKey.utf8.count < 200 else { throw AuthProblem.invalidAPIKey }
        let now = time.milliseconds
        let key = try await database.withTransaction { db -> APIKeyRecord? in
            guard let key = try await APIKeyStore.find(hash: Digest.sha256(apiKey), on: db), key.revoked_at == nil else { return nil }
            try await APIKeyStore.touch(id: key.id, now: now, on: db)
            return key
        }
        guard let key, let tenant = try? TenantID(key.tenant_id), await memberships.isActive(tenant: tenant) else { throw AuthProblem.invalidAPIKey }
        return try await issuer.issue(for: TokenIssuer.Subject(
            subject: key.id, sessionID: key.id, tenant: tenant, role: Role(rawValue: key.role), scopes: key.scopes.split(separator: " ").map(String.init),
            platformAdmin: false
        ))
    }

    // MARK: Helpers

    static func normalizedEmail(_ text: String) throws -> String {
        let email = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            email.allSatisfy({ !$0.isWhitespace && !$0.isNewline && $0 != "<" && $0 != ">" && $0 != "," && $0 != ";" && $0 != "\"" })
        else { throw AuthProblem.invalid("email", "give an e-mail address such as jane@example.com") }
        return email
    }

    static func base32(bytes count: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        var bits = 0
        var value = 0
        var output = ""
        for byte in bytes {
            value = (value << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(value >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[(value << (5 - bits)) & 31]) }
        return output
    }

    static func recoveryCode() -> String {
        let raw = Identifiers.make("", length: 10)
        return String(raw.prefix(5)) + "-" + String(raw.suffix(5))
    }

    static func normalizedRecovery(_ code: String) -> String {
        code.lowercased().filter { $0.isLetter || $0.isNumber }
    }

    private func seal(_ secret: String) throws -> String {
        try AES.GCM.seal(Data(secret.utf8), using: sealingKey).combined!.base64EncodedString()
    }

    private func open(_ sealed: String) throws -> String {
        guard let combined = Data(base64Encoded: sealed) else { throw StorageError.unavailable("corrupt MFA secret") }
        return String(decoding: try AES.GCM.open(AES.GCM.SealedBox(combined: combined), using: sealingKey), as: UTF8.self)
    }
}

extension AccountService {
    /// Whether a session is live and belongs to the user (tokens of a revoked session stop working at once here).
    func isActive(session id: String, userID: String) async throws -> Bool {
        let now = time.milliseconds
        return try await database.withTransaction { db in
            guard let session = try await SessionStore.find(id: id, on: db) else { return false }
            return session.user_id == userID && session.isActive(at: now)
        }
    }

    func user(id: String) async throws -> UserRecord? {
        try await database.withTransaction { db in try await UserStore.find(id: id, on: db) }
    }

    func updateProfile(userID: String, name rawName: String?) async throws -> UserRecord {
        if let rawName {
            let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (1...120).contains(name.count), !name.contains(where: \.isNewline) else { throw AuthProblem.invalid("name", "give a name of 1 to 120 characters") }
            try await database.withTransaction { db in try await UserStore.setName(id: userID, name: name, on: db) }
        }
        guard let user = try await user(id: userID) else { throw TokenRejection.revoked }
        return user
    }

    /// The user's organisations, as the tenant service knows them (nil when it cannot be reached).
    func organizations(of userID: String) async -> [TenantMemberships.Membership]? {
        await memberships.list(for: userID)
    }
}

extension AccountService {
    /// Ends every session of the user but `keeping` (log out other devices).
    func logoutOthers(userID: String, keeping: String) async throws {
        let now = time.milliseconds
        try await database.withTransaction { db in try await SessionStore.revokeAll(userID: userID, except: keeping, reason: "logout_others", now: now, on: db) }
        outboxSignal.notify()
    }
}

extension AccountService {
    func activeAPIKeys(tenant: String) async throws -> Int {
        try await database.withTransaction { db in try await APIKeyStore.countActive(tenantID: tenant, on: db) }
    }

    /// Ends the user's sessions bound to an organisation they were removed from (the `tenant.member_removed` event),
    /// so their tokens for it stop working everywhere at once instead of at expiry.
    func endSessions(userID: String, tenant: String) async throws {
        let now = time.milliseconds
        try await database.withTransaction { db in
            for session in try await SessionStore.active(userID: userID, now: now, on: db) where session.tenant_id == tenant {
                try await SessionStore.revoke(session, reason: "removed_from_organization", now: now, on: db)
            }
        }
        outboxSignal.notify()
    }
}
