import Logging
import MPesaCore
import NIOHTTP1
import Platform

/// Which organisations a user belongs to, asked of the tenant service (the authority on membership) whenever a
/// token is minted, so a role change or removal takes effect at the next refresh.
struct TenantMemberships: Sendable {
    struct Membership: Sendable, Codable {
        var tenantId: String
        var role: String
        var status: String
        var name: String?
    }

    struct Listing: Codable {
        var memberships: [Membership]
    }

    struct TenantState: Codable {
        var status: String
    }

    let client: InternalClient
    let logger: Logger

    /// The user's active memberships; empty (and logged) when the tenant service cannot be reached, so login still
    /// works, with a token that names no organisation.
    func list(for userID: String) async -> [Membership]? {
        do {
            let listing = try await client.call(.tenant, .GET, "/internal/v1/users/\(userID)/memberships", as: Listing.self, timeout: .seconds(3))
            return listing.memberships.filter { $0.status == "active" }
        } catch {
            logger.warning("tenant service unreachable; issuing a token without an organisation", metadata: ["error": .string(ErrorText.short(error))])
            return nil
        }
    }

    /// The organisation a new token should name: the requested one, else the session's previous one, else the
    /// first the user belongs to.
    func choose(for userID: String, requested: TenantID?, previous: String?) async -> Membership? {
        guard let memberships = await list(for: userID), !memberships.isEmpty else { return nil }
        if let requested { return memberships.first { $0.tenantId == requested.rawValue } }
        if let previous, let match = memberships.first(where: { $0.tenantId == previous }) { return match }
        return memberships.first
    }

    /// Whether an organisation exists and is not suspended (API keys stop working when it is).
    func isActive(tenant: TenantID) async -> Bool {
        do {
            return try await client.call(.tenant, .GET, "/internal/v1/tenants/\(tenant.rawValue)", as: TenantState.self, timeout: .seconds(3)).status == "active"
        } catch {
            return false
        }
    }
}
