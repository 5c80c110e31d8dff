import Foundation
import MPesaCore
import StatementGeneration

/// Renders the monthly cash-flow report and the lender summary as A4 PDFs: a title block, tables with right-aligned
/// `KES 1,234.50` amounts, new pages when a table runs out of room, and a footer with the generation time and page x/y.
enum ReportPDF {
    static let margin = 50.0
    static let bodySize = 9.0
    static let rowHeight = 13.0
    /// Content stops above this line; the footer sits below it.
    static let bottomLimit = 60.0
    static let footerY = 30.0

    /// A table column: a header and where its text ends (amounts) or starts (labels).
    struct Column {
        var title: String
        var position: Double
        var rightAligned: Bool
    }

    /// Lays content out top to bottom and starts a new page (repeating the table header) when the page is full.
    struct Layout {
        var writer: PDFWriter
        var page = PDFWriter.Page()
        var y: Double
        var header: [Column]?
        let top: Double

        init(info: [String: String]) {
            writer = PDFWriter(info: info)
            top = writer.height - margin
            y = top
        }

        mutating func newPage() {
            writer.pages.append(page)
            page = PDFWriter.Page()
            y = top
            if let header { drawHeader(header) }
        }

        mutating func ensureRoom(_ height: Double) {
            if y - height < bottomLimit { newPage() }
        }

        mutating func title(_ text: String) {
            ensureRoom(24)
            page.text(text, x: margin, y: y - 16, size: 16, bold: true)
            y -= 26
        }

        mutating func heading(_ text: String) {
            header = nil
            ensureRoom(rowHeight * 3)
            y -= 6
            page.text(text, x: margin, y: y - 11, size: 11, bold: true)
            y -= 17
        }

        mutating func paragraph(_ text: String, size: Double = bodySize, bold: Bool = false) {
            for line in ReportPDF.wrap(text, width: writer.width - 2 * margin, size: size, bold: bold) {
                ensureRoom(rowHeight)
                page.text(line, x: margin, y: y - size, size: size, bold: bold)
                y -= rowHeight
            }
        }

        mutating func beginTable(_ columns: [Column]) {
            header = columns
            ensureRoom(rowHeight * 2)
            drawHeader(columns)
        }

        private mutating func drawHeader(_ columns: [Column]) {
            row(columns.map(\.title), columns: columns, bold: true)
            page.line(from: (margin, y + 3), to: (writer.width - margin, y + 3))
        }

        mutating func row(_ cells: [String], columns: [Column], bold: Bool = false) {
            ensureRoom(rowHeight)
            for (index, cell) in cells.enumerated() where index < columns.count {
                let column = columns[index]
                if column.rightAligned {
                    page.textRightAligned(cell, right: column.position, y: y - bodySize, size: bodySize, bold: bold)
                } else {
                    // A label may not run into the next column, so it is cut with an ellipsis.
                    let limit = (index + 1 < columns.count ? columns[index + 1].position - 95 : writer.width - margin) - column.position
                    page.text(ReportPDF.truncate(cell, width: max(40, limit), size: bodySize, bold: bold), x: column.position, y: y - bodySize, size: bodySize, bold: bold)
                }
            }
            y -= rowHeight
        }

        mutating func endTable() {
            header = nil
            y -= 4
        }

        /// The finished document, with "page x/y" footers now that the page count is known.
        mutating func finish(footer: String) -> Data {
            writer.pages.append(page)
            let count = writer.pages.count
            for index in writer.pages.indices {
                writer.pages[index].line(from: (margin, footerY + 12), to: (writer.width - margin, footerY + 12))
                writer.pages[index].text(footer, x: margin, y: footerY, size: 8)
                writer.pages[index].textRightAligned("Page \(index + 1)/\(count)", right: writer.width - margin, y: footerY, size: 8)
            }
            return writer.data()
        }
    }

    /// `KES 1,234.50`.
    static func kes(_ cents: Int64) -> String { Money(cents: cents).description }

    static func kes(_ cents: Int64?) -> String { cents.map { kes($0) } ?? "n/a" }

    static func percent(_ share: Double?) -> String { share.map(RobustStatistics.percentOneDecimal) ?? "n/a" }

    static func truncate(_ text: String, width: Double, size: Double, bold: Bool) -> String {
        guard PDFWriter.width(of: text, size: size, bold: bold) > width else { return text }
        var result = text
        while !result.isEmpty, PDFWriter.width(of: result + "...", size: size, bold: bold) > width { result.removeLast() }
        return result + "..."
    }

    static func wrap(_ text: String, width: Double, size: Double, bold: Bool) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if PDFWriter.width(of: candidate, size: size, bold: bold) > width, !current.isEmpty {
                lines.append(current)
                current = String(word)
            } else {
                current = candidate
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.isEmpty ? [""] : lines
    }

    private static let amountColumns: [Column] = [
        Column(title: "Category", position: margin, rightAligned: false),
        Column(title: "Inflow", position: 330, rightAligned: true),
        Column(title: "Outflow", position: 425, rightAligned: true),
        Column(title: "Net", position: 515, rightAligned: true),
        Column(title: "Count", position: 545.28, rightAligned: true),
    ]

