import Foundation
import MPesaCore
import StatementGeneration
import StatementParsing
import Testing

@Suite("Tabular statement reader")
struct TabularStatementReaderTests {
    let reader = TabularStatementReader()

    @Test("a personal statement converted to CSV is recognised by its 7 columns")
    func personalCSV() throws {
        let statement = try reader.readCSV(TabularFixtures.personalCSV([
            "UCUA1B2C3D,2026-03-30 21:17:52,OD Loan Repayment to 232323 - M-PESA Overdraw,Completed,,-72.03,127.97",
            "UCU9E4F5G6,2026-03-30 21:17:51,Funds received from - 2547******123 JANE DOE,Completed,200.00,,200.00",
        ]))
        #expect(statement.metadata.format == .personalCSV)
        #expect(statement.rows.count == 2)
        let first = try #require(statement.rows.first)
        #expect(first.receipt == "UCUA1B2C3D")
        #expect(first.completedAt == TabularFixtures.time(2026, 3, 30, 21, 17, 52))
        #expect(first.withdrawn == Money(cents: 7_203), "Withdrawn is printed negative and stored as a magnitude")
        #expect(first.paidIn == nil)
        #expect(first.balance == Money(cents: 12_797))
        #expect(first.source == RowSource(line: 2, index: 0))
        #expect(statement.rows[1].source == RowSource(line: 3, index: 1))
        #expect(statement.readingFindings.isEmpty)
    }

    @Test(
        "completion times are read in every shape statements and converters print",
        arguments: [
            ("2024-10-14 16:17:09", TabularFixtures.time(2024, 10, 14, 16, 17, 9)),
            ("2024-10-14T16:17:09", TabularFixtures.time(2024, 10, 14, 16, 17, 9)),
            ("14-10-2024 16:17:09", TabularFixtures.time(2024, 10, 14, 16, 17, 9)),
            ("14/10/2024 16:17:09", TabularFixtures.time(2024, 10, 14, 16, 17, 9)),
            ("04/01/2024 16:17:09", TabularFixtures.time(2024, 1, 4, 16, 17, 9)),
            ("14/10/2024 16:17", TabularFixtures.time(2024, 10, 14, 16, 17, 0)),
            ("09-01-24 13:51", TabularFixtures.time(2024, 1, 9, 13, 51, 0)),
            ("9/1/2024 1:05 PM", TabularFixtures.time(2024, 1, 9, 13, 5, 0)),
            ("9/1/2024 12:05:30 am", TabularFixtures.time(2024, 1, 9, 0, 5, 30)),
            ("14 Oct 2024 16:17:09", TabularFixtures.time(2024, 10, 14, 16, 17, 9)),
            ("14 Oct 2024", TabularFixtures.time(2024, 10, 14, 0, 0, 0)),
            ("45483.5625", TabularFixtures.time(2024, 7, 10, 13, 30, 0)),
            ("45483", TabularFixtures.time(2024, 7, 10, 0, 0, 0)),
        ]
    )
    func completionTimes(text: String, expected: LocalDateTime) throws {
        let statement = try reader.readCSV(TabularFixtures.personalCSV(["SJE1A2B3C4,\(text),Pay Bill Charge,Completed,,-15.00,0.00"]))
        #expect(statement.rows.first?.completedAt == expected)
    }

    @Test(
        "amount cells are read exactly, with blanks and 0.00 as no amount",
        arguments: [
            ("1,234.50", Int64?.some(123_450)), ("1234.5", 123_450), ("500", 50_000), ("1,000,000.00", 100_000_000),
            ("Ksh1,000", 100_000), ("KES 5.00", 500), ("0.05", 5), ("1234.5599999999999", 123_456), ("  20.00 ", 2_000),
            ("0.00", nil), ("", nil), ("-", nil),
        ]
    )
    func paidInAmounts(text: String, cents: Int64?) throws {
        let statement = try reader.readCSV(TabularFixtures.personalCSV(["SJE1A2B3C4,2024-10-14 16:17:09,Deposit,Completed,\"\(text)\",,1.00"]))
        #expect(statement.rows.first?.paidIn?.cents == cents)
    }

