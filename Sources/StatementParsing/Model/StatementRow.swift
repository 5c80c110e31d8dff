import Foundation
import MPesaCore

/// One row as the source printed it: a line of a statement's DETAILED STATEMENT, a row of an export, or one SMS.
///
/// Nothing is interpreted here beyond reading values exactly: amounts are magnitudes in cents with the column
/// they were printed in, blanks stay nil, and `rawDetails` keeps the text as extracted for audit.
public struct StatementRow: Sendable, Equatable, Codable {
    /// The M-PESA receipt number (transaction id), e.g. `UCUA1B2C3D`.
    public var receipt: String
    public var completedAt: LocalDateTime
    /// Org-portal exports also print when the transaction was initiated.
    public var initiatedAt: LocalDateTime?
    /// Details with whitespace collapsed and wrapped lines joined (§1.6 of the formats reference).
    public var details: String
    /// Details as extracted, lines separated by `\n`.
    public var rawDetails: String
    public var status: TransactionStatus
    /// The Paid In amount, nil when the cell was blank (or `0.00` in exports that write zeros).
    public var paidIn: Money?
    /// The Withdrawn amount as a positive magnitude (statements print it with a leading minus), nil when blank.
    public var withdrawn: Money?
    /// The running balance after this row, nil when blank.
    public var balance: Money?
    /// Org-portal columns.
    public var reasonType: String?
    public var otherPartyInfo: String?
    public var accountNumber: String?
    public var linkedTransactionID: String?
    /// Where the row was read from, for findings and audit.
    public var source: RowSource

    public init(
        receipt: String,
        completedAt: LocalDateTime,
        initiatedAt: LocalDateTime? = nil,
        details: String,
        rawDetails: String? = nil,
        status: TransactionStatus = .completed,
        paidIn: Money?,
        withdrawn: Money?,
        balance: Money?,
        reasonType: String? = nil,
        otherPartyInfo: String? = nil,
        accountNumber: String? = nil,
        linkedTransactionID: String? = nil,
        source: RowSource
    ) {
        self.receipt = receipt
        self.completedAt = completedAt
        self.initiatedAt = initiatedAt
        self.details = details
        self.rawDetails = rawDetails ?? details
        self.status = status
        self.paidIn = paidIn
        self.withdrawn = withdrawn
        self.balance = balance
        self.reasonType = reasonType
        self.otherPartyInfo = otherPartyInfo
        self.accountNumber = accountNumber
        self.linkedTransactionID = linkedTransactionID
        self.source = source
    }

    /// Paid In minus Withdrawn: the row's effect on the balance, in cents.
    public var netCents: Int64 {
        (paidIn?.cents ?? 0) - (withdrawn?.cents ?? 0)
    }
}

/// Where a row came from.
public struct RowSource: Sendable, Equatable, Codable {
    /// 1-based page of a PDF, or nil.
    public var page: Int?
    /// 1-based line (PDF: row index on the page; CSV/XLSX: row number in the sheet; SMS: message index).
    public var line: Int
    /// 0-based index of the row in the whole statement, in statement order.
    public var index: Int

    public init(page: Int? = nil, line: Int, index: Int) {
        self.page = page
        self.line = line
        self.index = index
    }
}

/// The Transaction Status column.
public enum TransactionStatus: Sendable, Hashable, Codable, CustomStringConvertible {
    case completed
    case failed
    case pending
    case reversed
    case cancelled
    case other(String)

    public init(parsing text: some StringProtocol) {
        switch text.lowercased().trimmingCharacters(in: .whitespaces) {
        case "completed", "complete", "success", "successful": self = .completed
        case "failed", "failure": self = .failed
        case "pending": self = .pending
        case "reversed": self = .reversed
        case "cancelled", "canceled": self = .cancelled
        default: self = .other(String(text))
        }
    }

    /// The status as statements print it (`Completed`, `Failed`), or the original text of an unknown status.
    public var printed: String {
        switch self {
        case .completed: "Completed"
        case .failed: "Failed"
        case .pending: "Pending"
        case .reversed: "Reversed"
        case .cancelled: "Cancelled"
        case .other(let text): text
        }
    }

    public var description: String {
        switch self {
        case .completed: "completed"
        case .failed: "failed"
        case .pending: "pending"
        case .reversed: "reversed"
        case .cancelled: "cancelled"
        case .other(let text): text
        }
    }

    public init(from decoder: any Decoder) throws {
        self.init(parsing: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
