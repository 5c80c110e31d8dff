/// Which cell styles of a workbook format numbers as dates or times, read from `xl/styles.xml`.
///
/// A cell's `s` attribute indexes `cellXfs`; each `xf` names a number format, either built in (ids 14–22 are
/// dates and times, 27–36 and 50–58 locale dates, 45–47 times) or custom (`numFmt` with a `formatCode`, a date
/// when, outside quoted text, escapes and `[…]` sections, it has d, m, y, h or s).
struct XLSXStyles: Sendable {
    /// For each `cellXfs` index, whether the style is a date or time format.
    private var dateStyles: [Bool] = []

    init() {}

    init(xml: XLSXXML.Element) {
        var customDateFormats: [Int: Bool] = [:]
        if let numFmts = XLSXXML.child(of: xml, named: "numFmts") {
            for format in XLSXXML.children(of: numFmts, named: "numFmt") {
                guard let id = XLSXXML.attribute(format, "numFmtId").flatMap({ Int($0) }) else { continue }
                customDateFormats[id] = Self.isDateFormatCode(XLSXXML.attribute(format, "formatCode") ?? "")
            }
        }
        if let cellXfs = XLSXXML.child(of: xml, named: "cellXfs") {
            dateStyles = XLSXXML.children(of: cellXfs, named: "xf").map { xf in
                let id = XLSXXML.attribute(xf, "numFmtId").flatMap { Int($0) } ?? 0
                return customDateFormats[id] ?? Self.isBuiltInDateFormat(id)
            }
        }
    }

    func isDate(styleIndex: Int) -> Bool {
        styleIndex >= 0 && styleIndex < dateStyles.count && dateStyles[styleIndex]
    }

    static func isBuiltInDateFormat(_ id: Int) -> Bool {
        (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id) || (50...58).contains(id)
    }

    static func isDateFormatCode(_ code: String) -> Bool {
        var inQuotes = false
        var inBrackets = false
        var skipNext = false
        for character in code.lowercased() {
            if skipNext {
                skipNext = false
                continue
            }
            if inQuotes {
                if character == "\"" { inQuotes = false }
                continue
            }
            if inBrackets {
                if character == "]" { inBrackets = false }
                continue
            }
            switch character {
            case "\"": inQuotes = true
            case "[": inBrackets = true
            case "\\", "_", "*": skipNext = true
            case "d", "m", "y", "h", "s": return true
            default: continue
            }
        }
        return false
    }
}
