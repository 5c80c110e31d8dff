/// Whether a category holds money coming in or going out.
public enum CategoryGroup: String, Sendable, Codable, Hashable, CaseIterable {
    case income
    case expense
}

/// One category of the taxonomy: a stable slug (what rules, feedback and the ledger store), a display name a tenant
/// may change, and what belongs in it.
public struct CategoryDefinition: Sendable, Codable, Hashable {
    public var slug: String
    public var name: String
    public var group: CategoryGroup
    public var description: String
    /// Shipped with the product (renamable, never deletable) rather than added by the tenant.
    public var isDefault: Bool

    public init(slug: String, name: String, group: CategoryGroup, description: String, isDefault: Bool = false) {
        self.slug = slug
        self.name = name
        self.group = group
        self.description = description
        self.isDefault = isDefault
    }

    /// A slug a tenant may give a new category: 2–48 of a–z, 0–9 and `_`, starting with a letter.
    public static func isValidSlug(_ slug: String) -> Bool {
        let scalars = slug.unicodeScalars
        guard (2...48).contains(scalars.count), let first = scalars.first, ("a"..."z").contains(first) else { return false }
        return scalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