    @Test("Withdrawn is a positive magnitude however the sign is printed", arguments: ["-1,500.00", "1,500.00", "(1,500.00)", "-1500"])
    func withdrawnSigns(text: String) throws {
        let statement = try reader.readCSV(TabularFixtures.personalCSV(["SJE1A2B3C4,2024-10-14 16:17:09,Pay,Completed,,\"\(text)\",1.00"]))
        #expect(statement.rows.first?.withdrawn == Money(cents: 150_000))
    }

    @Test("a row whose amount or time cannot be read is skipped with an error finding naming its line")
    func unreadableRows() throws {
        let statement = try reader.readCSV(TabularFixtures.personalCSV([
            "SJE1A2B3C4,2024-10-14 16:17:09,Good,Completed,10.00,,10.00",
            "SJE1A2B3C5,2024-13-45 16:17:09,Bad date,Completed,10.00,,20.00",
            "SJE1A2B3C6,2024-10-14 16:17:09,Bad amount,Completed,\"1,2,3\",,30.00",
            "SJE1A2B3C7,2024-10-14 16:17:09,Good too,Completed,10.00,,40.00",
        ]))
        #expect(statement.rows.map(\.receipt) == ["SJE1A2B3C4", "SJE1A2B3C7"])
        #expect(statement.rows.map(\.source.index) == [0, 1])
        #expect(statement.rows.map(\.source.line) == [2, 5])
        let findings = statement.readingFindings.filter { $0.code == "unreadable_row" }
        #expect(findings.count == 2)
        #expect(findings.allSatisfy { $0.severity == .error })
        #expect(findings[0].message.contains("line 3") && findings[0].message.contains("2024-13-45"))
        #expect(findings[1].message.contains("line 4") && findings[1].message.contains("Paid In"))
        #expect(findings.map(\.receipt) == ["SJE1A2B3C5", "SJE1A2B3C6"])
    }

    @Test("a file where no row can be read is refused")
    func nothingReadable() {
        let error = TabularFixtures.error { () throws(StatementParseError) in
            try reader.readCSV(TabularFixtures.personalCSV(["SJE1A2B3C5,yesterday,Bad date,Completed,10.00,,20.00"]))
        }
        guard case .notAStatement(let why) = error else {
            Issue.record("expected notAStatement, got \(String(describing: error))")
            return
        }
        #expect(why.contains("yesterday"))
    }

    @Test("a header with no rows is an empty statement, not an error")
    func headerOnly() throws {
        let statement = try reader.readCSV(TabularFixtures.personalCSV([]))
        #expect(statement.rows.isEmpty)
    }

    @Test("Failed rows are kept with their status")
    func failedRows() throws {
        let statement = try reader.readCSV(TabularFixtures.personalCSV([
            "SJE1A2B3C4,2024-10-14 16:17:09,Pay,Failed,,-10.00,5.00", "SJE1A2B3C5,2024-10-14 16:17:08,Pay,Reversed,,-10.00,5.00",
        ]))
        #expect(statement.rows.map(\.status) == [.failed, .reversed])
    }

