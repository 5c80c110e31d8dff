import MPesaCore

/// A tenant and the isolation tier its data lives under: what a storage session needs to find the tenant's home.
public struct TenantScope: Sendable, Hashable, CustomStringConvertible {
    public var tenant: TenantID
    public var tier: IsolationTier

    public init(_ tenant: TenantID, tier: IsolationTier) {
        self.tenant = tenant
        self.tier = tier
    }

    public var description: String { "\(tenant.rawValue) (\(tier.rawValue))" }
}

/// A place where a service keeps tables: its own home, or the dedicated home of a schema- or database-tier tenant.
public enum DatabaseHome: Sendable, Hashable, CustomStringConvertible {
    case service
    case tenant(TenantID)

    public var description: String {
        switch self {
        case .service: "service home"
        case .tenant(let id): "home of tenant \(id.rawValue)"
        }
    }
}

extension TenantScope {
    /// The home holding this tenant's rows: the service home for `shared`, a home of its own otherwise.
    public var home: DatabaseHome {
        tier == .shared ? .service : .tenant(tenant)
    }
}
