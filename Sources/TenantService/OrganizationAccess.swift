import MPesaCore
import Platform
import SQLKit

/// Who may do what in an organisation, decided from the membership table (the tenant service owns it, so a role
/// change or removal takes effect here at once) and the token.
///
/// A person's token must act for the organisation it touches (`tid`), except to read it or switch to it; an API
/// key's token acts only for its own organisation, with its own role and scopes. Anyone else gets 404, exactly as
/// for an id that does not exist.
struct OrganizationAccess: Sendable {
    struct Grant: Sendable {
        let organization: OrganizationRecord
        let role: Role
        let caller: Caller
        /// The membership, for a person; nil for an API key.
        let membership: MembershipRecord?

        var tenant: TenantID { try! TenantID(organization.id) }
        var actor: String { caller.userID }

        func require(_ minimum: Role) throws {
            guard role >= minimum else {
                throw Problem.forbidden("This needs the \(minimum.rawValue) role or higher in this organisation; your role is \(role.rawValue)")
            }
        }
    }

    enum Need {
        /// Reading the organisation itself or switching to it: any membership, whichever organisation the token is for.
        case membership
        /// Everything else: the token must act for this organisation.
        case boundToken
    }

    let database: any DatabaseProvider

    func grant(_ caller: Caller, organization id: String, need: Need = .boundToken, scope: String? = nil) async throws -> Grant {
        guard TenantID.isValid(id) else { throw TenantProblem.organizationNotFound(id) }
        let (organization, membership) = try await database.withTransaction { db -> (OrganizationRecord?, MembershipRecord?) in
            guard let organization = try await OrganizationStore.find(id, on: db), organization.status != "deleted" else { return (nil, nil) }
            return (organization, try await MembershipStore.find(tenant: id, user: caller.userID, on: db))
        }
        guard let organization else { throw TenantProblem.organizationNotFound(id) }
        if let membership {
            if need == .boundToken, caller.tenantID?.rawValue != id { throw TenantProblem.switchFirst }
            if let scope, caller.tenantID?.rawValue == id { try caller.require(scope: scope) }
            return Grant(organization: organization, role: membership.memberRole, caller: caller, membership: membership)
        }
        // An API key (or any non-member token) acts only within the organisation it is bound to.
        guard !caller.userID.hasPrefix("usr_"), caller.tenantID?.rawValue == id, let role = caller.role else {
            throw TenantProblem.organizationNotFound(id)
        }
        if let scope { try caller.require(scope: scope) }
        return Grant(organization: organization, role: role, caller: caller, membership: nil)
    }
}
