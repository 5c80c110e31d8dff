/// A grid of cells read from one CSV file or one worksheet, addressed by 0-based row and column.
///
/// Two implementations exist, ``CSVTable`` and ``XLSXSheet``; the statement reader is generic over them so the
/// CSV path stays specialised and fast while XLSX keeps its typed cells.
public protocol TabularSheet: Sendable {
    /// The number of non-blank rows kept (blank lines are dropped; ``line(ofRow:)`` still tells where a row was).
    var rowCount: Int { get }
    /// The number of cells in a row (rows may be ragged).
    func columnCount(ofRow row: Int) -> Int
    /// The 1-based line of the row in the file: the sheet row number for XLSX, the physical line a CSV record
    /// starts on.
    func line(ofRow row: Int) -> Int
    /// The cell, or `.empty` past the end of a ragged row.
    func cell(row: Int, column: Int) -> TabularCell
}

extension TabularSheet {
    /// All cells of a row.
    public func cells(ofRow row: Int) -> [TabularCell] {
        (0..<columnCount(ofRow: row)).map { cell(row: row, column: $0) }
    }
}
