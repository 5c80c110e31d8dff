/// Bounds that keep a hostile or accidental upload from exhausting memory or time: input size, rows, columns,
/// and for XLSX the ZIP container (entry count, expanded size, compression ratio).
///
/// Exceeding any of them is reported as ``StatementParseError/tooLarge(_:)``.
public struct TabularLimits: Sendable, Equatable {
    /// The largest file accepted, in bytes (CSV text, or the XLSX/XLS file itself).
    public var maxInputBytes: Int
    /// The most rows a table may have.
    public var maxRows: Int
    /// The most cells a row may have.
    public var maxColumns: Int
    /// The most entries an XLSX ZIP may hold.
    public var maxZipEntries: Int
    /// The most bytes all needed XLSX parts may expand to, together.
    public var maxUncompressedBytes: Int
    /// The largest expansion factor allowed for a ZIP entry larger than ``ratioCheckThreshold`` bytes.
    public var maxCompressionRatio: Int
    /// Entries smaller than this are not ratio-checked (small XML compresses very well and is harmless).
    public var ratioCheckThreshold: Int

    public init(
        maxInputBytes: Int = 100 * 1024 * 1024,
        maxRows: Int = 1_000_000,
        maxColumns: Int = 512,
        maxZipEntries: Int = 1_000,
        maxUncompressedBytes: Int = 200 * 1024 * 1024,
        maxCompressionRatio: Int = 200,
        ratioCheckThreshold: Int = 1024 * 1024
    ) {
        self.maxInputBytes = maxInputBytes
        self.maxRows = maxRows
        self.maxColumns = maxColumns
        self.maxZipEntries = maxZipEntries
        self.maxUncompressedBytes = maxUncompressedBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.ratioCheckThreshold = ratioCheckThreshold
    }

    /// The defaults: 100 MB files, a million rows, 512 columns, 1,000 ZIP entries expanding to at most 200 MB.
    public static let `default` = TabularLimits()
}
