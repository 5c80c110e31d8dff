import MPesaCore

/// The KPIs of a window, computed from the daily totals and counterparty totals (pure: storage reads, this adds up).
///
/// Every figure is derived from the same totals rows, so they agree by construction: the categories' inflows sum
/// to the summary's inflow, the buckets' nets sum to its net. Ratios are integers in basis points (1% = 100 bp).
enum LedgerFigures {
    struct Summary: Encodable, Sendable {
        var from: String
        var to: String
        var days: Int
        var inflowCents: Int64 = 0
        var outflowCents: Int64 = 0
        var feesCents: Int64 = 0
        var netCents: Int64 = 0
        var transactionCount: Int64 = 0
        var inflowCount: Int64 = 0
        var outflowCount: Int64 = 0
        var averageInflowCents: Int64 = 0
        var averageOutflowCents: Int64 = 0
        var customerInflowCents: Int64 = 0
        var averageSaleCents: Int64 = 0
        var activeDays: Int = 0
        var feeRateBp: Int64?
        var fuliza: Fuliza
        var growth: Growth?
        var customers: Customers
        /// Money in and out by M-PESA kind (send money, paybill, till, agent, Fuliza …), largest first.
        var byKind: [KindLine] = []
    }

    struct KindLine: Encodable, Sendable, Equatable {
        var kind: String
        var direction: String
        var amountCents: Int64
        var feesCents: Int64
        var count: Int64
    }

    struct Fuliza: Encodable, Sendable, Equatable {
        var draws: Int64 = 0
        var drawnCents: Int64 = 0
        var repayments: Int64 = 0
        var repaidCents: Int64 = 0
        var daysInOverdraft: Int = 0
        /// Fees on Fuliza rows plus what was repaid beyond what was drawn (access and daily charges are taken from
        /// repayments); an estimate, because a draw repaid after the window ends is not counted.
        var estimatedCostCents: Int64 = 0
        var outstandingCents: Int64 = 0
    }

    struct Growth: Encodable, Sendable, Equatable {
        var month: String
        var inflowCents: Int64
        var previousMonth: String
        var previousInflowCents: Int64
        /// nil when the earlier month had no inflow (growth from zero is not a percentage).
        var growthBp: Int64?
    }

    struct Customers: Encodable, Sendable, Equatable {
        var payers: Int = 0
        /// Payers who paid in at least two different months of the window.
        var repeatPayers: Int = 0
        var repeatShareBp: Int64?
        /// Of the previous month's payers, the share who paid again in the last month of the window.
        var retentionBp: Int64?
    }

    static func share(_ part: Int64, of whole: Int64) -> Int64? {
        whole == 0 ? nil : (part * 10_000) / whole
    }

    /// `totals` grouped by month and kind (``TotalsStore/Grouping``); `activeDays` and `customers` are counted in SQL.
    static func summary(window: AnalysisWindow, totals: [DailyTotal], activeDays: Int, customers: Customers, fulizaRows: [LedgerRow]) -> Summary {
        var summary = Summary(from: window.firstDay, to: window.lastDay, days: window.dayCount, fuliza: fuliza(fulizaRows, window: window), customers: customers)
        var monthlyCustomerInflow: [String: Int64] = [:]
        for total in totals {
            summary.transactionCount += total.tx_count
            summary.feesCents += total.fee_cents
            if total.direction == Direction.in.rawValue {
                summary.inflowCents += total.amount_cents
                summary.inflowCount += total.tx_count
                summary.netCents += total.amount_cents - total.fee_cents
            } else {
                summary.outflowCents += total.amount_cents
                summary.outflowCount += total.tx_count
                summary.netCents -= total.amount_cents + total.fee_cents
            }
            if LedgerKinds.isCustomerInflow(kind: total.kind, direction: total.direction) {
                summary.customerInflowCents += total.amount_cents
                monthlyCustomerInflow[String(total.local_day.prefix(7)), default: 0] += total.amount_cents
            }
        }
        let customerCount = totals.filter { LedgerKinds.isCustomerInflow(kind: $0.kind, direction: $0.direction) }.reduce(Int64(0)) { $0 + $1.tx_count }
        summary.activeDays = activeDays
        var kinds: [String: KindLine] = [:]
        for total in totals {
            let key = total.direction + "|" + total.kind
            var line = kinds[key] ?? KindLine(kind: total.kind, direction: total.direction, amountCents: 0, feesCents: 0, count: 0)
            line.amountCents += total.amount_cents
            line.feesCents += total.fee_cents
            line.count += total.tx_count
            kinds[key] = line
        }
        summary.byKind = kinds.values.sorted { ($0.direction, -$0.amountCents, $0.kind) < ($1.direction, -$1.amountCents, $1.kind) }
        summary.averageInflowCents = summary.inflowCount == 0 ? 0 : summary.inflowCents / summary.inflowCount
        summary.averageOutflowCents = summary.outflowCount == 0 ? 0 : summary.outflowCents / summary.outflowCount
        summary.averageSaleCents = customerCount == 0 ? 0 : summary.customerInflowCents / customerCount
        summary.feeRateBp = share(summary.feesCents, of: summary.outflowCents)
        let months = window.fullMonths
        if months.count >= 2 {
            let month = months[months.count - 1]
            let previous = months[months.count - 2]
            let current = monthlyCustomerInflow[month] ?? 0
            let before = monthlyCustomerInflow[previous] ?? 0
            summary.growth = Growth(month: month, inflowCents: current, previousMonth: previous, previousInflowCents: before, growthBp: share(current - before, of: before))
        }
        return summary
    }

