/// One worksheet of an XLSX workbook as a grid of typed cells.
///
/// Sparse cells are placed by their column letters (`C7` is column 2); rows the sheet does not list, and rows
/// whose every cell is empty, are not kept, but ``line(ofRow:)`` gives each kept row's sheet row number.
public struct XLSXSheet: TabularSheet, Sendable {
    public let name: String
    private let rows: [[TabularCell]]
    private let lines: [Int]

    public init(name: String, rows: [[TabularCell]], lines: [Int]) {
        precondition(rows.count == lines.count, "every row needs its line number")
        self.name = name
        self.rows = rows
        self.lines = lines
    }

    public var rowCount: Int { rows.count }

    public func columnCount(ofRow row: Int) -> Int { rows[row].count }

    public func line(ofRow row: Int) -> Int { lines[row] }

    public func cell(row: Int, column: Int) -> TabularCell {
        let cells = rows[row]
        return column >= 0 && column < cells.count ? cells[column] : .empty
    }

    /// The 0-based column of a cell reference's letters (`A1` → 0, `AB12` → 27); nil if there are no letters or
    /// the column is past Excel's last (`XFD`).
    static func columnIndex(ofReference reference: String) -> Int? {
        var index = 0
        var letters = 0
        for byte in reference.utf8 {
            let upper = byte & ~0x20
            guard upper >= 0x41, upper <= 0x5A else { break }
            index = index * 26 + Int(upper - 0x40)
            letters += 1
            guard letters <= 3 else { return nil }
        }
        guard letters > 0, index <= 16_384 else { return nil }
        return index - 1
    }

    /// The row number of a cell reference (`AB12` → 12).
    static func rowNumber(ofReference reference: String) -> Int? {
        let digits = reference.utf8.drop { ($0 & ~0x20) >= 0x41 && ($0 & ~0x20) <= 0x5A }
        guard !digits.isEmpty, digits.count <= 7 else { return nil }
        return Int(String(decoding: digits, as: UTF8.self))
    }
}