    @Test("wrapped Details lines written as rows without a receipt are merged into the row above")
    func continuationRows() throws {
        let statement = try reader.readCSV(TabularFixtures.personalCSV([
            "SJE4H7J8K9,2024-10-14 16:17:09,Pay Bill Fuliza M-Pesa to,Completed,,\"-1,500.00\",15.00",
            ",,4109505 - BYTECH CREDIT,,,,",
            ",,LIMITED C2B Acc. 778899,,,,",
            "SJE4H7J8K8,2024-10-14 16:17:08,Customer Transfer to -,Completed,,-50.00,1515.00",
            ",,,2547******123 JANE DOE,,,",
        ]))
        #expect(statement.rows.count == 2)
        #expect(statement.rows[0].details == "Pay Bill Fuliza M-Pesa to 4109505 - BYTECH CREDIT LIMITED C2B Acc. 778899")
        #expect(statement.rows[0].rawDetails == "Pay Bill Fuliza M-Pesa to\n4109505 - BYTECH CREDIT\nLIMITED C2B Acc. 778899")
        #expect(statement.rows[1].details == "Customer Transfer to - 2547******123 JANE DOE", "text shifted into another column still joins")
        #expect(statement.rows[1].source == RowSource(line: 5, index: 1))
        let merged = statement.readingFindings.filter { $0.code == "wrapped_details_merged" }
        #expect(merged.count == 3)
        #expect(merged.allSatisfy { $0.severity == .info })
        #expect(merged.map(\.rowIndex) == [0, 0, 1])
        #expect(merged.first?.receipt == "SJE4H7J8K9")
    }

    @Test("a row with amounts but no receipt is reported, not merged")
    func amountsWithoutReceipt() throws {
        let statement = try reader.readCSV(TabularFixtures.personalCSV([
            "SJE1A2B3C4,2024-10-14 16:17:09,Pay,Completed,,-10.00,5.00", ",2024-10-14 16:17:08,Orphan,Completed,,-10.00,15.00",
        ]))
        #expect(statement.rows.map(\.details) == ["Pay"])
        #expect(statement.readingFindings.map(\.code) == ["unreadable_row"])
    }

    @Test("repeated header rows from page breaks are skipped")
    func repeatedHeaders() throws {
        let statement = try reader.readCSV(TabularFixtures.personalCSV([
            "SJE1A2B3C4,2024-10-14 16:17:09,Pay,Completed,,-10.00,5.00",
            "Receipt No.,Completion Time,Details,Transaction Status,Paid In,Withdrawn,Balance",
            "SJE1A2B3C3,2024-10-14 16:17:08,Pay,Completed,,-10.00,15.00",
        ]))
        #expect(statement.rows.count == 2)
        #expect(statement.readingFindings.map(\.code) == ["repeated_header_skipped"])
    }

    @Test("junk columns and text above the header do not get in the way")
    func junkColumns() throws {
        let text = """
            MPESA_Statement_2023-12-10_to_2024-01-10
            Unnamed: 0,Receipt No.,Completion Time,Details,Transaction Status,Paid In,Withdrawn,Balance,PBC rows
            0,RLA1B2C3D4,10-01-2024 13:51,Pay Bill Charge,Completed,,-15.00,0.00,x
            """
        let statement = try reader.readCSV(Data(text.utf8))
        #expect(statement.metadata.format == .personalCSV)
        #expect(statement.rows.first?.receipt == "RLA1B2C3D4")
        #expect(statement.rows.first?.completedAt == TabularFixtures.time(2024, 1, 10, 13, 51, 0))
        #expect(statement.rows.first?.source.line == 3)
    }

    @Test("wrong columns are refused with an error naming the columns found and expected")
    func wrongColumns() {
        let error = TabularFixtures.error { () throws(StatementParseError) in
            try reader.readCSV(Data("Receipt No.,Date,Description,Amount,Balance\nX,2024-01-01,Y,1.00,2.00\n".utf8))
        }
        guard case .unexpectedColumns(let expected, let found) = error else {
            Issue.record("expected unexpectedColumns, got \(String(describing: error))")
            return
        }
        #expect(found == ["Receipt No.", "Date", "Description", "Amount", "Balance"])
        #expect(expected == TabularLayout.personal.columnTitles)
        #expect(error?.description.contains("Date, Description, Amount") == true)
        #expect(error?.description.contains("Completion Time") == true)
    }

    @Test(
        "files that are not statements are refused as such",
        arguments: [
            "", "   \r\n\r\n", "name,age\nalice,30\n", "%PDF-1.7 not a csv", "Receipt No.\n",
        ]
    )
    func notStatements(text: String) {
        let error = TabularFixtures.error { () throws(StatementParseError) in try reader.readCSV(Data(text.utf8)) }
        guard case .notAStatement = error else {
            Issue.record("expected notAStatement for \(text.debugDescription), got \(String(describing: error))")
            return
        }
    }

