import MPesaCore
import StatementParsing

/// A generated statement: the rows in printed order (newest first), the metadata and SUMMARY it prints, and
/// the ground truth of every row, so tests can check a parser against what was really meant.
public struct SyntheticStatement: Sendable {
    public var metadata: StatementMetadata
    /// The account holder's number in full, as the statement header prints it.
    public var mobileNumber: String
    public var summary: StatementSummary?
    public var rows: [StatementRow]
    public var truth: [RowTruth]

    public init(metadata: StatementMetadata, mobileNumber: String, summary: StatementSummary?, rows: [StatementRow], truth: [RowTruth]) {
        self.metadata = metadata
        self.mobileNumber = mobileNumber
        self.summary = summary
        self.rows = rows
        self.truth = truth
    }
}

/// What a generated row really is.
public struct RowTruth: Sendable, Equatable {
    public enum Role: String, Sendable { case primary, charge, overdraft }
    public var kind: TransactionKind
    public var role: Role

    public init(kind: TransactionKind, role: Role) {
        self.kind = kind
        self.role = role
    }
}
