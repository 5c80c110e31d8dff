import Foundation
import MPesaCore

/// Renders the monthly cash-flow report and the lender summary as RFC 4180 CSV that is safe to open in a spreadsheet.
///
/// Amounts are decimal KES with two decimals computed from cents by integer division, never through floating point.
/// Cells a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) get a leading
/// `'`; plain negative numbers are left alone so they stay numbers.
enum ReportCSV {
    static let lineEnding = "\r\n"

    /// `1234.50`, `-0.05`: no thousands separators so spreadsheets read a number.
    static func amount(_ cents: Int64) -> String {
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return "\(cents < 0 ? "-" : "")\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    static func amount(_ cents: Int64?) -> String { cents.map { amount($0) } ?? "" }

    /// A ratio with four decimals (ratios may be floating point; only money may not).
    static func ratio(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "" }

    /// Basis points as a percentage with two decimals, by integer arithmetic (`9` → `0.09%`).
    static func percent(basisPoints: Int64) -> String {
        let magnitude = basisPoints.magnitude
        return "\(basisPoints < 0 ? "-" : "")\(magnitude / 100).\(magnitude % 100 < 10 ? "0" : "")\(magnitude % 100)%"
    }

    static func isPlainNumber(_ text: String) -> Bool {
        var body = Substring(text)
        if body.first == "-" { body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        return !parts[0].isEmpty && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    /// One cell: neutralised against formula injection, then quoted when it holds a comma, quote, line break or
    /// surrounding space.
    static func cell(_ text: String) -> String {
        var value = text
        if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first), !isPlainNumber(value) {
            value = "'" + value
        }
        let needsQuotes = value.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            || value.first == " " || value.last == " "
        return needsQuotes ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }

    static func row(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",") + lineEnding
    }

    static func csv(_ report: MonthlyCashflowReport, tenantName: String) -> String {
        var out = row(["Report", "Monthly cash flow"])
        out += row(["Tenant", tenantName])
        out += row(["Period", report.period.first.description, report.period.last.description])
        out += row(["Currency", "KES"])
        out += row(["Opening balance", amount(report.openingBalanceCents), report.openingBalanceSource.rawValue])
        out += row(["Closing balance", amount(report.closingBalanceCents)])
        out += row(["Balance check", report.balanceCheck.summary])
        out += row(["Transactions", String(report.transactionCount)])
        out += row(["Days with transactions", String(report.daysWithTransactions)])
        out += lineEnding
        out += row(["Section", "Category", "Label", "Inflow", "Outflow", "Net", "Count"])
        for section in report.sections {
            for line in section.lines {
                out += row([section.section.rawValue, line.category, line.label, amount(line.inflowCents), amount(line.outflowCents), amount(line.netCents), String(line.count)])
            }
            out += row([section.section.rawValue, "", "Total \(section.title)", amount(section.inflowCents), amount(section.outflowCents), amount(section.netCents), ""])
        }
        out += row(["total", "", "Total", amount(report.totalInflowCents), amount(report.totalOutflowCents), amount(report.netCents), String(report.transactionCount)])
        return out
    }

    static func csv(_ summary: LenderSummary, tenantName: String) -> String {
        var out = row(["Report", "Lender summary"])
        out += row(["Tenant", tenantName])
        out += row(["Period", summary.period.first.description, summary.period.last.description])
        out += row(["Generated at", summary.generatedAt.description])
        out += row(["Currency", "KES"])
        out += row(["Reconciliation", summary.reconciliation.verdict])
        out += lineEnding
        out += row(["Metric", "Value"])
        let metrics: [(String, String)] = [
            ("Full months", String(summary.fullMonths)),
            ("Partial months", String(summary.partialMonths)),
            ("Total business inflow", amount(summary.totalInflowCents)),
            ("Total outflow", amount(summary.totalOutflowCents)),
            ("Average monthly inflow", amount(summary.averageMonthlyInflowCents)),
            ("Median monthly inflow", amount(summary.medianMonthlyInflowCents)),
            ("Average monthly outflow", amount(summary.averageMonthlyOutflowCents)),
            ("Inflow coefficient of variation", ratio(summary.incomeStability.coefficientOfVariation)),
            ("Share of months with inflow >= 50% of median", ratio(summary.incomeStability.shareOfMonthsAtLeastHalfMedian)),
            ("Stability score (0-100)", summary.incomeStability.score.map(String.init) ?? ""),
            ("Mobile loans received", amount(summary.loanExposure.mobileLoanDisbursedCents)),
            ("Mobile loans repaid", amount(summary.loanExposure.mobileLoanRepaidCents)),
            ("Repayment to inflow ratio", ratio(summary.loanExposure.repaymentToInflowRatio)),
            ("Fuliza draws", String(summary.loanExposure.fulizaDraws)),
            ("Fuliza drawn", amount(summary.loanExposure.fulizaDrawnCents)),
            ("Days in Fuliza overdraft", String(summary.loanExposure.daysInOverdraft)),
            ("Betting", amount(summary.betting.outflowCents)),
            ("Bets", String(summary.betting.count)),
            ("Betting share of outflow", ratio(summary.betting.shareOfOutflow)),
            ("Betting share of inflow", ratio(summary.betting.shareOfInflow)),
            ("Fees", amount(summary.feesCents)),
            ("Fee rate", summary.feeRateBp.map { percent(basisPoints: $0) } ?? ""),
            ("Top 5 payers share of inflow", ratio(summary.concentration.top5ShareOfInflow)),
            ("Payer HHI (0-10000)", summary.concentration.hhi.map { String(format: "%.0f", $0) } ?? ""),
            ("Lowest end-of-day balance", amount(summary.balances.lowestEndOfDayBalanceCents)),
            ("Days at or below zero", String(summary.balances.daysAtOrBelowZero)),
        ]
        for (name, value) in metrics { out += row([name, value]) }
        out += lineEnding
        out += row(["Month", "Full", "Inflow", "Outflow", "Mobile loans received", "Mobile loans repaid", "Fuliza draws", "Fuliza drawn", "Overdraft days"])
        for month in summary.months {
            out += row([month.month, month.isFull ? "yes" : "no", amount(month.inflowCents), amount(month.outflowCents), amount(month.mobileLoanDisbursedCents),
                        amount(month.mobileLoanRepaidCents), String(month.fulizaDraws), amount(month.fulizaDrawnCents), String(month.overdraftDays)])
        }
        if !summary.coverageGaps.isEmpty {
            out += lineEnding
            out += row(["Coverage gap from", "to", "Days"])
            for gap in summary.coverageGaps { out += row([gap.first, gap.last, String(gap.days)]) }
        }
        out += lineEnding
        out += row(["Flags"])
        for flag in summary.flags { out += row([flag]) }
        out += lineEnding
        out += row(["Note", summary.inflowDefinition])
        out += row(["Note", summary.outflowDefinition])
        out += row(["Note", summary.incomeStability.formula])
        return out
    }
}
