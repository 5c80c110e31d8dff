import MPesaCore

/// Roles within an organisation, ordered by what they may do.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    case viewer
    case analyst
    case admin
    case owner

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .analyst: 1
        case .admin: 2
        case .owner: 3
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}

/// Who is making a request, as proven by a verified access token.
public struct Caller: Sendable, Equatable {
    public var userID: String
    public var tenantID: TenantID?
    public var role: Role?
    public var scopes: Set<String>
    public var tokenID: String
    public var expiresAt: Int64
    public var isPlatformAdmin: Bool
    /// The session behind the token; nil for API-key tokens.
    public var sessionID: String?

    public init(userID: String, tenantID: TenantID?, role: Role?, scopes: Set<String>, tokenID: String, expiresAt: Int64, isPlatformAdmin: Bool, sessionID: String? = nil) {
        self.userID = userID
        self.tenantID = tenantID
        self.role = role
        self.scopes = scopes
        self.tokenID = tokenID
        self.expiresAt = expiresAt
        self.isPlatformAdmin = isPlatformAdmin
        self.sessionID = sessionID
    }

    /// Throws 403 unless the token carries `scope` (API keys are limited to the scopes they were given).
    public func require(scope: String) throws {
        guard scopes.contains(scope) else {
            throw Problem.forbidden("This action needs the `\(scope)` scope, which this token does not have")
        }
    }

    /// Throws 403 unless the caller is a platform administrator.
    public func requirePlatformAdmin() throws {
        guard isPlatformAdmin else { throw Problem.forbidden("This action is for platform administrators") }
    }

    /// The caller's tenant, or 403 if the token acts for no organisation.
    public func requireTenant() throws -> TenantID {
        guard let tenantID else {
            throw Problem.forbidden("This token is not bound to an organisation; switch to one with POST /api/v1/tenant/organizations/{id}/switch")
        }
        return tenantID
    }

    /// Throws 403 unless the caller holds at least `role` in its organisation.
    public func require(role minimum: Role) throws {
        guard let role, role >= minimum else {
            throw Problem.forbidden("This action needs the \(minimum.rawValue) role or higher; your role is \(role?.rawValue ?? "none")")
        }
    }
}
