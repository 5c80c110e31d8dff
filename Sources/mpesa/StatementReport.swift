import MPesaCore
import StatementParsing

/// The terminal report of `mpesa analyze`: who and when, the verdict and why, totals, top counterparties and
/// money in and out per month.
struct StatementReport {
    let statement: ParsedStatement

    init(_ statement: ParsedStatement) {
        self.statement = statement
    }

    var text: String {
        var lines: [String] = []
        let metadata = statement.metadata
        lines.append("M-PESA statement (\(metadata.format.rawValue))")
        if let name = metadata.customerName ?? metadata.organization { lines.append("  account holder  \(name)") }
        if let mobile = metadata.maskedMobile { lines.append("  mobile          \(mobile)") }
        if let shortcode = metadata.shortcode { lines.append("  shortcode       \(shortcode)") }
        if let start = metadata.periodStart, let end = metadata.periodEnd { lines.append("  period          \(start.date) to \(end.date)") }
        if let pages = metadata.pageCount { lines.append("  pages           \(pages)") }
        lines.append("  rows            \(statement.rows.count) (\(statement.transactions.count) transactions)")
        if let opening = metadata.openingBalanceCents { lines.append("  opening balance \(Money(cents: opening))") }
        if let closing = metadata.closingBalanceCents { lines.append("  closing balance \(Money(cents: closing))") }

        let report = statement.reconciliation
        lines.append("")
        lines.append("Reconciliation: \(report.verdict.rawValue.uppercased())")
        for (name, outcome) in report.checks.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(outcome.rawValue)")
        }
        let notable = report.findings.filter { $0.severity != .info }
        for finding in notable.prefix(10) {
            lines.append("  [\(finding.severity.rawValue)] \(finding.message)")
        }
        if notable.count > 10 { lines.append("  … and \(notable.count - 10) more findings (see --json)") }

        let completed = statement.transactions.filter { $0.status == .completed }
        let moneyIn = completed.filter { $0.direction == .in }.reduce(Int64(0)) { $0 + $1.amountCents }
        let moneyOut = completed.filter { $0.direction == .out }.reduce(Int64(0)) { $0 + $1.amountCents }
        let fees = completed.reduce(Int64(0)) { $0 + $1.feeCents }
        lines.append("")
        lines.append("Totals")
        lines.append("  money in        \(Money(cents: moneyIn))")
        lines.append("  money out       \(Money(cents: moneyOut))")
        lines.append("  fees paid       \(Money(cents: fees))")
        lines.append("  net             \(Money(cents: moneyIn - moneyOut - fees))")

        for (title, direction) in [("Top payers", Direction.in), ("Top payees", Direction.out)] {
            var totals: [String: (Int64, Int)] = [:]
            for transaction in completed where transaction.direction == direction && transaction.kind != .fulizaDraw {
                let name = transaction.counterparty?.name ?? transaction.counterparty?.shortcode ?? transaction.kind.rawValue
                totals[name, default: (0, 0)].0 += transaction.amountCents
                totals[name, default: (0, 0)].1 += 1
            }
            lines.append("")
            lines.append(title)
            for (name, (total, count)) in totals.sorted(by: { $0.value.0 > $1.value.0 }).prefix(5) {
                lines.append("  \(String(name.prefix(36)).padding(toLength: 36, withPad: " ", startingAt: 0)) \(Money(cents: total).description.leftPadded(18))  \(count)×")
            }
        }

        var months: [String: (Int64, Int64)] = [:]
        for transaction in completed {
            let month = String(transaction.localTime.date.prefix(7))
            if transaction.direction == .in { months[month, default: (0, 0)].0 += transaction.amountCents } else { months[month, default: (0, 0)].1 += transaction.amountCents + transaction.feeCents }
        }
        lines.append("")
        lines.append("Month      " + "money in".leftPadded(18) + "money out".leftPadded(18))
        for (month, (moneyIn, moneyOut)) in months.sorted(by: { $0.key < $1.key }) {
            lines.append("\(month)    " + Money(cents: moneyIn).description.leftPadded(18) + Money(cents: moneyOut).description.leftPadded(18))
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
