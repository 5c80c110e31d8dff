/// The result of checking a statement against itself: the balance chain, the SUMMARY totals, receipt dates,
/// page numbering, verification codes and document metadata.
///
/// - `verified`: every hard check passed and the file carries Safaricom's marks of authenticity.
/// - `inconsistent`: some figure does not add up (an edited amount, a missing page, a broken chain).
/// - `unverifiable`: nothing contradicts itself, but the format cannot prove where it came from (CSV, XLSX,
///   SMS), or the evidence is missing.
public struct ReconciliationReport: Sendable, Equatable, Codable {
    public enum Verdict: String, Sendable, Codable {
        case verified
        case inconsistent
        case unverifiable
    }

    public var verdict: Verdict
    public var findings: [Finding]
    /// Which checks ran and whether they passed, by name (`balance_chain`, `summary_totals`, …).
    public var checks: [String: CheckOutcome]

    public init(verdict: Verdict, findings: [Finding], checks: [String: CheckOutcome]) {
        self.verdict = verdict
        self.findings = findings
        self.checks = checks
    }

    public enum CheckOutcome: String, Sendable, Codable {
        case passed
        case failed
        case warning
        case notApplicable = "not_applicable"
    }
}

/// One thing reconciliation noticed, tied to the row it concerns when there is one.
public struct Finding: Sendable, Equatable, Codable {
    public enum Severity: String, Sendable, Codable, Comparable {
        case info
        case warning
        case error

        private var rank: Int {
            switch self {
            case .info: 0
            case .warning: 1
            case .error: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// A stable machine-readable code, e.g. `balance_mismatch`, `summary_total_mismatch`, `receipt_date_mismatch`.
    public var code: String
    public var severity: Severity
    public var message: String
    /// The row's index in `rows`, and its receipt, when the finding concerns one row.
    public var rowIndex: Int?
    public var receipt: String?
    public var page: Int?

    public init(code: String, severity: Severity, message: String, rowIndex: Int? = nil, receipt: String? = nil, page: Int? = nil) {
        self.code = code
        self.severity = severity
        self.message = message
        self.rowIndex = rowIndex
        self.receipt = receipt
        self.page = page
    }
}
