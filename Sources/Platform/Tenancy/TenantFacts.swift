import MPesaCore

/// What every service needs to know about an organisation, as the tenant service answers it on
/// `GET /internal/v1/tenants/{id}` and ``TenantDirectory`` caches it.
public struct TenantFacts: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        case active
        case suspended
        /// Deletion requested; still readable (and restorable) until the grace period ends.
        case deleting
        case deleted
    }

    public var id: String
    public var name: String
    public var status: Status
    public var tier: IsolationTier
    /// Set while the organisation's data moves to another tier: services refuse writes, reads continue.
    public var relocatingTo: IsolationTier?
    public var plan: Plan

    public init(id: String, name: String, status: Status, tier: IsolationTier, relocatingTo: IsolationTier?, plan: Plan) {
        self.id = id
        self.name = name
        self.status = status
        self.tier = tier
        self.relocatingTo = relocatingTo
        self.plan = plan
    }

    /// Whether the organisation's members may use it (suspended and deleted organisations are refused).
    public var isUsable: Bool { status == .active || status == .deleting }
}
