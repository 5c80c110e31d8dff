import Foundation
import MPesaCore
import StatementGeneration
import StatementParsing
import Testing

/// Synthetic statement rows and metadata for the tabular reader tests, shaped like the formats reference
/// (§1.5, §1.8, §2): multi-row receipts, Fuliza legs, charges, wrapped Details, a Failed row, names that need
/// more than ASCII, and text with commas and quotes.
enum TabularFixtures {
    static func time(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int) -> LocalDateTime {
        LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)!
    }

    static func kes(_ text: String) -> Money { try! Money(parsing: text) }

    private static let origin = RowSource(line: 0, index: 0)

    /// A personal statement, newest first.
    static let personalRows: [StatementRow] = [
        StatementRow(
            receipt: "UCUA1B2C3D", completedAt: time(2026, 3, 30, 21, 17, 52),
            details: "OD Loan Repayment to 232323 - M-PESA Overdraw", rawDetails: "OD Loan Repayment to 232323 -\nM-PESA Overdraw",
            paidIn: nil, withdrawn: kes("72.03"), balance: kes("127.97"), source: origin
        ),
        StatementRow(
            receipt: "UCU9E4F5G6", completedAt: time(2026, 3, 30, 21, 17, 51),
            details: "Funds received from - 2547******123 WANJIKU NGʼANG'A", rawDetails: "Funds received from -\n2547******123 WANJIKU\nNGʼANG'A",
            paidIn: kes("200.00"), withdrawn: nil, balance: kes("200.00"), source: origin
        ),
        StatementRow(
            receipt: "SJE4H7J8K9", completedAt: time(2024, 10, 14, 16, 17, 9), details: "Pay Bill Charge",
            paidIn: nil, withdrawn: kes("15.00"), balance: kes("0.00"), source: origin
        ),
        StatementRow(
            receipt: "SJE4H7J8K9", completedAt: time(2024, 10, 14, 16, 17, 9),
            details: "Pay Bill Fuliza M-Pesa to 4109505 - BYTECH CREDIT LIMITED C2B Acc. 778899",
            rawDetails: "Pay Bill Fuliza M-Pesa to\n4109505 - BYTECH CREDIT\nLIMITED C2B Acc. 778899",
            paidIn: nil, withdrawn: kes("1,500.00"), balance: kes("15.00"), source: origin
        ),
        StatementRow(
            receipt: "SJE4H7J8K9", completedAt: time(2024, 10, 14, 16, 17, 9), details: "OverDraft of Credit Party",
            paidIn: kes("484.42"), withdrawn: nil, balance: kes("1,515.00"), source: origin
        ),
        StatementRow(
            receipt: "SJD2L3M4N5", completedAt: time(2024, 10, 13, 8, 5, 0),
            details: "Merchant Payment to 5212345 - MÜLLER & SONS, \"THE\" DELI", status: .failed,
            paidIn: nil, withdrawn: kes("12,345.67"), balance: kes("1,030.58"), source: origin
        ),
        StatementRow(
            receipt: "SJD1P6Q7R8", completedAt: time(2024, 10, 13, 0, 0, 0),
            details: "Co-operative Bank Money Transfer from 1234567", rawDetails: "Co-\noperative Bank Money Transfer from 1234567",
            paidIn: kes("1,000,000.00"), withdrawn: nil, balance: kes("1,030.58"), source: origin
        ),
        StatementRow(
            receipt: "SJD1S9T0U1", completedAt: time(2024, 10, 12, 23, 59, 59), details: "",
            paidIn: nil, withdrawn: kes("0.05"), balance: kes("30.58"), source: origin
        ),
    ]

    /// An org-portal classic export (paybill), newest first.
    static let classicRows: [StatementRow] = [
        StatementRow(
            receipt: "RKT7AB12CD", completedAt: time(2023, 11, 29, 14, 2, 11), initiatedAt: time(2023, 11, 29, 14, 2, 10),
            details: "Pay Bill from 25470****111 - ALICE WANJIRU EXAMPLE Acc. alice", paidIn: kes("2,500.00"), withdrawn: nil,
            balance: kes("10,250.00"), reasonType: "Pay Utility", otherPartyInfo: "25470****111 - ALICE **** EXAMPLE",
            accountNumber: "alice", source: origin
        ),
        StatementRow(
            receipt: "RKT7AB12CD", completedAt: time(2023, 11, 29, 14, 2, 11), initiatedAt: time(2023, 11, 29, 14, 2, 10),
            details: "Pay Bill Charge", paidIn: nil, withdrawn: kes("25.00"), balance: kes("7,750.00"), reasonType: "Business Pay Bill Charge",
            otherPartyInfo: "SP", source: origin
        ),
        StatementRow(
            receipt: "RKT6EF34GH", completedAt: time(2023, 11, 29, 9, 0, 0), initiatedAt: nil,
            details: "Utility Account to Organization Settlement Account", paidIn: nil, withdrawn: kes("100,000.00"), balance: nil,
            reasonType: "Utility Account to Organization Settlement Account", linkedTransactionID: "RKT6EF34GI", source: origin
        ),
        StatementRow(
            receipt: "RKS5IJ56KL", completedAt: time(2023, 11, 28, 7, 45, 3), initiatedAt: time(2023, 11, 28, 7, 44, 59),
            details: "Pay Bill Online from 07****222 - Bob Sample Acc. bob shop", status: .failed, paidIn: kes("99.99"), withdrawn: nil,
            balance: kes("107,775.00"), reasonType: "Pay Bill Online", otherPartyInfo: "010****222 - bob **** sample",
            accountNumber: "bob shop", source: origin
        ),
        StatementRow(
            receipt: "RKS4MN78OP", completedAt: time(2023, 11, 1, 0, 0, 1), initiatedAt: time(2023, 11, 1, 0, 0, 1),
            details: "FSI to Pay Bill by 999002 - MOCK BANK LTD - BANK TO TILL Acc. Frank via WEB by MOCK BANK LTD - BANK TO TILL\\B2BUser1",
            paidIn: kes("107,775.00"), withdrawn: nil, balance: kes("107,775.00"), reasonType: "Pay Bill Online",
            otherPartyInfo: "999002 - MOCK BANK LTD", accountNumber: "Frank", source: origin
        ),
    ]

    static let classicMetadata: StatementMetadata = {
        var metadata = StatementMetadata(format: .businessClassicXLSX)
        metadata.organization = "Example Traders Ltd - Westlands"
        metadata.shortcode = "123456"
        metadata.account = "Utility Account"
        metadata.periodStart = time(2023, 11, 1, 0, 0, 0)
        metadata.periodEnd = time(2023, 11, 30, 23, 59, 59)
        metadata.requestDate = time(2023, 12, 1, 7, 0, 0)
        metadata.openingBalanceCents = 0
        metadata.closingBalanceCents = 1_025_000
        return metadata
    }()

    /// The newer org-portal export: no initiation time or org columns.
    static let businessRows: [StatementRow] = [
        StatementRow(
            receipt: "TAB1CD2EF3", completedAt: time(2025, 1, 31, 18, 30, 0),
            details: "Organization Settlement Account to Organization MMF Account", paidIn: nil, withdrawn: kes("50,000.00"),
            balance: kes("0.00"), source: origin
        ),
        StatementRow(
            receipt: "TAB1CD2EF3", completedAt: time(2025, 1, 31, 18, 30, 0),
            details: "Utility Account to Organization Settlement Account", paidIn: kes("50,000.00"), withdrawn: nil,
            balance: kes("50,000.00"), source: origin
        ),
        StatementRow(
            receipt: "TA9GH4IJ5K", completedAt: time(2025, 1, 9, 13, 51, 7),
            details: "Merchant Pay Utility Received from 1234567 - FAKE AUTO TECH Acc. dave", paidIn: kes("1,234,567.89"), withdrawn: nil,
            balance: nil, source: origin
        ),
    ]

    /// Rows with their source cleared, to compare what was written with what was read.
    static func withoutSource(_ rows: [StatementRow]) -> [StatementRow] {
        rows.map { row in
            var row = row
            row.source = origin
            return row
        }
    }

    static func rows(for layout: TabularLayout) -> [StatementRow] {
        switch layout {
        case .personal: personalRows
        case .businessClassic: classicRows
        case .business: businessRows
        }
    }

    static func metadata(for layout: TabularLayout) -> StatementMetadata {
        layout == .businessClassic ? classicMetadata : StatementMetadata(format: .personalCSV)
    }

    /// The error a throwing call threw, or nil.
    static func error(_ body: () throws(StatementParseError) -> some Any) -> StatementParseError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    /// The error an async throwing call threw, or nil.
    static func error(_ body: () async throws(StatementParseError) -> some Any) async -> StatementParseError? {
        do {
            _ = try await body()
            return nil
        } catch {
            return error
        }
    }

    /// The text of a CSV with a personal header and the given data lines.
    static func personalCSV(_ lines: [String], lineEnding: String = "\r\n") -> Data {
        Data(((["Receipt No.,Completion Time,Details,Transaction Status,Paid In,Withdrawn,Balance"] + lines).joined(separator: lineEnding) + lineEnding).utf8)
    }
}
