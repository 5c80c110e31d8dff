import MPesaCore

/// Why a tenant could not be moved between tiers; each message says what to do next.
public enum RelocationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The copy does not match its source; the partial copy was removed.
    case verificationFailed(source: TenantCensus, target: TenantCensus)
    /// Source and copy differ at the switch (writes went on after the copy, or the copy was altered); nothing was
    /// switched.
    case changedSinceCopy(source: TenantCensus, target: TenantCensus)
    /// The tenant's recorded tier is not where the move starts.
    case notInSourceTier(tenant: TenantID, recorded: IsolationTier?, expected: IsolationTier)
    /// The target is the tenant's recorded home: clearing it would destroy live data.
    case targetIsLive(tenant: TenantID, tier: IsolationTier)
    /// A column holds a type the relocator does not copy.
    case unsupportedValue(table: String, column: String, reason: String)
    /// The target refused the rows (for example keys that collide with another tenant's in the shared tier).
    case writeFailed(table: String, reason: String)

    public var description: String {
        switch self {
        case let .verificationFailed(source, target):
            "the copy does not match its source (\(target.differences(from: source).joined(separator: ", "))); it was removed: run the copy again"
        case let .changedSinceCopy(source, target):
            "the source and its copy differ (\(target.differences(from: source).joined(separator: ", "))); pause the tenant's writes and run the copy again before finishing"
        case let .notInSourceTier(tenant, recorded, expected):
            "tenant \(tenant.rawValue) is recorded in the \(recorded?.rawValue ?? "no") tier, not \(expected.rawValue): move it from where it is"
        case let .targetIsLive(tenant, tier):
            "the \(tier.rawValue) tier is tenant \(tenant.rawValue)'s live home; it cannot be cleared as a copy"
        case let .unsupportedValue(table, column, reason):
            "\(table).\(column) holds a value the relocator cannot copy faithfully (\(reason)); use TEXT, BIGINT, BOOLEAN, DOUBLE PRECISION, BYTEA or JSONB"
        case let .writeFailed(table, reason):
            "rows of \(table) could not be written to the target (\(reason)); if keys collide, the table's keys are not unique across tenants"
        }
    }
}