    /// Draws, repayments, days with Fuliza debt outstanding (running draws − repayments, from the window's rows).
    static func fuliza(_ rows: [LedgerRow], window: AnalysisWindow) -> Fuliza {
        var fuliza = Fuliza()
        var outstanding: Int64 = 0
        var overdraftDays: Set<Int> = []
        var openedOn: Int?
        for row in rows {
            let day = row.localTime.dayNumber
            fuliza.estimatedCostCents += row.feeCents
            if row.kind == .fulizaDraw {
                fuliza.draws += 1
                fuliza.drawnCents += row.amountCents
                if outstanding <= 0 { openedOn = day }
                outstanding += row.amountCents
            } else {
                fuliza.repayments += 1
                fuliza.repaidCents += row.amountCents
                outstanding -= row.amountCents
                if outstanding <= 0, let opened = openedOn {
                    for d in opened..<max(day, opened + 1) { overdraftDays.insert(d) }
                    openedOn = nil
                }
            }
        }
        if outstanding > 0, let opened = openedOn {
            for d in opened...window.last.dayNumber { overdraftDays.insert(d) }
        }
        fuliza.daysInOverdraft = overdraftDays.filter { $0 >= window.first.dayNumber && $0 <= window.last.dayNumber }.count
        fuliza.outstandingCents = max(0, outstanding)
        fuliza.estimatedCostCents += max(0, fuliza.repaidCents - fuliza.drawnCents)
        return fuliza
    }

    struct Point: Encodable, Sendable, Equatable {
        var key: String
        var firstDay: String
        var lastDay: String
        var inflowCents: Int64 = 0
        var outflowCents: Int64 = 0
        var feesCents: Int64 = 0
        var netCents: Int64 = 0
        var count: Int64 = 0
    }

    static func timeseries(window: AnalysisWindow, totals: [DailyTotal]) -> [Point] {
        let buckets = window.buckets
        var points = buckets.map { Point(key: $0.key, firstDay: $0.firstDay, lastDay: $0.lastDay) }
        var index: [String: Int] = [:]
        for (offset, bucket) in buckets.enumerated() { index[bucket.key] = offset }
        for total in totals {
            guard let day = LocalDateTime(parsing: total.local_day), let slot = index[window.bucketKey(of: day.dayNumber)] else { continue }
            points[slot].count += total.tx_count
            points[slot].feesCents += total.fee_cents
            if total.direction == Direction.in.rawValue {
                points[slot].inflowCents += total.amount_cents
                points[slot].netCents += total.amount_cents - total.fee_cents
            } else {
                points[slot].outflowCents += total.amount_cents
                points[slot].netCents -= total.amount_cents + total.fee_cents
            }
        }
        return points
    }

    struct CategoryLine: Encodable, Sendable, Equatable {
        var category: String
        var direction: String
        var amountCents: Int64
        var feesCents: Int64
        var count: Int64
        /// Share of the direction's total amount.
        var shareBp: Int64?
        var byBucket: [String: Int64]
    }

    static func categories(window: AnalysisWindow, totals: [DailyTotal]) -> [CategoryLine] {
        var lines: [String: CategoryLine] = [:]
        var directionTotals: [String: Int64] = [:]
        for total in totals {
            let id = total.direction + "|" + total.category
            var line = lines[id] ?? CategoryLine(category: total.category, direction: total.direction, amountCents: 0, feesCents: 0, count: 0, shareBp: nil, byBucket: [:])
            line.amountCents += total.amount_cents
            line.feesCents += total.fee_cents
            line.count += total.tx_count
            if let day = LocalDateTime(parsing: total.local_day) { line.byBucket[window.bucketKey(of: day.dayNumber), default: 0] += total.amount_cents }
            lines[id] = line
            directionTotals[total.direction, default: 0] += total.amount_cents
        }
        return lines.values.map { line in
            var line = line
            line.shareBp = share(line.amountCents, of: directionTotals[line.direction] ?? 0)
            return line
        }.sorted { ($0.direction, -$0.amountCents, $0.category) < ($1.direction, -$1.amountCents, $1.category) }
    }

    struct CounterpartyLine: Encodable, Sendable, Equatable {
        var counterpartyKey: String
        var name: String?
        var amountCents: Int64
        var count: Int64
        var shareBp: Int64?
        var months: Int
        var previousAmountCents: Int64
        /// Change against the previous period of the same length; nil when it had nothing.
        var trendBp: Int64?
    }

    static func top(_ current: [CounterpartyTotal], previous: [String: Int64], totalCents: Int64) -> [CounterpartyLine] {
        current.map { item in
            let before = previous[item.key] ?? 0
            return CounterpartyLine(
                counterpartyKey: item.key, name: item.name, amountCents: item.amountCents, count: item.count, shareBp: share(item.amountCents, of: totalCents),
                months: item.months, previousAmountCents: before, trendBp: share(item.amountCents - before, of: before)
            )
        }
    }

    struct HeatCell: Encodable, Sendable, Equatable {
        /// ISO weekday, Monday 1 … Sunday 7.
        var weekday: Int
        var hour: Int
        var count: Int64
        var inflowCents: Int64
        var outflowCents: Int64
    }

    static func heatmap(_ hourly: [(day: String, hour: Int, direction: String, amount: Int64, count: Int64)]) -> [HeatCell] {
        var cells = (1...7).flatMap { weekday in (0..<24).map { HeatCell(weekday: weekday, hour: $0, count: 0, inflowCents: 0, outflowCents: 0) } }
        for item in hourly {
            guard let day = LocalDateTime(parsing: item.day), (0..<24).contains(item.hour) else { continue }
            let slot = (day.weekday - 1) * 24 + item.hour
            cells[slot].count += item.count
            if item.direction == Direction.in.rawValue { cells[slot].inflowCents += item.amount } else { cells[slot].outflowCents += item.amount }
        }
        return cells
    }
}
