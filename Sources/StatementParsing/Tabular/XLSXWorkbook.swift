import Foundation
import MPesaCore

/// An XLSX workbook read from its bytes: the sheet list, shared strings, date styles and each sheet's cells.
///
/// The ZIP is opened with ZIPFoundation under the limits of ``TabularLimits`` (see ``XLSXPackage``) and the XML
/// parts are read with SWXMLHash. Cells come out typed: shared, inline and formula (`t="str"`) strings as text,
/// numbers as their exact decimal text, booleans, and numbers with a date style as ``LocalDateTime``.
/// Sheets are parsed on demand, so a statement on the first sheet never pays for the others.
public struct XLSXWorkbook: Sendable {
    /// The sheet names in workbook order.
    public let sheetNames: [String]
    /// Whether dates count from 1904 (old Mac workbooks) rather than 1900.
    public let uses1904DateSystem: Bool

    private let sheetParts: [Data]
    private let sheetPaths: [String]
    private let sharedStrings: [String]
    private let styles: XLSXStyles
    private let limits: TabularLimits

    public init(data: Data, limits: TabularLimits = .default) throws(StatementParseError) {
        var package = try XLSXPackage(data: data, limits: limits)
        self.limits = limits

        let workbookPath = try Self.officeDocumentPath(in: &package)
        guard let workbookData = try package.extract(workbookPath) else {
            throw .notAStatement("the ZIP archive is not an Excel workbook (it has no \(workbookPath))")
        }
        let workbook = try XLSXXML.parse(workbookData, part: workbookPath)
        let directory = workbookPath.split(separator: "/").dropLast().joined(separator: "/")
        let folder = directory.isEmpty ? "" : directory + "/"
        let relationshipsPath = folder + "_rels/" + (workbookPath.split(separator: "/").last.map(String.init) ?? "") + ".rels"
        var relationships: [String: (type: String, target: String)] = [:]
        if let relationshipData = try package.extract(relationshipsPath) {
            let xml = try XLSXXML.parse(relationshipData, part: relationshipsPath)
            for relationship in XLSXXML.children(of: xml, named: "Relationship") {
                guard let id = XLSXXML.attribute(relationship, "Id"), let target = XLSXXML.attribute(relationship, "Target") else { continue }
                relationships[id] = (XLSXXML.attribute(relationship, "Type") ?? "", Self.resolve(target, relativeTo: directory))
            }
        }

        if let properties = XLSXXML.child(of: workbook, named: "workbookPr"), let flag = XLSXXML.attribute(properties, "date1904") {
            uses1904DateSystem = flag == "1" || flag.lowercased() == "true"
        } else {
            uses1904DateSystem = false
        }

        var names: [String] = []
        var parts: [Data] = []
        var paths: [String] = []
        let sheetList = XLSXXML.child(of: workbook, named: "sheets").map { XLSXXML.children(of: $0, named: "sheet") } ?? []
        for (offset, sheet) in sheetList.enumerated() {
            let id = XLSXXML.attribute(sheet, "id") ?? ""
            let path = relationships[id]?.target ?? folder + "worksheets/sheet\(offset + 1).xml"
            guard let part = try package.extract(path) else { continue }
            names.append(XLSXXML.attribute(sheet, "name") ?? "Sheet\(offset + 1)")
            parts.append(part)
            paths.append(path)
        }
        sheetNames = names
        sheetParts = parts
        sheetPaths = paths

        func relatedPath(_ typeSuffix: String, fallback: String) -> String {
            relationships.values.first { $0.type.hasSuffix(typeSuffix) }?.target ?? folder + fallback
        }
        let sharedStringsPath = relatedPath("/sharedStrings", fallback: "sharedStrings.xml")
        if let data = try package.extract(sharedStringsPath) {
            var strings: [String] = []
            try XLSXXML.forEachPiece(data, part: sharedStringsPath, container: "sst", item: "si") { (sst) throws(StatementParseError) in
                strings += XLSXXML.children(of: sst, named: "si").map(XLSXXML.stringItemText)
            }
            sharedStrings = strings
        } else {
            sharedStrings = []
        }
        let stylesPath = relatedPath("/styles", fallback: "styles.xml")
        if let data = try package.extract(stylesPath) {
            styles = XLSXStyles(xml: try XLSXXML.parse(data, part: stylesPath))
        } else {
            styles = XLSXStyles()
        }
    }

