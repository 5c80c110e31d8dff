/// What a token may do. A user's token carries every scope of the user's role in the organisation; an API key
/// carries the scopes it was created with, never more than its creator's role allows.
public enum Scope {
    public static let read = "read"
    public static let writeStatements = "statements:write"
    public static let writeTransactions = "transactions:write"
    public static let writeRules = "rules:write"
    public static let manageWebhooks = "webhooks:manage"
    public static let manageMembers = "members:manage"
    public static let manageSettings = "settings:manage"
    public static let manageAPIKeys = "api_keys:manage"
    public static let manageBilling = "billing:manage"
    public static let deleteOrganization = "organization:delete"

    public static let all: [String] = [
        read, writeStatements, writeTransactions, writeRules, manageWebhooks, manageMembers, manageSettings, manageAPIKeys, manageBilling,
        deleteOrganization,
    ]

    /// The scopes a role grants.
    public static func granted(to role: Role) -> [String] {
        switch role {
        case .viewer: [read]
        case .analyst: [read, writeStatements, writeTransactions, writeRules]
        case .admin: [read, writeStatements, writeTransactions, writeRules, manageWebhooks, manageMembers, manageSettings, manageAPIKeys]
        case .owner: all
        }
    }
}