    @Test("the empty file is refused with a message saying it is empty")
    func emptyFile() {
        let error = TabularFixtures.error { () throws(StatementParseError) in try reader.readCSV(Data()) }
        #expect(error == .notAStatement("the file is empty"))
    }

    @Test("the org-portal classic CSV is recognised by its columns even without a preamble")
    func classicWithoutPreamble() throws {
        let text = """
            Receipt No.,Completion Time,Initiation Time,Details,Transaction Status,Paid In,Withdrawn,Balance,Balance Confirmed,Reason Type,Other Party Info,Linked Transaction ID,A/C No.
            RDK1ABCDEF,20-04-2017 15:50:12,20-04-2017 15:50,Pay Bill from 2547XXXXXXXX - Customer Credits Acc. 123,Completed,100,,66,TRUE,Pay Utility,2547XXXXXXXX- Customer Credits,,123
            """
        let statement = try reader.readCSV(Data(text.utf8))
        #expect(statement.metadata.format == .businessClassicCSV)
        let row = try #require(statement.rows.first)
        #expect(row.completedAt == TabularFixtures.time(2017, 4, 20, 15, 50, 12))
        #expect(row.initiatedAt == TabularFixtures.time(2017, 4, 20, 15, 50, 0))
        #expect(row.paidIn == Money(cents: 10_000))
        #expect(row.balance == Money(cents: 6_600))
        #expect(row.reasonType == "Pay Utility")
        #expect(row.accountNumber == "123")
        #expect(row.linkedTransactionID == nil)
    }

    @Test("the classic preamble is found wherever it sits and fills the metadata", arguments: [0, 3, 11])
    func shiftedPreamble(blankRows: Int) throws {
        var options = TabularStatementWriter.Options()
        options.blankRowsBeforeTable = blankRows
        let writer = TabularStatementWriter(layout: .businessClassic, options: options)
        var table = writer.cells(rows: TabularFixtures.classicRows, metadata: TabularFixtures.classicMetadata, container: .csv)
        if blankRows > 0 { table[0] = [.text("M-PESA Org Portal export")] }
        let csv = CSVWriter().write(table.map { $0.map(Self.text) })
        let statement = try reader.readCSV(csv)
        let metadata = statement.metadata
        #expect(metadata.format == .businessClassicCSV)
        #expect(metadata.organization == "Example Traders Ltd - Westlands")
        #expect(metadata.shortcode == "123456")
        #expect(metadata.account == "Utility Account")
        #expect(metadata.periodStart == TabularFixtures.time(2023, 11, 1, 0, 0, 0))
        #expect(metadata.periodEnd == TabularFixtures.time(2023, 11, 30, 23, 59, 59))
        #expect(metadata.requestDate == TabularFixtures.time(2023, 12, 1, 7, 0, 0))
        #expect(metadata.openingBalanceCents == 0)
        #expect(metadata.closingBalanceCents == 1_025_000)
        #expect(statement.summary?.totalPaidInCents == 11_027_500)
        #expect(statement.summary?.totalPaidOutCents == 10_002_500)
        #expect(TabularFixtures.withoutSource(statement.rows) == TabularFixtures.classicRows)
        #expect(statement.rows.first?.source.line == blankRows + 8)
    }

    @Test("the newer org export is recognised by its (KSHs) headers, with 0.00 meaning no amount")
    func newerBusinessExport() throws {
        let text = """
            Receipt No,Completion Time,Details,Transaction Status,Paid In (KSHs),Withdrawn (KSHs),Balance (KSHs)
            TAB1CD2EF3,31/01/2025 18:30:00,Organization Settlement Account to Organization MMF Account,Completed,0.00,"50,000.00",0.00
            """
        let statement = try reader.readCSV(Data(text.utf8))
        #expect(statement.metadata.format == .businessCSV)
        let row = try #require(statement.rows.first)
        #expect(row.paidIn == nil)
        #expect(row.withdrawn == Money(cents: 5_000_000))
        #expect(row.balance == Money(cents: 0), "a zero balance is a balance, not a blank")
        #expect(row.completedAt == TabularFixtures.time(2025, 1, 31, 18, 30, 0))
    }

