import Foundation
import MPesaCore
import StatementParsing
import ZIPFoundation

/// Writes a minimal but valid XLSX workbook with ZIPFoundation: `[Content_Types].xml`, the package and workbook
/// relationships, `xl/workbook.xml`, `xl/styles.xml` (with a date style) and one `xl/worksheets/sheetN.xml` per
/// sheet, holding text (inline strings, or shared strings if asked), numbers, booleans and dates.
///
/// Output is deterministic: entries carry a fixed modification date, so the same sheets give the same bytes.
public struct XLSXWriter: Sendable {
    /// One cell to write.
    public enum Cell: Sendable, Equatable {
        case empty
        case text(String)
        /// A number as decimal text (`1234.50`, `-20`), written as is so no value passes through `Double`.
        case number(String)
        case boolean(Bool)
        /// A date and time, written as an Excel serial with the `yyyy-mm-dd hh:mm:ss` style.
        case date(LocalDateTime)
        /// A date and time written with built-in number format 22 (`m/d/yyyy h:mm`), as Excel's own default.
        case builtInDate(LocalDateTime)
        /// A string produced by a formula (`t="str"`), with its cached value.
        case formulaText(String)
    }

    /// One worksheet: a name and its rows, the first row being sheet row `firstRow`.
    public struct Sheet: Sendable, Equatable {
        public var name: String
        public var rows: [[Cell]]
        public var firstRow: Int

        public init(name: String, rows: [[Cell]], firstRow: Int = 1) {
            self.name = name
            self.rows = rows
            self.firstRow = firstRow
        }
    }

    /// Whether text goes to `xl/sharedStrings.xml` (Excel's habit) rather than inline in the sheet.
    public var usesSharedStrings: Bool
    /// Whether the workbook declares the 1904 date system (old Mac Excel).
    public var uses1904DateSystem: Bool

    public init(usesSharedStrings: Bool = false, uses1904DateSystem: Bool = false) {
        self.usesSharedStrings = usesSharedStrings
        self.uses1904DateSystem = uses1904DateSystem
    }

