import Forecasting
import MPesaCore

/// What a lender asks of an M-PESA statement before lending: how much and how steadily the business earns, what it
/// already owes, whether it bets, how thin its balance runs, and whether the statements can be trusted.
///
/// The metric set follows `finance-analytics.md` §1.5 ("Metric set for our lender/SMB insights report").
struct LenderSummary: Sendable, Hashable, Codable {
    /// Months of history below this are flagged as too short to judge.
    static let minimumFullMonths = 3
    /// Unexplained days without data longer than this are coverage gaps.
    static let maximumSilentDays = 3
    static let unstableScore = 50
    static let heavyRepaymentRatio = 0.30
    static let bettingShareOfInflowFlag = 0.05
    /// 1.5% of outflow, in basis points.
    static let feeRateFlagBp: Int64 = 150
    static let concentratedTop5Share = 0.80
    /// Overdraft on more than this many days per covered month is flagged.
    static let overdraftDaysPerMonthFlag = 10
    static let zeroBalanceDaysFlag = 5

    static let inflowDefinition = "Business inflow: money received from customers, employers and other payers. "
        + "It excludes loans and Fuliza, cash deposits, reversals, withdrawals from own savings and the owner's own transfers."
    static let outflowDefinition = "Outflow: all money paid out including M-PESA charges, except deposits into the owner's own savings."
    static let stabilityFormula = "score = round(60 x max(0, 1 - CV) + 40 x share of months with inflow >= 50% of the median), "
        + "where CV is the coefficient of variation (population standard deviation / mean) of monthly inflow; "
        + "computed over full calendar months (partial months when there is no full one), needs at least 2 months."

    struct MonthFigures: Sendable, Hashable, Codable {
        /// `YYYY-MM`.
        var month: String
        /// The whole calendar month lies inside the period.
        var isFull: Bool
        var daysInPeriod: Int
        var inflowCents: Int64
        var outflowCents: Int64
        var mobileLoanDisbursedCents: Int64
        var mobileLoanRepaidCents: Int64
        var fulizaDraws: Int
        var fulizaDrawnCents: Int64
        var overdraftDays: Int
    }

    struct IncomeStability: Sendable, Hashable, Codable {
        var coefficientOfVariation: Double?
        var shareOfMonthsAtLeastHalfMedian: Double?
        /// 0–100, higher is steadier; nil with fewer than 2 months.
        var score: Int?
        var formula: String
    }

    struct LoanExposure: Sendable, Hashable, Codable {
        var mobileLoanDisbursements: Int
        var mobileLoanDisbursedCents: Int64
        var mobileLoanRepayments: Int
        var mobileLoanRepaidCents: Int64
        var averageMonthlyDisbursedCents: Int64?
        var averageMonthlyRepaidCents: Int64?
        /// Mobile-lender repayments ÷ business inflow (Fuliza excluded; it is reported on its own).
        var repaymentToInflowRatio: Double?
        var fulizaDraws: Int
        var fulizaDrawnCents: Int64
        var fulizaRepaidCents: Int64
        var daysInOverdraft: Int
    }

    struct BettingExposure: Sendable, Hashable, Codable {
        var outflowCents: Int64
        var count: Int
        var shareOfOutflow: Double?
        var shareOfInflow: Double?
    }

    struct Concentration: Sendable, Hashable, Codable {
        /// Share of business inflow from the five biggest payers.
        var top5ShareOfInflow: Double?
        /// Herfindahl–Hirschman index of payers on the 0–10,000 scale.
        var hhi: Double?
        var payers: Int
    }

    struct Balances: Sendable, Hashable, Codable {
        var lowestEndOfDayBalanceCents: Int64?
        var lowestDay: String?
        /// Days whose end-of-day balance (the last printed, carried over quiet days) was zero or less.
        var daysAtOrBelowZero: Int
        var daysWithKnownBalance: Int
    }

    struct CoverageGap: Sendable, Hashable, Codable {
        var first: String
        var last: String
        var days: Int
    }

    struct Reconciliation: Sendable, Hashable, Codable {
        /// `verified`, `inconsistent: figures may be tampered` or `unverified`.
        var verdict: String
        var statements: [StatementVerdict]
    }

