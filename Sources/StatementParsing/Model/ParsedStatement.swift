import MPesaCore

/// Everything read from one statement file (or one batch of SMS): metadata, the rows as printed, the normalised
/// transactions, the SUMMARY table when there is one, and the reconciliation report.
public struct ParsedStatement: Sendable, Equatable, Codable {
    public var metadata: StatementMetadata
    public var summary: StatementSummary?
    public var rows: [StatementRow]
    public var transactions: [ParsedTransaction]
    public var reconciliation: ReconciliationReport

    public init(metadata: StatementMetadata, summary: StatementSummary?, rows: [StatementRow], transactions: [ParsedTransaction], reconciliation: ReconciliationReport) {
        self.metadata = metadata
        self.summary = summary
        self.rows = rows
        self.transactions = transactions
        self.reconciliation = reconciliation
    }
}

/// What the statement says about itself.
public struct StatementMetadata: Sendable, Equatable, Codable {
    public var format: StatementFormat
    public var customerName: String?
    /// The account holder's number with the middle digits masked (`0712***678`); the full number is never kept.
    public var maskedMobile: String?
    public var email: String?
    /// Org exports: the organisation, its shortcode and account.
    public var organization: String?
    public var shortcode: String?
    public var account: String?
    /// The statement period as printed, local dates.
    public var periodStart: LocalDateTime?
    public var periodEnd: LocalDateTime?
    public var requestDate: LocalDateTime?
    /// The 8-character Statement Verification Code printed on every page of a personal PDF.
    public var verificationCode: String?
    public var pageCount: Int?
    /// PDF document information (Creator, Producer, Subject, dates), as read by poppler.
    public var pdfInfo: [String: String]?
    /// Org exports print balances; personal statements do not, so they are derived from the oldest row.
    public var openingBalanceCents: Int64?
    public var closingBalanceCents: Int64?

    public init(format: StatementFormat) {
        self.format = format
    }

    /// Masks a phone number for output: the first four and last three digits stay.
    public static func mask(_ phone: String) -> String {
        let digits = phone.filter(\.isNumber)
        guard digits.count >= 9 else { return String(repeating: "*", count: digits.count) }
        return String(digits.prefix(4)) + String(repeating: "*", count: digits.count - 7) + String(digits.suffix(3))
    }
}

/// The SUMMARY table of a personal statement: paid in and paid out per category, and the TOTAL row.
public struct StatementSummary: Sendable, Equatable, Codable {
    public struct Line: Sendable, Equatable, Codable {
        public var label: String
        public var paidInCents: Int64
        public var paidOutCents: Int64

        public init(label: String, paidInCents: Int64, paidOutCents: Int64) {
            self.label = label
            self.paidInCents = paidInCents
            self.paidOutCents = paidOutCents
        }
    }

    /// The category rows in printed order (SEND MONEY … OTHERS), without TOTAL.
    public var lines: [Line]
    public var totalPaidInCents: Int64
    public var totalPaidOutCents: Int64

    public init(lines: [Line], totalPaidInCents: Int64, totalPaidOutCents: Int64) {
        self.lines = lines
        self.totalPaidInCents = totalPaidInCents
        self.totalPaidOutCents = totalPaidOutCents
    }
}

/// Which format a file is.
public enum StatementFormat: String, Sendable, Codable, CaseIterable {
    /// Safaricom's personal statement PDF.
    case personalPDF = "personal_pdf"
    /// A personal statement converted to CSV or XLSX (the 7 standard columns).
    case personalCSV = "personal_csv"
    case personalXLSX = "personal_xlsx"
    /// The org-portal export with its preamble and 13 columns.
    case businessClassicXLSX = "business_classic_xlsx"
    case businessClassicCSV = "business_classic_csv"
    /// The newer org-portal "Statements for <shortcode>" export (`(KSHs)` headers).
    case businessCSV = "business_csv"
    case businessXLSX = "business_xlsx"
    /// Pasted SMS confirmations.
    case sms

    /// Formats whose files can carry evidence of authenticity (verification code, producer metadata).
    public var canBeAuthenticated: Bool { self == .personalPDF }
}