    /// The workbook's bytes.
    public func write(_ sheets: [Sheet]) throws -> Data {
        precondition(!sheets.isEmpty, "a workbook needs at least one sheet")
        var sharedStrings: [String] = []
        var sharedIndex: [String: Int] = [:]
        var sheetParts: [(path: String, data: Data)] = []
        for (offset, sheet) in sheets.enumerated() {
            var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
            xml += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
            for (rowOffset, row) in sheet.rows.enumerated() {
                let rowNumber = sheet.firstRow + rowOffset
                xml += "<row r=\"\(rowNumber)\">"
                for (column, cell) in row.enumerated() {
                    let reference = Self.columnLetters(column) + String(rowNumber)
                    switch cell {
                    case .empty:
                        continue
                    case .text(let text):
                        if usesSharedStrings {
                            let index = sharedIndex[text] ?? {
                                sharedStrings.append(text)
                                sharedIndex[text] = sharedStrings.count - 1
                                return sharedStrings.count - 1
                            }()
                            xml += "<c r=\"\(reference)\" t=\"s\"><v>\(index)</v></c>"
                        } else {
                            xml += "<c r=\"\(reference)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(Self.escape(text))</t></is></c>"
                        }
                    case .number(let number):
                        xml += "<c r=\"\(reference)\"><v>\(Self.escape(number))</v></c>"
                    case .boolean(let value):
                        xml += "<c r=\"\(reference)\" t=\"b\"><v>\(value ? 1 : 0)</v></c>"
                    case .date(let date):
                        xml += "<c r=\"\(reference)\" s=\"1\"><v>\(serial(date))</v></c>"
                    case .builtInDate(let date):
                        xml += "<c r=\"\(reference)\" s=\"2\"><v>\(serial(date))</v></c>"
                    case .formulaText(let text):
                        xml += "<c r=\"\(reference)\" t=\"str\"><f>\"\(Self.escape(text))\"</f><v>\(Self.escape(text))</v></c>"
                    }
                }
                xml += "</row>"
            }
            xml += "</sheetData></worksheet>"
            sheetParts.append(("xl/worksheets/sheet\(offset + 1).xml", Data(xml.utf8)))
        }

        var contentTypes = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        contentTypes += #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        contentTypes += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        contentTypes += #"<Default Extension="xml" ContentType="application/xml"/>"#
        contentTypes += #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        contentTypes += #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        if usesSharedStrings {
            contentTypes += #"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#
        }
        for index in sheets.indices {
            contentTypes += "<Override PartName=\"/xl/worksheets/sheet\(index + 1).xml\" "
            contentTypes += #"ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        contentTypes += "</Types>"

        var rootRelationships = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        rootRelationships += #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        rootRelationships += #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#
        rootRelationships += "</Relationships>"

        var workbook = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        workbook += #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#
        workbook += #"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        if uses1904DateSystem { workbook += #"<workbookPr date1904="1"/>"# }
        workbook += "<sheets>"
        for (index, sheet) in sheets.enumerated() {
            workbook += "<sheet name=\"\(Self.escape(sheet.name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        workbook += "</sheets></workbook>"

        var workbookRelationships = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        workbookRelationships += #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        let relationshipBase = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        for index in sheets.indices {
            workbookRelationships += "<Relationship Id=\"rId\(index + 1)\" Type=\"\(relationshipBase)/worksheet\" Target=\"worksheets/sheet\(index + 1).xml\"/>"
        }
        workbookRelationships += "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"\(relationshipBase)/styles\" Target=\"styles.xml\"/>"
        if usesSharedStrings {
            workbookRelationships += "<Relationship Id=\"rId\(sheets.count + 2)\" Type=\"\(relationshipBase)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        }
        workbookRelationships += "</Relationships>"

        var parts: [(path: String, data: Data)] = [
            ("[Content_Types].xml", Data(contentTypes.utf8)),
            ("_rels/.rels", Data(rootRelationships.utf8)),
            ("xl/workbook.xml", Data(workbook.utf8)),
            ("xl/_rels/workbook.xml.rels", Data(workbookRelationships.utf8)),
            ("xl/styles.xml", Data(Self.styles.utf8)),
        ]
        if usesSharedStrings {
            var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
            xml += "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"\(sharedStrings.count)\" uniqueCount=\"\(sharedStrings.count)\">"
            for text in sharedStrings { xml += "<si><t xml:space=\"preserve\">\(Self.escape(text))</t></si>" }
            xml += "</sst>"
            parts.append(("xl/sharedStrings.xml", Data(xml.utf8)))
        }
        return try Self.zip(parts + sheetParts)
    }

    private func serial(_ date: LocalDateTime) -> String {
        guard uses1904DateSystem else { return ExcelSerialDate.serial(of: date) }
        // The 1904 system counts 1,462 days fewer than the 1900 system for any date after 1900-03-01.
        let serial = ExcelSerialDate.serial(of: date)
        let parts = serial.split(separator: ".", maxSplits: 1)
        let days = (Int(parts[0]) ?? 0) - 1_462
        return parts.count == 2 ? "\(days).\(parts[1])" : "\(days)"
    }

    /// Packs parts into a ZIP (deflated unless `compress` is false), in the order given.
    public static func zip(_ parts: [(path: String, data: Data)], compress: Bool = true) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for part in parts {
            let data = part.data
            try archive.addEntry(
                with: part.path, type: .file, uncompressedSize: Int64(data.count), modificationDate: fixedDate,
                compressionMethod: compress ? .deflate : .none,
                provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
            )
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    /// The column letters of a 0-based column (0 → `A`, 27 → `AB`).
    public static func columnLetters(_ column: Int) -> String {
        var column = column + 1
        var letters: [UInt8] = []
        while column > 0 {
            let remainder = (column - 1) % 26
            letters.insert(UInt8(0x41 + remainder), at: 0)
            column = (column - 1) / 26
        }
        return String(decoding: letters, as: UTF8.self)
    }

    /// Escapes text for XML content and attributes; characters XML 1.0 cannot hold become `_xHHHH_`, and a
    /// literal `_xHHHH_` is protected as `_x005F_xHHHH_`, as Excel does. Carriage returns are kept as `&#13;`
    /// because parsers fold a raw CR into LF.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\r": result += "&#13;"
            case "\n", "\t": result.unicodeScalars.append(scalar)
            case "_" where looksLikeEscape(scalars, at: index): result += "_x005F_"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    result += "_x" + String(repeating: "0", count: 4 - hex.count) + hex + "_"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    private static func looksLikeEscape(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + 6 < scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_" else { return false }
        return scalars[(index + 2)...(index + 5)].allSatisfy { $0.properties.isASCIIHexDigit }
    }

    private static let fixedDate = Date(timeIntervalSince1970: 1_704_067_200)

    private static let styles = #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\#
        <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd\ hh:mm:ss"/></numFmts>\#
        <fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\#
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\#
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\#
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\#
        <cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\#
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\#
        <xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\#
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\#
        </styleSheet>
        """#
}
