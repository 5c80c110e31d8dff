import MPesaCore

/// One cell of a CSV row or spreadsheet row, as typed as the file tells: CSV cells are always text, XLSX cells
/// can also be numbers (kept as the decimal text the sheet stores, so amounts never pass through `Double`),
/// booleans and dates (numbers with a date style, converted from Excel serials).
public enum TabularCell: Sendable, Hashable {
    case empty
    case text(String)
    /// A numeric cell's value exactly as written in the sheet XML, e.g. `1234.5`, `-20`, `45483.5625`, `1E-3`.
    case number(String)
    case boolean(Bool)
    /// A numeric cell formatted as a date or time, converted from its Excel serial (wall-clock, no zone shift).
    case date(LocalDateTime)

    /// The cell as text: numbers as written, booleans as `TRUE`/`FALSE`, dates as `YYYY-MM-DD HH:MM:SS`.
    public var text: String {
        switch self {
        case .empty: ""
        case .text(let text), .number(let text): text
        case .boolean(let value): value ? "TRUE" : "FALSE"
        case .date(let date): date.description
        }
    }

    /// True for an empty cell and for text that is only whitespace.
    public var isBlank: Bool {
        switch self {
        case .empty: true
        case .text(let text): text.unicodeScalars.allSatisfy(\.properties.isWhitespace)
        case .number(let text): text.isEmpty
        case .boolean, .date: false
        }
    }
}
