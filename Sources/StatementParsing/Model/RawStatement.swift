/// What a format reader produces before normalisation and reconciliation: the metadata and SUMMARY the file
/// prints, and its rows exactly as printed, in the file's order.
public struct RawStatement: Sendable, Equatable {
    public var metadata: StatementMetadata
    public var summary: StatementSummary?
    public var rows: [StatementRow]
    /// Problems found while reading that do not stop parsing (a skipped junk row, a repaired wrapped line).
    public var readingFindings: [Finding]
    /// Facts only a PDF carries, for the authenticity checks.
    public var pdfEvidence: PDFEvidence?

    public init(metadata: StatementMetadata, summary: StatementSummary? = nil, rows: [StatementRow], readingFindings: [Finding] = [], pdfEvidence: PDFEvidence? = nil) {
        self.metadata = metadata
        self.summary = summary
        self.rows = rows
        self.readingFindings = readingFindings
        self.pdfEvidence = pdfEvidence
    }
}

/// Page-level facts of a personal PDF used to judge authenticity.
public struct PDFEvidence: Sendable, Equatable, Codable {
    /// For each page in file order, the `N` and `M` of its "Page N of M" line (nil if the line is missing).
    public var pageNumbers: [PageNumber?]
    /// The verification code printed on each page (nil if missing).
    public var verificationCodes: [String?]
    /// The document information dictionary (Creator, Producer, Subject, CreationDate, ModDate).
    public var info: [String: String]

    public struct PageNumber: Sendable, Equatable, Codable {
        public var page: Int
        public var of: Int
        public init(page: Int, of: Int) {
            self.page = page
            self.of = of
        }
    }

    public init(pageNumbers: [PageNumber?], verificationCodes: [String?], info: [String: String]) {
        self.pageNumbers = pageNumbers
        self.verificationCodes = verificationCodes
        self.info = info
    }
}