    static func pdf(_ report: MonthlyCashflowReport, tenantName: String, generatedAt: LocalDateTime) -> Data {
        var layout = Layout(info: ["Title": "Monthly cash flow \(report.period.first.monthKey)", "Author": tenantName, "Producer": "M-PESA Analytics"])
        layout.title("Monthly cash flow")
        layout.paragraph(tenantName, size: 11, bold: true)
        layout.paragraph("Period: \(report.period.first) to \(report.period.last)")
        layout.paragraph("Opening balance: \(kes(report.openingBalanceCents)) (\(report.openingBalanceSource.rawValue))   Closing balance: \(kes(report.closingBalanceCents))")
        layout.paragraph("Balance check: \(report.balanceCheck.summary)   Transactions: \(report.transactionCount) on \(report.daysWithTransactions) days")
        if report.sections.isEmpty {
            layout.heading("No transactions")
            layout.paragraph("There were no transactions in this month.")
        }
        for section in report.sections {
            layout.heading(section.title)
            layout.beginTable(amountColumns)
            for line in section.lines {
                layout.row([line.label, kes(line.inflowCents), kes(line.outflowCents), kes(line.netCents), String(line.count)], columns: amountColumns)
            }
            layout.row(["Total", kes(section.inflowCents), kes(section.outflowCents), kes(section.netCents), ""], columns: amountColumns, bold: true)
            layout.endTable()
        }
        layout.heading("Totals")
        layout.beginTable(amountColumns)
        layout.row(["All activities", kes(report.totalInflowCents), kes(report.totalOutflowCents), kes(report.netCents), String(report.transactionCount)], columns: amountColumns, bold: true)
        layout.row(["of which fees and charges", "", kes(report.feesCents), "", ""], columns: amountColumns)
        layout.endTable()
        return layout.finish(footer: "Generated \(generatedAt) EAT - M-PESA Analytics")
    }

    private static let metricColumns: [Column] = [
        Column(title: "Measure", position: margin, rightAligned: false),
        Column(title: "Value", position: 545.28, rightAligned: true),
    ]

    private static let monthColumns: [Column] = [
        Column(title: "Month", position: margin, rightAligned: false),
        Column(title: "Inflow", position: 210, rightAligned: true),
        Column(title: "Outflow", position: 300, rightAligned: true),
        Column(title: "Loans in", position: 385, rightAligned: true),
        Column(title: "Loans repaid", position: 470, rightAligned: true),
        Column(title: "Fuliza days", position: 545.28, rightAligned: true),
    ]

    static func pdf(_ summary: LenderSummary, tenantName: String) -> Data {
        var layout = Layout(info: ["Title": "Lender summary", "Author": tenantName, "Producer": "M-PESA Analytics"])
        layout.title("Lender summary")
        layout.paragraph(tenantName, size: 11, bold: true)
        layout.paragraph("Period: \(summary.period.first) to \(summary.period.last) (\(summary.fullMonths) full, \(summary.partialMonths) partial months)")
        layout.paragraph("Reconciliation: \(summary.reconciliation.verdict)", bold: true)

        layout.heading("Flags")
        if summary.flags.isEmpty { layout.paragraph("Nothing stands out.") }
        for flag in summary.flags { layout.paragraph("- " + flag) }

        layout.heading("Income and spending")
        layout.beginTable(metricColumns)
        let metrics: [(String, String)] = [
            ("Total business inflow", kes(summary.totalInflowCents)),
            ("Average monthly inflow", kes(summary.averageMonthlyInflowCents)),
            ("Median monthly inflow", kes(summary.medianMonthlyInflowCents)),
            ("Average monthly outflow", kes(summary.averageMonthlyOutflowCents)),
            ("Stability score (0-100)", summary.incomeStability.score.map(String.init) ?? "n/a"),
            ("Inflow coefficient of variation", summary.incomeStability.coefficientOfVariation.map { String(format: "%.2f", $0) } ?? "n/a"),
            ("Mobile loans received", kes(summary.loanExposure.mobileLoanDisbursedCents)),
            ("Mobile loans repaid", kes(summary.loanExposure.mobileLoanRepaidCents)),
            ("Repayments as share of inflow", percent(summary.loanExposure.repaymentToInflowRatio)),
            ("Fuliza: draws / drawn", "\(summary.loanExposure.fulizaDraws) / \(kes(summary.loanExposure.fulizaDrawnCents))"),
            ("Days in Fuliza overdraft", String(summary.loanExposure.daysInOverdraft)),
            ("Betting (share of inflow)", "\(kes(summary.betting.outflowCents)) (\(percent(summary.betting.shareOfInflow)))"),
            ("Fees (share of outflow)", "\(kes(summary.feesCents)) (\(summary.feeRateBp.map { ReportCSV.percent(basisPoints: $0) } ?? "n/a"))"),
            ("Top 5 payers' share of inflow", percent(summary.concentration.top5ShareOfInflow)),
            ("Lowest end-of-day balance", kes(summary.balances.lowestEndOfDayBalanceCents)),
            ("Days at or below zero", String(summary.balances.daysAtOrBelowZero)),
        ]
        for (name, value) in metrics { layout.row([name, value], columns: metricColumns) }
        layout.endTable()

        layout.heading("Months")
        layout.beginTable(monthColumns)
        for month in summary.months {
            layout.row([month.month + (month.isFull ? "" : " (partial)"), kes(month.inflowCents), kes(month.outflowCents), kes(month.mobileLoanDisbursedCents),
                        kes(month.mobileLoanRepaidCents), String(month.overdraftDays)], columns: monthColumns)
        }
        layout.endTable()

        if !summary.coverageGaps.isEmpty {
            layout.heading("Coverage gaps")
            for gap in summary.coverageGaps { layout.paragraph("\(gap.first) to \(gap.last): \(gap.days) days without data") }
        }
        layout.heading("Notes")
        layout.paragraph(summary.inflowDefinition)
        layout.paragraph(summary.outflowDefinition)
        layout.paragraph("Stability " + summary.incomeStability.formula)
        return layout.finish(footer: "Generated \(summary.generatedAt) EAT - M-PESA Analytics")
    }
}
