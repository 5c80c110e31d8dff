import Foundation
import MPesaCore
import StatementGeneration
import StatementParsing
import Testing

@Suite("XLSX workbook reader")
struct XLSXWorkbookTests {
    /// A workbook built from hand-written parts, to exercise what other writers (Excel, LibreOffice) produce.
    static func workbook(sheet: String, sharedStrings: [String]? = nil, styles: String? = nil, workbookProperties: String = "") throws -> Data {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var parts: [(path: String, data: Data)] = [
            ("_rels/.rels", Data("""
                <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="\(relationships)/officeDocument" Target="/xl/workbook.xml"/></Relationships>
                """.utf8)),
            ("xl/workbook.xml", Data("""
                <?xml version="1.0" encoding="UTF-8"?><x:workbook xmlns:x="\(main)" xmlns:r="\(relationships)">\(workbookProperties)\
                <x:sheets><x:sheet name="Data" sheetId="1" r:id="rId7"/></x:sheets></x:workbook>
                """.utf8)),
            ("xl/_rels/workbook.xml.rels", Data("""
                <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId7" Type="\(relationships)/worksheet" Target="worksheets/../worksheets/data.xml"/>\
                <Relationship Id="rId8" Type="\(relationships)/sharedStrings" Target="strings.xml"/>\
                <Relationship Id="rId9" Type="\(relationships)/styles" Target="styles.xml"/></Relationships>
                """.utf8)),
            ("xl/worksheets/data.xml", Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?><x:worksheet xmlns:x=\"\(main)\"><x:sheetData>\(sheet)</x:sheetData></x:worksheet>".utf8)),
        ]
        if let sharedStrings {
            let items = sharedStrings.map { "<si>\($0)</si>" }.joined()
            parts.append(("xl/strings.xml", Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"\(main)\">\(items)</sst>".utf8)))
        }
        if let styles {
            parts.append(("xl/styles.xml", Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"\(main)\">\(styles)</styleSheet>".utf8)))
        }
        return try XLSXWriter.zip(parts)
    }

    @Test("shared, rich-text, inline and formula strings, numbers and booleans are read with their types")
    func cellTypes() throws {
        let data = try Self.workbook(
            sheet: """
                <x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c>\
                <x:c r="C1" t="inlineStr"><x:is><x:t xml:space="preserve"> padded </x:t></x:is></x:c>\
                <x:c r="D1" t="str"><x:f>CONCAT("a","b")</x:f><x:v>ab</x:v></x:c><x:c r="E1"><x:v>-1234.5</x:v></x:c>\
                <x:c r="F1" t="b"><x:v>1</x:v></x:c><x:c r="G1" t="e"><x:v>#N/A</x:v></x:c><x:c r="H1" t="s"><x:v>2</x:v></x:c></x:row>
                """,
            sharedStrings: [
                "<t>Müller &amp; Ngʼang'a</t>", "<r><rPr><b/></rPr><t>Bold </t></r><r><t>and plain</t></r><rPh><t>ignored</t></rPh>",
                "<t>line_x000D_\nbreak</t>",
            ]
        )
        let workbook = try XLSXWorkbook(data: data)
        #expect(workbook.sheetNames == ["Data"])
        let sheet = try workbook.sheet(at: 0)
        #expect(sheet.cells(ofRow: 0) == [
            .text("Müller & Ngʼang'a"), .text("Bold and plain"), .text(" padded "), .text("ab"), .number("-1234.5"), .boolean(true),
            .text("#N/A"), .text("line\r\nbreak"),
        ])
    }

    @Test("sparse cells land in the column their letters name, and missing rows keep true line numbers")
    func sparseCells() throws {
        let data = try Self.workbook(sheet: """
            <x:row r="2"><x:c r="C2" t="inlineStr"><x:is><x:t>c</x:t></x:is></x:c><x:c r="AB2"><x:v>7</x:v></x:c></x:row>\
            <x:row r="5"><x:c r="A5"><x:v>1</x:v></x:c><x:c><x:v>2</x:v></x:c></x:row><x:row r="6"/>
            """)
        let sheet = try XLSXWorkbook(data: data).sheet(at: 0)
        #expect(sheet.rowCount == 2)
        #expect(sheet.line(ofRow: 0) == 2)
        #expect(sheet.line(ofRow: 1) == 5)
        #expect(sheet.columnCount(ofRow: 0) == 28)
        #expect(sheet.cell(row: 0, column: 2) == .text("c"))
        #expect(sheet.cell(row: 0, column: 27) == .number("7"))
        #expect(sheet.cells(ofRow: 1) == [.number("1"), .number("2")], "a cell without a reference follows the previous one")
    }

    @Test(
        "numbers with a date style become local times; other numbers stay numbers",
        arguments: [
            ("<numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy hh:mm:ss\"/>", 164, true),
            ("<numFmt numFmtId=\"165\" formatCode=\"[$-409]d\\-mmm\\-yy;@\"/>", 165, true),
            ("<numFmt numFmtId=\"166\" formatCode=\"#,##0.00&quot;KSh&quot;\"/>", 166, false),
            ("<numFmt numFmtId=\"167\" formatCode=\"[Red]0.00_);\\(0.00\\)\"/>", 167, false),
            ("", 14, true), ("", 22, true), ("", 20, true), ("", 4, false), ("", 0, false),
        ]
    )
    func dateStyles(customFormat: String, formatID: Int, isDate: Bool) throws {
        let styles = "<numFmts>\(customFormat)</numFmts><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"\(formatID)\"/></cellXfs>"
        let data = try Self.workbook(sheet: "<x:row r=\"1\"><x:c r=\"A1\" s=\"1\"><x:v>45483.5625</x:v></x:c></x:row>", styles: styles)
        let cell = try XLSXWorkbook(data: data).sheet(at: 0).cell(row: 0, column: 0)
        #expect(cell == (isDate ? .date(TabularFixtures.time(2024, 7, 10, 13, 30, 0)) : .number("45483.5625")))
    }

    @Test("the 1904 date system shifts serials by 1,462 days")
    func dateSystem1904() throws {
        let styles = "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"22\"/></cellXfs>"
        let data = try Self.workbook(
            sheet: "<x:row r=\"1\"><x:c r=\"A1\" s=\"1\"><x:v>44021.5625</x:v></x:c></x:row>", styles: styles,
            workbookProperties: "<x:workbookPr date1904=\"1\"/>"
        )
        let workbook = try XLSXWorkbook(data: data)
        #expect(workbook.uses1904DateSystem)
        #expect(try workbook.sheet(at: 0).cell(row: 0, column: 0) == .date(TabularFixtures.time(2024, 7, 10, 13, 30, 0)))
    }

    @Test(
        "Excel serials convert to wall-clock times without a zone shift",
        arguments: [
            ("1", LocalDateTime?.some(TabularFixtures.time(1900, 1, 1, 0, 0, 0))),
            ("59", TabularFixtures.time(1900, 2, 28, 0, 0, 0)),
            ("60", nil),
            ("61", TabularFixtures.time(1900, 3, 1, 0, 0, 0)),
            ("45292", TabularFixtures.time(2024, 1, 1, 0, 0, 0)),
            ("45483.5625", TabularFixtures.time(2024, 7, 10, 13, 30, 0)),
            ("45483.562500000007", TabularFixtures.time(2024, 7, 10, 13, 30, 0)),
            ("45483.99999999", TabularFixtures.time(2024, 7, 11, 0, 0, 0)),
            ("4.54835625E4", TabularFixtures.time(2024, 7, 10, 13, 30, 0)),
            ("0.5", nil), ("-1", nil), ("abc", nil),
        ]
    )
    func excelSerials(serial: String, expected: LocalDateTime?) {
        #expect(ExcelSerialDate.localDateTime(fromSerial: serial) == expected)
    }

    @Test("writing a serial and reading it back gives the same second, for many times of day")
    func serialRoundTrip() {
        var generator = TabularSeededGenerator(seed: 7)
        for _ in 0..<500 {
            let time = TabularFixtures.time(
                Int.random(in: 1901...2199, using: &generator), Int.random(in: 1...12, using: &generator), Int.random(in: 1...28, using: &generator),
                Int.random(in: 0...23, using: &generator), Int.random(in: 0...59, using: &generator), Int.random(in: 0...59, using: &generator)
            )
            #expect(ExcelSerialDate.localDateTime(fromSerial: ExcelSerialDate.serial(of: time)) == time)
        }
    }

    @Test("numeric amount cells are converted exactly, never through Double")
    func numericAmounts() throws {
        let sheet = """
            <x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Receipt No.</x:t></x:is></x:c>\
            <x:c r="B1" t="inlineStr"><x:is><x:t>Completion Time</x:t></x:is></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>Details</x:t></x:is></x:c>\
            <x:c r="D1" t="inlineStr"><x:is><x:t>Transaction Status</x:t></x:is></x:c><x:c r="E1" t="inlineStr"><x:is><x:t>Paid In</x:t></x:is></x:c>\
            <x:c r="F1" t="inlineStr"><x:is><x:t>Withdrawn</x:t></x:is></x:c><x:c r="G1" t="inlineStr"><x:is><x:t>Balance</x:t></x:is></x:c></x:row>\
            <x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>SJE1A2B3C4</x:t></x:is></x:c><x:c r="B2"><x:v>45483.5625</x:v></x:c>\
            <x:c r="C2" t="inlineStr"><x:is><x:t>Deposit</x:t></x:is></x:c><x:c r="D2" t="inlineStr"><x:is><x:t>Completed</x:t></x:is></x:c>\
            <x:c r="E2"><x:v>90071992547409.93</x:v></x:c><x:c r="G2"><x:v>1234.5599999999999</x:v></x:c></x:row>\
            <x:row r="3"><x:c r="A3" t="inlineStr"><x:is><x:t>SJE1A2B3C5</x:t></x:is></x:c><x:c r="B3"><x:v>45483</x:v></x:c>\
            <x:c r="D3" t="inlineStr"><x:is><x:t>Completed</x:t></x:is></x:c><x:c r="F3"><x:v>-1E-2</x:v></x:c><x:c r="G3"><x:v>0.1</x:v></x:c></x:row>\
            <x:row r="4"><x:c r="A4" t="inlineStr"><x:is><x:t>SJE1A2B3C6</x:t></x:is></x:c><x:c r="B4"><x:v>45483</x:v></x:c>\
            <x:c r="F4"><x:v>0.125</x:v></x:c></x:row>
            """
        let statement = try TabularStatementReader().readXLSX(try Self.workbook(sheet: sheet))
        #expect(statement.metadata.format == .personalXLSX)
        #expect(statement.rows.count == 2)
        #expect(statement.rows[0].paidIn == Money(cents: 9_007_199_254_740_993), "more digits than a Double holds, kept exactly")
        #expect(statement.rows[0].balance == Money(cents: 123_456))
        #expect(statement.rows[0].completedAt == TabularFixtures.time(2024, 7, 10, 13, 30, 0), "an unstyled serial in a time column")
        #expect(statement.rows[1].withdrawn == Money(cents: 1))
        #expect(statement.rows[1].balance == Money(cents: 10))
        #expect(statement.rows[1].details == "")
        #expect(statement.readingFindings.map(\.code) == ["unreadable_row"], "0.125 is not a whole number of cents")
    }

    @Test("the first sheet with a statement header is read, whatever comes before it")
    func firstSheetWithHeader() throws {
        var options = TabularStatementWriter.Options()
        options.sheetsBefore = [
            XLSXWriter.Sheet(name: "Cover", rows: [[.text("M-PESA statement")], [.text("Prepared for"), .text("Jane")]]),
            XLSXWriter.Sheet(name: "Empty", rows: []),
        ]
        let data = try TabularStatementWriter(layout: .personal, options: options).xlsx(rows: TabularFixtures.personalRows, metadata: StatementMetadata(format: .personalXLSX))
        #expect(try XLSXWorkbook(data: data).sheetNames == ["Cover", "Empty", "Statement"])
        let statement = try TabularStatementReader().readXLSX(data)
        #expect(TabularFixtures.withoutSource(statement.rows) == TabularFixtures.personalRows)
    }

    @Test("a workbook with no statement sheet is refused, and one with wrong columns names them")
    func noStatementSheet() throws {
        let cover = try XLSXWriter().write([XLSXWriter.Sheet(name: "Notes", rows: [[.text("hello")]])])
        guard case .notAStatement = TabularFixtures.error({ () throws(StatementParseError) in try TabularStatementReader().readXLSX(cover) }) else {
            Issue.record("expected notAStatement")
            return
        }
        let wrong = try XLSXWriter().write([
            XLSXWriter.Sheet(name: "Data", rows: [[.text("Receipt No."), .text("Date"), .text("Amount")], [.text("X"), .text("Y"), .number("1")]]),
        ])
        let error = TabularFixtures.error { () throws(StatementParseError) in try TabularStatementReader().readXLSX(wrong) }
        #expect(error == .unexpectedColumns(expected: TabularLayout.personal.columnTitles, found: ["Receipt No.", "Date", "Amount"]))
    }

    @Test("sheets and shared-string tables over 10 MB of XML are read whole")
    func largeParts() throws {
        // Foundation's XMLParser(data:) gives up on documents over 10,000,000 bytes; the reader parses in pieces.
        let filler = String(repeating: "x", count: 8_000)
        let rows = (1...1_500).map { row in
            "<x:row r=\"\(row)\"><x:c r=\"A\(row)\" t=\"s\"><x:v>\(row - 1)</x:v></x:c><x:c r=\"B\(row)\" t=\"inlineStr\"><x:is><x:t>\(filler)</x:t></x:is></x:c></x:row>"
        }
        let strings = (1...1_500).map { "<t>\($0) \(filler)</t>" }
        let data = try Self.workbook(sheet: rows.joined(), sharedStrings: strings)
        // The filler compresses far better than real text, so the ratio check is relaxed for this workbook.
        let sheet = try XLSXWorkbook(data: data, limits: TabularLimits(maxCompressionRatio: 100_000)).sheet(at: 0)
        #expect(sheet.rowCount == 1_500)
        #expect(sheet.line(ofRow: 1_499) == 1_500)
        #expect(sheet.cell(row: 1_499, column: 0) == .text("1500 \(filler)"))
        #expect(sheet.cell(row: 0, column: 1) == .text(filler))
    }

    @Test("the writer escapes text so every character reads back", arguments: [false, true])
    func writerEscaping(sharedStrings: Bool) throws {
        let texts = ["a & b < c > d \"e\" 'f'", "tab\there", "cr\rlf\r\nnl\n", "bell\u{07}", "_x000D_ literal", " spaces ", "Ngʼang'a 🇰🇪", "]]>"]
        let data = try XLSXWriter(usesSharedStrings: sharedStrings).write([
            XLSXWriter.Sheet(name: "Odd & \"names\"", rows: [texts.map(XLSXWriter.Cell.text), [.formulaText("f&x"), .builtInDate(TabularFixtures.time(2024, 2, 29, 23, 59, 59))]]),
        ])
        let workbook = try XLSXWorkbook(data: data)
        #expect(workbook.sheetNames == ["Odd & \"names\""])
        let sheet = try workbook.sheet(at: 0)
        #expect(sheet.cells(ofRow: 0) == texts.map(TabularCell.text))
        #expect(sheet.cells(ofRow: 1) == [.text("f&x"), .date(TabularFixtures.time(2024, 2, 29, 23, 59, 59))])
    }
}