    /// Parses one sheet.
    public func sheet(at index: Int) throws(StatementParseError) -> XLSXSheet {
        var rows: [[TabularCell]] = []
        var lines: [Int] = []
        var previousLine = 0
        try XLSXXML.forEachPiece(sheetParts[index], part: sheetPaths[index], container: "sheetData", item: "row") {
            (sheetData) throws(StatementParseError) in
            for row in XLSXXML.children(of: sheetData, named: "row") {
                let line = XLSXXML.attribute(row, "r").flatMap { Int($0) } ?? previousLine + 1
                previousLine = line
                var cells: [TabularCell] = []
                var nextColumn = 0
                var hasValue = false
                for cellElement in XLSXXML.children(of: row, named: "c") {
                    let column = XLSXXML.attribute(cellElement, "r").flatMap(XLSXSheet.columnIndex(ofReference:)) ?? nextColumn
                    nextColumn = column + 1
                    let value = try cell(cellElement, sheet: index)
                    if case .empty = value { continue }
                    guard column < limits.maxColumns else {
                        throw .tooLarge("sheet “\(sheetNames[index])” has a value in column \(column + 1), past the limit of \(limits.maxColumns)")
                    }
                    if cells.count <= column { cells.append(contentsOf: repeatElement(.empty, count: column + 1 - cells.count)) }
                    cells[column] = value
                    hasValue = true
                }
                guard hasValue else { continue }
                rows.append(cells)
                lines.append(line)
                guard rows.count <= limits.maxRows else {
                    throw .tooLarge("sheet “\(sheetNames[index])” has more than \(limits.maxRows) rows")
                }
            }
        }
        return XLSXSheet(name: sheetNames[index], rows: rows, lines: lines)
    }

    private func cell(_ element: XLSXXML.Element, sheet: Int) throws(StatementParseError) -> TabularCell {
        let type = XLSXXML.attribute(element, "t") ?? "n"
        let value = XLSXXML.child(of: element, named: "v")?.text
        switch type {
        case "s":
            guard let value else { return .empty }
            guard let index = Int(value.trimmingCharacters(in: .whitespaces)), index >= 0, index < sharedStrings.count else {
                throw .corrupt("a cell of sheet “\(sheetNames[sheet])” refers to shared string \(value), which does not exist")
            }
            return sharedStrings[index].isEmpty ? .empty : .text(sharedStrings[index])
        case "inlineStr":
            let text = XLSXXML.child(of: element, named: "is").map(XLSXXML.stringItemText) ?? value ?? ""
            return text.isEmpty ? .empty : .text(text)
        case "str", "e":
            guard let value, !value.isEmpty else { return .empty }
            return .text(XLSXXML.decodeEscapes(value))
        case "b":
            guard let value else { return .empty }
            return .boolean(value.trimmingCharacters(in: .whitespaces) == "1" || value.lowercased() == "true")
        case "d":
            guard let value, !value.isEmpty else { return .empty }
            return TabularValueParser.dateTime(text: String(value.prefix(19))).map(TabularCell.date) ?? .text(value)
        default:
            guard let value else { return .empty }
            let number = value.trimmingCharacters(in: .whitespaces)
            guard !number.isEmpty else { return .empty }
            if let style = XLSXXML.attribute(element, "s").flatMap({ Int($0) }), styles.isDate(styleIndex: style),
                let date = ExcelSerialDate.localDateTime(fromSerial: number, uses1904DateSystem: uses1904DateSystem)
            {
                return .date(date)
            }
            return .number(number)
        }
    }

    /// The main workbook part named by `_rels/.rels` (normally `xl/workbook.xml`).
    private static func officeDocumentPath(in package: inout XLSXPackage) throws(StatementParseError) -> String {
        if let data = try package.extract("_rels/.rels") {
            let xml = try XLSXXML.parse(data, part: "_rels/.rels")
            for relationship in XLSXXML.children(of: xml, named: "Relationship") {
                guard let type = XLSXXML.attribute(relationship, "Type"), type.hasSuffix("/officeDocument"),
                    let target = XLSXXML.attribute(relationship, "Target")
                else { continue }
                return resolve(target, relativeTo: "")
            }
        }
        return "xl/workbook.xml"
    }

    /// Resolves a relationship target against the folder of the part that names it.
    static func resolve(_ target: String, relativeTo directory: String) -> String {
        var components: [Substring] = target.hasPrefix("/") ? [] : directory.split(separator: "/")
        for component in target.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(component)
            }
        }
        return components.joined(separator: "/")
    }
}
