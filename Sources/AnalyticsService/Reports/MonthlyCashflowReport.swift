import Forecasting
import MPesaCore

/// One month of a tenant's money as a statement of cash flows: operating, financing, own transfers and charges, with
/// opening and closing balances and a check against the balances M-PESA printed.
///
/// Every row's amount lands on exactly one line and its fee on the fees line, so the lines always add up to the
/// totals and opening + net = closing (tests pin both).
struct MonthlyCashflowReport: Sendable, Hashable, Codable {
    /// One category (or financing flow) of a section.
    struct Line: Sendable, Hashable, Codable {
        /// The category slug, or `fuliza` / `mobile_loans` / `savings` on the financing lines.
        var category: String
        var label: String
        var inflowCents: Int64
        var outflowCents: Int64
        var netCents: Int64
        /// Transactions on the line; on the fees line, the transactions that carried a charge.
        var count: Int
    }

    struct Section: Sendable, Hashable, Codable {
        var section: CashflowSection
        var title: String
        var lines: [Line]
        var inflowCents: Int64
        var outflowCents: Int64
        var netCents: Int64
    }

    /// Where the opening balance came from.
    enum OpeningSource: String, Sendable, Hashable, Codable {
        case given
        /// Worked back from the first printed balance of the month.
        case derived
        case unknown
    }

    var year: Int
    var month: Int
    var period: DayRange
    var sections: [Section]
    var totalInflowCents: Int64
    var totalOutflowCents: Int64
    var netCents: Int64
    /// Charges on transactions plus stand-alone charges (the fees section's outflow).
    var feesCents: Int64
    var openingBalanceCents: Int64?
    var openingBalanceSource: OpeningSource
    var closingBalanceCents: Int64?
    var balanceCheck: BalanceCheck
    var daysWithTransactions: Int
    var transactionCount: Int

    /// Builds the report of `year`-`month` from `rows` (rows of other months are ignored). An invalid month yields an
    /// empty report of January of that year rather than a crash; routes validate the month first.
    static func build(rows: [LedgerRow], year: Int, month: Int, openingBalanceCents: Int64?) -> MonthlyCashflowReport {
        let period = DayRange(year: year, month: month) ?? DayRange(year: 2000, month: 1)!
        let monthRows = rows.filter { period.contains($0.localTime) }

        struct Accumulator {
            var inflow: Int64 = 0
            var outflow: Int64 = 0
            var count = 0
        }
        var lines: [String: Accumulator] = [:]
        for row in monthRows {
            let key = LedgerFlow.lineKey(for: row)
            if row.direction == .in {
                lines[key, default: Accumulator()].inflow += row.amountCents
            } else {
                lines[key, default: Accumulator()].outflow += row.amountCents
            }
            lines[key, default: Accumulator()].count += 1
            if row.feeCents != 0 {
                lines[CategoryTable.feesCharges, default: Accumulator()].outflow += row.feeCents
                // A stand-alone charge row is already counted on the fees line by its amount.
                if key != CategoryTable.feesCharges { lines[CategoryTable.feesCharges, default: Accumulator()].count += 1 }
            }
        }

        let sections: [Section] = CashflowSection.allCases.compactMap { section in
            let sectionLines = lines.filter { LedgerFlow.section(ofLine: $0.key) == section }
                .map { key, value in
                    Line(category: key, label: CategoryTable.label(for: key), inflowCents: value.inflow, outflowCents: value.outflow,
                         netCents: value.inflow - value.outflow, count: value.count)
                }
                // Biggest movements first, so the lines people care about lead each section.
                .sorted { ($0.inflowCents + $0.outflowCents, $1.category) > ($1.inflowCents + $1.outflowCents, $0.category) }
            guard !sectionLines.isEmpty else { return nil }
            let inflow = sectionLines.reduce(Int64(0)) { $0 + $1.inflowCents }
            let outflow = sectionLines.reduce(Int64(0)) { $0 + $1.outflowCents }
            return Section(section: section, title: section.title, lines: sectionLines, inflowCents: inflow, outflowCents: outflow, netCents: inflow - outflow)
        }
        let totalInflow = sections.reduce(Int64(0)) { $0 + $1.inflowCents }
        let totalOutflow = sections.reduce(Int64(0)) { $0 + $1.outflowCents }
        let net = totalInflow - totalOutflow

        var opening = openingBalanceCents
        var source: OpeningSource = opening == nil ? .unknown : .given
        if opening == nil, let firstIndex = monthRows.firstIndex(where: { $0.balanceCents != nil }), let printed = monthRows[firstIndex].balanceCents {
            // The printed balance already includes every row up to it, so all of them are undone, not just its own.
            opening = monthRows[...firstIndex].reduce(printed) { $0 - $1.netCents }
            source = .derived
        }

        return MonthlyCashflowReport(
            year: year,
            month: month,
            period: period,
            sections: sections,
            totalInflowCents: totalInflow,
            totalOutflowCents: totalOutflow,
            netCents: net,
            feesCents: lines[CategoryTable.feesCharges]?.outflow ?? 0,
            openingBalanceCents: opening,
            openingBalanceSource: source,
            closingBalanceCents: opening.map { $0 + net },
            balanceCheck: BalanceCheck.check(rows: monthRows, openingBalanceCents: opening),
            daysWithTransactions: Set(monthRows.map { $0.localTime.date }).count,
            transactionCount: monthRows.count
        )
    }
}