    var period: DayRange
    var generatedAt: LocalDateTime
    var months: [MonthFigures]
    var fullMonths: Int
    var partialMonths: Int
    var inflowDefinition: String
    var outflowDefinition: String
    var totalInflowCents: Int64
    var totalOutflowCents: Int64
    /// Averages and medians are over full months when there is at least one, else over the partial months.
    var averagedOverFullMonths: Bool
    var averageMonthlyInflowCents: Int64?
    var medianMonthlyInflowCents: Int64?
    var averageMonthlyOutflowCents: Int64?
    var incomeStability: IncomeStability
    var loanExposure: LoanExposure
    var betting: BettingExposure
    var feesCents: Int64
    /// Fees ÷ outflow in basis points (1% = 100), as the summary's `fee_rate_bp`; nil without outflow.
    var feeRateBp: Int64?
    var concentration: Concentration
    var balances: Balances
    var coverageGaps: [CoverageGap]
    var reconciliation: Reconciliation
    /// Plain-language points a lender should look at, most serious first.
    var flags: [String]

    /// Summarises `rows` between `from` and `to` inclusive (swapped if given backwards; rows outside are ignored).
    static func build(rows: [LedgerRow], from: CalendarDay, to: CalendarDay, reconciliation: [StatementVerdict], generatedAt: LocalDateTime) -> LenderSummary {
        let period = DayRange(first: min(from, to), last: max(from, to))!
        let rows = rows.filter { period.contains($0.localTime) }
        let overdraft = FulizaOverdraft.overdraftDays(rows: rows, in: period)

        var months: [MonthFigures] = []
        var monthStart = period.first.firstOfMonth
        while monthStart <= period.last {
            let monthEnd = monthStart.lastOfMonth
            let key = monthStart.monthKey
            let monthRows = rows.filter { $0.localTime.date.hasPrefix(key) }
            let fulizaDraws = monthRows.filter(LedgerFlow.isFulizaDraw)
            months.append(MonthFigures(
                month: key,
                isFull: period.first <= monthStart && monthEnd <= period.last,
                daysInPeriod: max(monthStart, period.first).days(to: min(monthEnd, period.last)) + 1,
                inflowCents: sum(monthRows.filter(LedgerFlow.isBusinessInflow)) { $0.amountCents },
                outflowCents: sum(monthRows.filter(LedgerFlow.isSpending)) { $0.amountCents + $0.feeCents },
                mobileLoanDisbursedCents: sum(monthRows.filter(LedgerFlow.isMobileLoanDisbursement)) { $0.amountCents },
                mobileLoanRepaidCents: sum(monthRows.filter(LedgerFlow.isMobileLoanRepayment)) { $0.amountCents },
                fulizaDraws: fulizaDraws.count,
                fulizaDrawnCents: sum(fulizaDraws) { $0.amountCents },
                overdraftDays: overdraft.filter { $0.monthKey == key }.count
            ))
            monthStart = monthStart.firstOfMonth(offsetBy: 1)
        }
        let fullMonths = months.filter(\.isFull)
        let basis = fullMonths.isEmpty ? months : fullMonths
        let basisInflows = basis.map(\.inflowCents)

        let totalInflow = sum(rows.filter(LedgerFlow.isBusinessInflow)) { $0.amountCents }
        let totalOutflow = sum(rows.filter(LedgerFlow.isSpending)) { $0.amountCents + $0.feeCents }

        let stability = incomeStability(monthlyInflows: basisInflows)
        let loans = LoanExposure(
            mobileLoanDisbursements: rows.filter(LedgerFlow.isMobileLoanDisbursement).count,
            mobileLoanDisbursedCents: sum(rows.filter(LedgerFlow.isMobileLoanDisbursement)) { $0.amountCents },
            mobileLoanRepayments: rows.filter(LedgerFlow.isMobileLoanRepayment).count,
            mobileLoanRepaidCents: sum(rows.filter(LedgerFlow.isMobileLoanRepayment)) { $0.amountCents },
            averageMonthlyDisbursedCents: RobustStatistics.mean(basis.map(\.mobileLoanDisbursedCents)),
            averageMonthlyRepaidCents: RobustStatistics.mean(basis.map(\.mobileLoanRepaidCents)),
            repaymentToInflowRatio: RobustStatistics.share(sum(rows.filter(LedgerFlow.isMobileLoanRepayment)) { $0.amountCents }, of: totalInflow),
            fulizaDraws: rows.filter(LedgerFlow.isFulizaDraw).count,
            fulizaDrawnCents: sum(rows.filter(LedgerFlow.isFulizaDraw)) { $0.amountCents },
            fulizaRepaidCents: sum(rows.filter(LedgerFlow.isFulizaRepayment)) { $0.amountCents },
            daysInOverdraft: overdraft.count
        )
        let bets = rows.filter(LedgerFlow.isBetting)
        let bettingCents = sum(bets) { $0.amountCents + $0.feeCents }
        let betting = BettingExposure(
            outflowCents: bettingCents,
            count: bets.count,
            shareOfOutflow: RobustStatistics.share(bettingCents, of: totalOutflow),
            shareOfInflow: RobustStatistics.share(bettingCents, of: totalInflow)
        )
        let fees = sum(rows) { FeeLeakageInsight.feeCents(of: $0) }

        var byPayer: [String: Int64] = [:]
        for row in rows where LedgerFlow.isBusinessInflow(row) {
            if let key = row.counterpartyKey { byPayer[key, default: 0] += row.amountCents }
        }
        let top5 = byPayer.values.sorted(by: >).prefix(5).reduce(Int64(0), +)
        let concentration = Concentration(
            top5ShareOfInflow: RobustStatistics.share(top5, of: totalInflow),
            hhi: RobustStatistics.herfindahlIndex(Array(byPayer.values), total: totalInflow),
            payers: byPayer.count
        )

        let summary = LenderSummary(
            period: period,
            generatedAt: generatedAt,
            months: months,
            fullMonths: fullMonths.count,
            partialMonths: months.count - fullMonths.count,
            inflowDefinition: inflowDefinition,
            outflowDefinition: outflowDefinition,
            totalInflowCents: totalInflow,
            totalOutflowCents: totalOutflow,
            averagedOverFullMonths: !fullMonths.isEmpty,
            averageMonthlyInflowCents: RobustStatistics.mean(basisInflows),
            medianMonthlyInflowCents: RobustStatistics.median(basisInflows),
            averageMonthlyOutflowCents: RobustStatistics.mean(basis.map(\.outflowCents)),
            incomeStability: stability,
            loanExposure: loans,
            betting: betting,
            feesCents: fees,
            feeRateBp: totalOutflow == 0 ? nil : fees * 10_000 / totalOutflow,
            concentration: concentration,
            balances: balances(rows: rows, in: period),
            coverageGaps: coverageGaps(rows: rows, in: period, statements: reconciliation),
            reconciliation: Reconciliation(verdict: verdict(of: reconciliation), statements: reconciliation),
            flags: []
        )
        var result = summary
        result.flags = flags(for: summary)
        return result
    }

