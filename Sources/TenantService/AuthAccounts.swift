import Logging
import MPesaCore
import NIOHTTP1
import Platform

/// What the tenant service asks of the auth service over its internal API: who a user is, and a token for another
/// organisation of a live session.
struct AuthAccounts: Sendable {
    struct User: Codable, Sendable {
        var id: String
        var email: String
        var name: String
        var emailVerified: Bool
    }

    struct Token: Codable, Sendable {
        var accessToken: String
        var tokenType: String
        var expiresIn: Int
        var sessionId: String?
        var organizationId: String?
        var role: String?
    }

    struct TokenRequest: Encodable {
        var sessionId: String
        var userId: String
        var organizationId: String
        var role: String
    }

    struct KeyCount: Codable, Sendable {
        var active: Int
    }

    let client: InternalClient

    func user(_ id: String) async throws -> User {
        do {
            return try await client.call(.auth, .GET, "/internal/v1/users/\(id)", as: User.self, timeout: .seconds(3))
        } catch {
            if case .status(404, _, _) = error { throw Problem.notFound("There is no user \(id.prefix(40))") }
            throw error
        }
    }

    func token(session: String, user: String, tenant: TenantID, role: Role) async throws -> Token {
        do {
            return try await client.call(
                .auth, .POST, "/internal/v1/tokens", body: TokenRequest(sessionId: session, userId: user, organizationId: tenant.rawValue, role: role.rawValue),
                as: Token.self, timeout: .seconds(5)
            )
        } catch {
            if case .status(401, _, _) = error { throw TokenRejection.revoked }
            throw error
        }
    }

    /// Active API keys of the organisation (for usage).
    func apiKeyCount(_ tenant: TenantID) async -> Int? {
        try? await client.call(.auth, .GET, "/internal/v1/tenants/\(tenant.rawValue)/api-keys", as: KeyCount.self, timeout: .seconds(3)).active
    }
}
