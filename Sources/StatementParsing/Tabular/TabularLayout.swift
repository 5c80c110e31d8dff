/// The three table layouts M-PESA statements come in as CSV or spreadsheet files (formats reference §1.5, §2).
public enum TabularLayout: String, Sendable, CaseIterable, Codable {
    /// A personal statement converted to CSV/XLSX: the 7 standard columns, times `YYYY-MM-DD HH:MM:SS`.
    case personal
    /// The org-portal "classic" export: a label/value preamble, then 13 columns (+ Currency), day-first times.
    case businessClassic = "business_classic"
    /// The newer org-portal export: 7 columns with `(KSHs)` amount headers, `DD/MM/YYYY` times, zeros as `0.00`.
    case business

    /// The header cells as the layout prints them.
    public var columnTitles: [String] {
        switch self {
        case .personal:
            ["Receipt No.", "Completion Time", "Details", "Transaction Status", "Paid In", "Withdrawn", "Balance"]
        case .businessClassic:
            [
                "Receipt No.", "Completion Time", "Initiation Time", "Details", "Transaction Status", "Paid In", "Withdrawn",
                "Balance", "Balance Confirmed", "Reason Type", "Other Party Info", "Linked Transaction ID", "A/C No.",
            ]
        case .business:
            ["Receipt No", "Completion Time", "Details", "Transaction Status", "Paid In (KSHs)", "Withdrawn (KSHs)", "Balance (KSHs)"]
        }
    }

    /// The statement format of a file in this layout.
    public func format(in container: TabularContainer) -> StatementFormat {
        switch (self, container) {
        case (.personal, .csv): .personalCSV
        case (.personal, .xlsx): .personalXLSX
        case (.businessClassic, .csv): .businessClassicCSV
        case (.businessClassic, .xlsx): .businessClassicXLSX
        case (.business, .csv): .businessCSV
        case (.business, .xlsx): .businessXLSX
        }
    }
}

/// The kind of file a table came from; legacy `.xls` files are converted to XLSX and count as XLSX.
public enum TabularContainer: String, Sendable, Codable {
    case csv
    case xlsx
}