    private static func sum(_ rows: [LedgerRow], _ amount: (LedgerRow) -> Int64) -> Int64 {
        rows.reduce(Int64(0)) { $0 + amount($1) }
    }

    static func incomeStability(monthlyInflows: [Int64]) -> IncomeStability {
        let cv = RobustStatistics.coefficientOfVariation(monthlyInflows)
        var share: Double?
        if monthlyInflows.count >= 2, let median = RobustStatistics.median(monthlyInflows), median > 0 {
            // ≥ 50% of the median, compared in integers: 2 × inflow ≥ median.
            share = Double(monthlyInflows.filter { $0 * 2 >= median }.count) / Double(monthlyInflows.count)
        }
        var score: Int?
        if let cv, let share {
            score = Int((60 * max(0, 1 - cv) + 40 * share).rounded())
        }
        return IncomeStability(coefficientOfVariation: cv, shareOfMonthsAtLeastHalfMedian: share, score: score, formula: stabilityFormula)
    }

    /// End-of-day balances from the printed ones, carried over days without transactions from the first printed one.
    static func balances(rows: [LedgerRow], in period: DayRange) -> Balances {
        var endOfDay: [CalendarDay: Int64] = [:]
        for row in rows {
            if let balance = row.balanceCents { endOfDay[CalendarDay(row.localTime)] = balance }
        }
        guard let firstDay = endOfDay.keys.min() else {
            return Balances(lowestEndOfDayBalanceCents: nil, lowestDay: nil, daysAtOrBelowZero: 0, daysWithKnownBalance: 0)
        }
        var current: Int64 = 0
        var lowest: (CalendarDay, Int64)?
        var atOrBelowZero = 0
        var known = 0
        for day in period.days where day >= firstDay {
            if let balance = endOfDay[day] { current = balance }
            known += 1
            if current <= 0 { atOrBelowZero += 1 }
            if lowest == nil || current < lowest!.1 { lowest = (day, current) }
        }
        return Balances(lowestEndOfDayBalanceCents: lowest?.1, lowestDay: lowest?.0.description, daysAtOrBelowZero: atOrBelowZero, daysWithKnownBalance: known)
    }

