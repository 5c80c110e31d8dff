import Foundation
import MPesaCore
import StatementParsing

/// Renders a personal statement as Safaricom lays it out (§1.2 of the formats reference): "Page N of M" on top,
/// the customer header and SUMMARY on page 1, the seven-column DETAILED STATEMENT with Details wrapping inside
/// its column, the column header repeated on every page, and the footer (disclaimer, verification code,
/// self-help line) closing every page. About 23 rows fit on page 1 and 40 on the others, as in real statements.
public enum PersonalStatementPDFRenderer {
    static let rowFont = 7.0
    static let lineHeight = 9.0
    static let footerTop = 118.0
    static let detailsWidth = 112.0

    enum Column {
        static let receipt = 28.0
        static let completion = 90.0
        static let details = 168.0
        static let status = 322.0
        static let paidInRight = 436.0
        static let withdrawnRight = 500.0
        static let balanceRight = 566.0
    }

    /// The PDF, with Safaricom's document information; encrypted with `password` when one is given (needs qpdf).
    public static func render(_ statement: SyntheticStatement, password: String? = nil) async throws -> Data {
        let plain = renderPlain(statement)
        guard let password else { return plain }
        return try await encrypt(plain, password: password)
    }

    /// The unencrypted PDF. `documentInfo` replaces entries of the information dictionary (tests use it to play
    /// an editing tool).
    public static func renderPlain(_ statement: SyntheticStatement, documentInfo: [String: String] = [:]) -> Data {
        let stamp = pdfDate(statement.metadata.requestDate ?? LocalDateTime(year: 2026, month: 1, day: 1)!)
        var info = [
            "Creator": "Safaricom PLC", "Producer": "Safaricom PLC", "Subject": "M-PESA Statement", "Title": "M-PESA Statement",
            "CreationDate": stamp, "ModDate": stamp,
        ]
        info.merge(documentInfo) { _, new in new }
        var writer = PDFWriter(info: info)
        let layouts = paginate(statement.rows)
        let total = layouts.count
        for (pageIndex, rowRange) in layouts.enumerated() {
            var page = PDFWriter.Page()
            page.text("Page \(pageIndex + 1) of \(total)", x: 28, y: 815, size: 8)
            var y: Double
            if pageIndex == 0 {
                y = drawFirstPageHeader(&page, statement: statement)
            } else {
                y = 790
            }
            drawTableHeader(&page, y: y)
            y -= 13
            for index in rowRange {
                y = drawRow(&page, row: statement.rows[index], top: y)
            }
            drawFooter(&page, code: statement.metadata.verificationCode ?? "")
            writer.pages.append(page)
        }
        if layouts.isEmpty {
            var page = PDFWriter.Page()
            page.text("Page 1 of 1", x: 28, y: 815, size: 8)
            drawTableHeader(&page, y: drawFirstPageHeader(&page, statement: statement))
            drawFooter(&page, code: statement.metadata.verificationCode ?? "")
            writer.pages.append(page)
        }
        return writer.data()
    }

    /// Which rows go on which page, by the height each row needs.
    static func paginate(_ rows: [StatementRow]) -> [Range<Int>] {
        var pages: [Range<Int>] = []
        var start = 0
        var y = firstPageTableTop - 13
        for (index, row) in rows.enumerated() {
            let height = rowHeight(row)
            if y - height < footerTop, index > start {
                pages.append(start..<index)
                start = index
                y = 790 - 13
            }
            y -= height
        }
        if start < rows.count { pages.append(start..<rows.count) }
        return pages
    }

    static let firstPageTableTop = 585.0

    static func rowHeight(_ row: StatementRow) -> Double {
        Double(max(1, wrap(row.details).count)) * lineHeight + 3
    }

