import Crypto
import Foundation
import Hummingbird
import Logging
import Platform
import ServiceLifecycle

/// The auth service (port 8001): users, passwords, sessions, refresh tokens, MFA, API keys, access-token issuance
/// and the JWKS that every service verifies tokens with. Membership of organisations belongs to the tenant
/// service, which this one asks whenever it mints a token.
public enum AuthService {
    /// Schema changes of this service's store, in order (the platform's own tables come first automatically).
    public static let migrations: [Migration] = AuthMigrations.all

    public static let blueprint = ServiceApplication.Blueprint(
        title: "M-PESA Analytics — auth service",
        description: """
            Accounts (register, verify e-mail, login with lock-out, MFA with TOTP and recovery codes), sessions with rotating \
            refresh tokens and reuse detection, password change and reset, API keys for machine clients, and EdDSA access \
            tokens whose public keys are published at /.well-known/jwks.json. docs/auth.md explains the model.
            """,
        schemas: AuthSchemas.all
    )

    /// Builds the service's HTTP application; the executable and the tests both call this.
    public static func makeApplication(configuration: PlatformSettings, dependencies: ServiceDependencies) throws -> some ApplicationProtocol {
        let parts = try Parts(configuration: configuration, dependencies: dependencies)
        var background: [any Service] = []
        if let log = dependencies.eventLog {
            let accounts = parts.accounts
            // Removal from an organisation ends the member's sessions there at once.
            background.append(EventConsumer(group: "auth-memberships", topics: ["tenant"], log: log, logger: dependencies.logger, metrics: dependencies.metrics) { event in
                guard event.envelope.type == "tenant.member_removed", let tenant = event.envelope.tenantId,
                    let user = event.envelope.data["user_id"]?.stringValue
                else { return }
                try await accounts.endSessions(userID: user, tenant: tenant)
            })
        }
        return ServiceApplication.make(
            blueprint: blueprint, configuration: configuration, dependencies: dependencies, backgroundServices: background
        ) { router in
            AccountRoutes.register(on: router, accounts: parts.accounts)
            SessionRoutes.register(on: router, accounts: parts.accounts)
            PasswordRoutes.register(on: router, accounts: parts.accounts)
            MFARoutes.register(on: router, accounts: parts.accounts)
            APIKeyRoutes.register(on: router, accounts: parts.accounts)
            KeyRoutes.register(on: router, keys: parts.keys)
            InternalRoutes.register(on: router, accounts: parts.accounts)
        }
    }

    /// Adds a new token-signing key and retires the current one (`mpesa keys rotate`); the retired key stays in the
    /// JWKS until the tokens it signed have expired. Answers the new key id.
    public static func rotateSigningKey(configuration: PlatformSettings, database: any DatabaseProvider) async throws -> String {
        let ring = SigningKeyRing(
            database: database, sealingKey: try keyEncryptionKey(configuration), time: .system, tokenLifetime: configuration.authAccessTokenLifetime
        )
        return try await ring.rotate().kid
    }

    /// The published keys, oldest first, with whether each still signs (`mpesa keys list`).
    public static func signingKeys(configuration: PlatformSettings, database: any DatabaseProvider) async throws -> [(kid: String, createdAt: Date, retiredAt: Date?)] {
        let ring = SigningKeyRing(
            database: database, sealingKey: try keyEncryptionKey(configuration), time: .system, tokenLifetime: configuration.authAccessTokenLifetime
        )
        return try await ring.publishedKeys().map { ($0.kid, Date(milliseconds: $0.createdAt), $0.retiredAt.map(Date.init(milliseconds:))) }
    }

    /// Grants or withdraws platform administration (`mpesa users admin`); false when no account has the e-mail.
    public static func setPlatformAdmin(email: String, _ admin: Bool, database: any DatabaseProvider) async throws -> Bool {
        let normalized = try AccountService.normalizedEmail(email)
        return try await database.withTransaction { db in try await UserStore.setPlatformAdmin(email: normalized, admin, on: db) }
    }

    /// The key that seals the signing keys at rest: `auth.keyEncryptionKey`, or one generated into the data directory.
    static func keyEncryptionKey(_ configuration: PlatformSettings) throws -> SymmetricKey {
        try SecretKeyFile.load(
            configured: configuration.authKeyEncryptionKey, settingKey: .authKeyEncryptionKey, file: configuration.dataDirectory + "/auth/keys.key"
        )
    }

    /// The service's parts, wired once.
    struct Parts {
        let accounts: AccountService
        let keys: SigningKeyRing

        init(configuration: PlatformSettings, dependencies: ServiceDependencies) throws {
            let database = dependencies.requireDatabase()
            let sealingKey = try AuthService.keyEncryptionKey(configuration)
            keys = SigningKeyRing(database: database, sealingKey: sealingKey, time: dependencies.time, tokenLifetime: configuration.authAccessTokenLifetime)
            let mail = AccountMail(
                mailer: try MailTransport.make(configuration: configuration, logger: dependencies.logger),
                from: try MailTransport.sender(configuration),
                publicURL: configuration.publicURL,
                time: dependencies.time,
                logger: dependencies.logger
            )
            accounts = AccountService(
                database: database,
                hasher: PasswordHasher(cost: configuration.authBcryptCost),
                issuer: TokenIssuer(
                    keys: keys, issuer: configuration.jwtIssuer, audience: configuration.jwtAudience, lifetime: configuration.authAccessTokenLifetime,
                    time: dependencies.time
                ),
                memberships: TenantMemberships(client: dependencies.internalClient(settings: configuration), logger: dependencies.logger),
                directory: dependencies.tenantDirectory,
                mail: mail,
                sealingKey: sealingKey,
                time: dependencies.time,
                refreshLifetime: configuration.authRefreshTokenLifetime,
                outboxSignal: dependencies.outboxSignal,
                logger: dependencies.logger
            )
        }
    }
}