    /// Runs of more than ``maximumSilentDays`` days inside the period covered by no statement and holding no transaction.
    static func coverageGaps(rows: [LedgerRow], in period: DayRange, statements: [StatementVerdict]) -> [CoverageGap] {
        var covered = Set(rows.map { CalendarDay($0.localTime) })
        for statement in statements {
            guard let start = CalendarDay(parsing: statement.periodStart), let end = CalendarDay(parsing: statement.periodEnd),
                let range = DayRange(first: max(start, period.first), last: min(end, period.last))
            else { continue }
            covered.formUnion(range.days)
        }
        var gaps: [CoverageGap] = []
        var runStart: CalendarDay?
        for day in period.days + [period.last.adding(days: 1)] {
            let isCovered = covered.contains(day) || day > period.last
            if !isCovered, runStart == nil { runStart = day }
            if isCovered, let start = runStart {
                let length = start.days(to: day)
                if length > maximumSilentDays {
                    gaps.append(CoverageGap(first: start.description, last: day.adding(days: -1).description, days: length))
                }
                runStart = nil
            }
        }
        return gaps
    }

    static func verdict(of statements: [StatementVerdict]) -> String {
        if statements.contains(where: { $0.verdict == "inconsistent" }) { return "inconsistent: figures may be tampered" }
        if !statements.isEmpty, statements.allSatisfy({ $0.verdict == "verified" }) { return "verified" }
        return "unverified"
    }

    static func flags(for summary: LenderSummary) -> [String] {
        var flags: [String] = []
        if summary.reconciliation.verdict.hasPrefix("inconsistent") {
            flags.append("At least one statement's balances do not add up: the figures may have been altered.")
        } else if summary.reconciliation.verdict == "unverified" {
            flags.append("The statements could not be verified against their printed balances.")
        }
        for gap in summary.coverageGaps {
            flags.append("No statement data for \(gap.days) days, \(gap.first) to \(gap.last).")
        }
        if summary.fullMonths < minimumFullMonths {
            flags.append("Only \(summary.fullMonths) full month\(summary.fullMonths == 1 ? "" : "s") of history; figures are less reliable.")
        }
        if let share = summary.betting.shareOfInflow, share > bettingShareOfInflowFlag {
            flags.append("Betting took \(RobustStatistics.percent(share)) of income (\(summary.betting.count) bets, \(Money(cents: summary.betting.outflowCents))).")
        } else if summary.betting.shareOfInflow == nil, summary.betting.count > 0 {
            flags.append("\(summary.betting.count) bets (\(Money(cents: summary.betting.outflowCents))) with no business income in the period.")
        }
        if let ratio = summary.loanExposure.repaymentToInflowRatio, ratio > heavyRepaymentRatio {
            flags.append("Mobile-loan repayments take \(RobustStatistics.percent(ratio)) of income.")
        }
        let coveredMonths = max(1, summary.months.count)
        if summary.loanExposure.daysInOverdraft > overdraftDaysPerMonthFlag * coveredMonths {
            flags.append("In Fuliza overdraft on \(summary.loanExposure.daysInOverdraft) days (\(summary.loanExposure.fulizaDraws) draws).")
        }
        if let score = summary.incomeStability.score, score < unstableScore {
            flags.append("Monthly income is unsteady (stability score \(score)/100).")
        }
        if summary.balances.daysAtOrBelowZero >= zeroBalanceDaysFlag {
            flags.append("The balance was at or below zero at the end of \(summary.balances.daysAtOrBelowZero) days.")
        }
        if let share = summary.concentration.top5ShareOfInflow, share >= concentratedTop5Share {
            flags.append("Five payers bring \(RobustStatistics.percent(share)) of income; losing one would hurt repayment.")
        }
        if let rate = summary.feeRateBp, rate >= feeRateFlagBp {
            flags.append("M-PESA charges are \(ReportCSV.percent(basisPoints: rate)) of outflow.")
        }
        if summary.totalInflowCents == 0 {
            flags.append("No business income in the period.")
        }
        return flags
    }
}