    /// Breaks Details into lines of at most `detailsWidth` points, at spaces.
    static func wrap(_ details: String) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in details.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if PDFWriter.width(of: candidate, size: rowFont) > detailsWidth, !current.isEmpty {
                lines.append(current)
                current = String(word)
            } else {
                current = candidate
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    private static func drawFirstPageHeader(_ page: inout PDFWriter.Page, statement: SyntheticStatement) -> Double {
        let metadata = statement.metadata
        page.text("M-PESA STATEMENT", x: 28, y: 792, size: 12, bold: true)
        let fields = [
            "Customer Name: \(metadata.customerName ?? "")",
            "Mobile Number: \(statement.mobileNumber)",
            "Email Address: \(metadata.email ?? "")",
            "Statement Period: \(printed(metadata.periodStart)) - \(printed(metadata.periodEnd))",
            "Request Date: \(printed(metadata.requestDate))",
        ]
        var y = 772.0
        for field in fields {
            page.text(field, x: 28, y: y, size: 8)
            y -= 10
        }
        y -= 6
        page.text("SUMMARY", x: 28, y: y, size: 9, bold: true)
        y -= 13
        page.text("TRANSACTION TYPE", x: 28, y: y, size: 8, bold: true)
        page.textRightAligned("PAID IN", right: 300, y: y, size: 8, bold: true)
        page.textRightAligned("PAID OUT", right: 400, y: y, size: 8, bold: true)
        page.line(from: (28, y - 3), to: (400, y - 3))
        y -= 12
        if let summary = statement.summary {
            for line in summary.lines + [StatementSummary.Line(label: "TOTAL:", paidInCents: summary.totalPaidInCents, paidOutCents: summary.totalPaidOutCents)] {
                page.text(line.label, x: 28, y: y, size: 8, bold: line.label == "TOTAL:")
                page.textRightAligned(Money(cents: line.paidInCents).decimalString, right: 300, y: y, size: 8)
                page.textRightAligned(Money(cents: line.paidOutCents).decimalString, right: 400, y: y, size: 8)
                y -= 10
            }
        }
        page.text("DETAILED STATEMENT", x: 28, y: 602, size: 9, bold: true)
        return firstPageTableTop
    }

    private static func drawTableHeader(_ page: inout PDFWriter.Page, y: Double) {
        page.text("Receipt No.", x: Column.receipt, y: y, size: rowFont, bold: true)
        page.text("Completion Time", x: Column.completion, y: y, size: rowFont, bold: true)
        page.text("Details", x: Column.details, y: y, size: rowFont, bold: true)
        page.text("Transaction Status", x: Column.status, y: y, size: rowFont, bold: true)
        page.textRightAligned("Paid In", right: Column.paidInRight, y: y, size: rowFont, bold: true)
        page.textRightAligned("Withdrawn", right: Column.withdrawnRight, y: y, size: rowFont, bold: true)
        page.textRightAligned("Balance", right: Column.balanceRight, y: y, size: rowFont, bold: true)
        page.line(from: (28, y - 3), to: (567, y - 3))
    }

    /// Draws one row with its first Details line beside the amounts and the rest below; returns the next top.
    private static func drawRow(_ page: inout PDFWriter.Page, row: StatementRow, top: Double) -> Double {
        let lines = wrap(row.details)
        page.text(row.receipt, x: Column.receipt, y: top, size: rowFont)
        page.text(row.completedAt.description, x: Column.completion, y: top, size: rowFont)
        page.text(row.status.printed, x: Column.status, y: top, size: rowFont)
        if let paidIn = row.paidIn { page.textRightAligned(paidIn.decimalString, right: Column.paidInRight, y: top, size: rowFont) }
        if let withdrawn = row.withdrawn { page.textRightAligned("-" + withdrawn.decimalString, right: Column.withdrawnRight, y: top, size: rowFont) }
        if let balance = row.balance { page.textRightAligned(balance.decimalString, right: Column.balanceRight, y: top, size: rowFont) }
        var y = top
        for line in lines {
            page.text(line, x: Column.details, y: y, size: rowFont)
            y -= lineHeight
        }
        let bottom = top - rowHeight(row)
        page.line(from: (28, bottom + 6), to: (567, bottom + 6), width: 0.2)
        return bottom
    }

    private static func drawFooter(_ page: inout PDFWriter.Page, code: String) {
        page.text("Disclaimer: Any personal information shared with you should be handled in accordance with the Data Protection Act and only used for the purpose", x: 28, y: 100, size: 5.5)
        page.text("for which it was provided.", x: 28, y: 93, size: 5.5)
        page.text("Statement Verification Code To verify the validity of this M-PESA statement dial *334#, select My account and follow the", x: 28, y: 82, size: 5.5)
        page.text("prompts to enter the code.", x: 28, y: 75, size: 5.5)
        page.text(code, x: 28, y: 64, size: 9, bold: true)
        page.text("For self-help dial *234# | Web: www.safaricom.co.ke | Twitter: @SafaricomPLC | @safaricom_care | Facebook: Safaricom PLC | Terms and", x: 28, y: 50, size: 5.5)
        page.text("conditions apply", x: 28, y: 43, size: 5.5)
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `30 Sep 2025`.
    static func printed(_ date: LocalDateTime?) -> String {
        guard let date else { return "" }
        return "\(date.day < 10 ? "0" : "")\(date.day) \(monthNames[date.month - 1]) \(date.year)"
    }

    static func pdfDate(_ date: LocalDateTime) -> String {
        let compact = date.description.filter(\.isNumber)
        return "D:\(compact)+03'00'"
    }

    /// Encrypts with a user password (AES-256) the way statements arrive, using qpdf.
    public static func encrypt(_ pdf: Data, password: String) async throws -> Data {
        let scratch = try PrivateScratchDirectory()
        defer { scratch.remove() }
        let input = try scratch.write(pdf, named: "plain.pdf")
        let output = "\(scratch.path)/encrypted.pdf"
        let owner = "owner-" + String(password.reversed())
        let run = try await ExternalTool(executable: "qpdf", timeout: .seconds(60)).run(["--encrypt", password, owner, "256", "--", input, output])
        guard run.status == 0 || run.status == 3 else { throw StatementParseError.corrupt("qpdf could not encrypt: \(run.log.prefix(200))") }
        return try Data(contentsOf: URL(fileURLWithPath: output))
    }
}