    @Test("the newer export's title line gives the shortcode and period")
    func newerExportTitle() throws {
        let text = """
            Statements for 654321 from 01/01/2025 to 31/01/2025
            Receipt No,Completion Time,Details,Transaction Status,Paid In (KSHs),Withdrawn (KSHs),Balance (KSHs)
            TAB1CD2EF3,31/01/2025 18:30:00,Sweep,Completed,0.00,1.00,0.00
            """
        let statement = try reader.readCSV(Data(text.utf8))
        #expect(statement.metadata.shortcode == "654321")
        #expect(statement.metadata.periodStart == TabularFixtures.time(2025, 1, 1, 0, 0, 0))
        #expect(statement.metadata.periodEnd == TabularFixtures.time(2025, 1, 31, 0, 0, 0))
    }

    @Test("personal header lines kept by converters fill the customer metadata, with the phone masked")
    func personalHeaderLines() throws {
        let text = """
            Customer Name:,JANE DOE
            Mobile Number:,0712345678
            Email Address: jane@example.com
            Statement Period:,30 Sep 2025 - 31 Mar 2026
            Request Date:,31 Mar 2026
            Receipt No.,Completion Time,Details,Transaction Status,Paid In,Withdrawn,Balance
            UCUA1B2C3D,2026-03-30 21:17:52,OD Loan Repayment,Completed,,-72.03,127.97
            """
        let statement = try reader.readCSV(Data(text.utf8))
        let metadata = statement.metadata
        #expect(metadata.format == .personalCSV)
        #expect(metadata.customerName == "JANE DOE")
        #expect(metadata.maskedMobile == "0712***678")
        #expect(metadata.email == "jane@example.com")
        #expect(metadata.periodStart == TabularFixtures.time(2025, 9, 30, 0, 0, 0))
        #expect(metadata.periodEnd == TabularFixtures.time(2026, 3, 31, 0, 0, 0))
        #expect(metadata.requestDate == TabularFixtures.time(2026, 3, 31, 0, 0, 0))
        #expect(statement.summary == nil)
    }

    @Test("header names are matched loosely: case, dots, spacing and (KSHs) do not matter")
    func headerNormalisation() throws {
        let text = "RECEIPT  NO,completion_time,DETAILS.,Transaction Status:,Paid In (Ksh),WITHDRAWN,balance\nX1,2024-01-01 00:00:00,D,Completed,1.00,,1.00\n"
        let statement = try reader.readCSV(Data(text.utf8))
        #expect(statement.rows.count == 1)
    }

    @Test("a Windows-1252 CSV statement keeps its names readable")
    func windows1252Statement() throws {
        let bytes = Array("Receipt No.,Completion Time,Details,Transaction Status,Paid In,Withdrawn,Balance\r\n".utf8)
            + Array("SJE1A2B3C4,2024-10-14 16:17:09,Funds received from - 2547******123 M".utf8) + [0xDC]
            + Array("LLER NG".utf8) + [0x92] + Array("ANG'A,Completed,200.00,,200.00\r\n".utf8)
        let statement = try reader.readCSV(Data(bytes))
        #expect(statement.rows.first?.details == "Funds received from - 2547******123 MÜLLER NG’ANG'A")
    }

    static func text(_ cell: XLSXWriter.Cell) -> String {
        switch cell {
        case .empty: ""
        case .text(let text), .number(let text), .formulaText(let text): text
        case .boolean(let value): value ? "TRUE" : "FALSE"
        case .date(let date), .builtInDate(let date): date.description
        }
    }
}
