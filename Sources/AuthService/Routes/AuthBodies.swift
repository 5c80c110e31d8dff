import Foundation
import Platform

/// The JSON bodies of the auth service's routes (snake_case on the wire).
enum AuthBodies {
    struct Register: Decodable {
        var email: String
        var password: String
        var name: String
    }

    struct Login: Decodable {
        var email: String
        var password: String
        /// The organisation the token should act for; the session's last one (or the first) otherwise.
        var organizationId: String?
    }

    struct MFALogin: Decodable {
        var mfaToken: String
        var code: String?
        var recoveryCode: String?
        var organizationId: String?
    }

    struct Refresh: Decodable {
        var refreshToken: String?
        var organizationId: String?
    }

    struct Token: Codable {
        var accessToken: String
        var tokenType = "Bearer"
        var expiresIn: Int
        var refreshToken: String?
        var sessionId: String?
        var organizationId: String?
        var role: String?
        var scope: String?
    }

    struct MFARequired: Encodable {
        var mfaRequired = true
        var mfaToken: String
        var expiresIn: Int
    }

    struct EmailToken: Decodable {
        var token: String
    }

    struct ForgotPassword: Decodable {
        var email: String
    }

    struct ResetPassword: Decodable {
        var token: String
        var newPassword: String
    }

    struct ChangePassword: Decodable {
        var currentPassword: String
        var newPassword: String
    }

    struct UpdateProfile: Decodable {
        var name: String?
    }

    struct Profile: Encodable {
        var id: String
        var email: String
        var name: String
        var emailVerified: Bool
        var mfaEnabled: Bool
        var platformAdmin: Bool
        var createdAt: Date
        /// What the presented token acts for.
        var organizationId: String?
        var role: String?
        var scopes: [String]
        var sessionId: String?
        var memberships: [Membership]?
    }

    struct Membership: Encodable {
        var organizationId: String
        var name: String?
        var role: String
    }

    struct Session: Encodable {
        var id: String
        var createdAt: Date
        var lastUsedAt: Date
        var expiresAt: Date
        var userAgent: String?
        var ip: String?
        var organizationId: String?
        var current: Bool
    }

    struct Sessions: Encodable {
        var sessions: [Session]
    }

    struct MFAEnrolment: Encodable {
        var secret: String
        var otpauthUrl: String
        var next: String
    }

    struct MFACode: Decodable {
        var code: String
    }

    struct RecoveryCodes: Encodable {
        var recoveryCodes: [String]
    }

    struct DisableMFA: Decodable {
        var password: String
        var code: String?
        var recoveryCode: String?
    }

    struct CreateAPIKey: Decodable {
        var name: String
        var role: String?
        var scopes: [String]?
    }

    struct APIKey: Encodable {
        var id: String
        var name: String
        var prefix: String
        var role: String
        var scopes: [String]
        var organizationId: String
        var createdBy: String
        var createdAt: Date
        var lastUsedAt: Date?
        var revokedAt: Date?
        /// Only in the answer to creation: the key is never shown again.
        var key: String?

        init(_ record: APIKeyRecord, key: String? = nil) {
            id = record.id
            name = record.name
            prefix = record.prefix
            role = record.role
            scopes = record.scopes.split(separator: " ").map(String.init)
            organizationId = record.tenant_id
            createdBy = record.created_by
            createdAt = Date(milliseconds: record.created_at)
            lastUsedAt = record.last_used_at.map(Date.init(milliseconds:))
            revokedAt = record.revoked_at.map(Date.init(milliseconds:))
            self.key = key
        }
    }

    struct APIKeys: Encodable {
        var apiKeys: [APIKey]
    }

    /// `POST /v1/token` as JSON; the same fields also arrive form-encoded (RFC 6749 §4.4).
    struct ClientCredentials: Decodable {
        var grantType: String?
        var apiKey: String?
        var clientSecret: String?
    }

    /// The tenant service asks for a token naming another organisation of the same session.
    struct InternalToken: Decodable {
        var sessionId: String
        var userId: String
        var organizationId: String
        var role: String
    }

    struct InternalUser: Encodable {
        var id: String
        var email: String
        var name: String
        var emailVerified: Bool
    }
}
