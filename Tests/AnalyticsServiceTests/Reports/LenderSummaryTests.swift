import Foundation
import MPesaCore
import Testing

@testable import AnalyticsService

@Suite("Lender summary")
struct LenderSummaryTests {
    static let generatedAt = LocalDateTime(parsing: "2024-04-02 10:00:00")!

    /// Three hand-computed months (amounts in cents):
    /// inflow Jan 8,000,000 · Feb 6,000,000 · Mar 10,000,000; spending Jan 3,000,000 · Feb 1,351,300 · Mar 253,400.
    static func threeMonths() -> TestLedger {
        var ledger = TestLedger()
        ledger.add("2024-01-05", .in, 6_000_000, balance: 6_000_000, kind: .buyGoods, category: "sales", counterparty: "A")
        ledger.add("2024-01-10", .in, 1_000_000, balance: 7_000_000, kind: .loanDisbursement, category: "loans_in", counterparty: "mshwari")
        ledger.add("2024-01-15", .out, 3_000_000, balance: 4_000_000, kind: .paybill, category: "rent", counterparty: "landlord")
        ledger.add("2024-01-20", .in, 2_000_000, balance: 6_000_000, kind: .receiveMoney, category: "sales", counterparty: "B")
        ledger.add("2024-02-05", .in, 5_000_000, balance: 11_000_000, kind: .buyGoods, category: "sales", counterparty: "A")
        ledger.add("2024-02-06", .out, 1_050_000, balance: 9_950_000, kind: .loanRepayment, category: "loan_repayment", counterparty: "mshwari")
        ledger.add("2024-02-10", .out, 200_000, balance: 9_750_000, kind: .paybill, category: "betting", counterparty: "betika")
        ledger.add("2024-02-12", .out, 100_000, fee: 1_300, balance: 9_648_700, kind: .sendMoney, category: "inventory", counterparty: "supplier")
        ledger.add("2024-02-20", .in, 1_000_000, balance: 10_648_700, kind: .receiveMoney, category: "sales", counterparty: "C")
        ledger.add("2024-03-05", .in, 7_000_000, balance: 17_648_700, kind: .buyGoods, category: "sales", counterparty: "A")
        ledger.add("2024-03-06", .out, 500_000, balance: 17_148_700, kind: .savingsDeposit, category: "savings", counterparty: "mshwari")
        ledger.add("2024-03-08", .out, 200_000, fee: 2_900, balance: 16_945_800, kind: .agentWithdrawal, category: "cash_withdrawal", counterparty: "agent")
        ledger.add("2024-03-10", .in, 50_000, kind: .fulizaDraw, category: "loans_in", counterparty: "fuliza")
        ledger.add("2024-03-12", .out, 50_500, kind: .fulizaRepayment, category: "loan_repayment", counterparty: "fuliza")
        ledger.add("2024-03-20", .in, 3_000_000, kind: .receiveMoney, category: "sales", counterparty: "B")
        return ledger
    }

    static let statements = [
        StatementVerdict(statementId: "s1", verdict: "verified", periodStart: "2024-01-01", periodEnd: "2024-01-31"),
        StatementVerdict(statementId: "s2", verdict: "verified", periodStart: "2024-02-10", periodEnd: "2024-03-31"),
    ]

    static func summary() -> LenderSummary {
        LenderSummary.build(rows: threeMonths().sorted, from: day("2024-01-01"), to: day("2024-03-31"), reconciliation: statements, generatedAt: generatedAt)
    }

    @Test("monthly inflow, outflow and averages match the hand-computed cents")
    func monthlyFigures() {
        let summary = Self.summary()
        #expect(summary.fullMonths == 3 && summary.partialMonths == 0)
        #expect(summary.months.map(\.month) == ["2024-01", "2024-02", "2024-03"])
        #expect(summary.months.map(\.inflowCents) == [8_000_000, 6_000_000, 10_000_000])
        #expect(summary.months.map(\.outflowCents) == [3_000_000, 1_351_300, 253_400])
        #expect(summary.totalInflowCents == 24_000_000)
        #expect(summary.totalOutflowCents == 4_604_700)
        #expect(summary.averageMonthlyInflowCents == 8_000_000)
        #expect(summary.medianMonthlyInflowCents == 8_000_000)
        #expect(summary.averageMonthlyOutflowCents == 1_534_900)
        #expect(summary.inflowDefinition.contains("excludes loans and Fuliza"))
    }

    @Test("income stability follows the documented formula")
    func stability() throws {
        let stability = Self.summary().incomeStability
        let cv = try #require(stability.coefficientOfVariation)
        #expect(abs(cv - (8.0 / 3.0).squareRoot() / 8.0) < 1e-12)
        #expect(stability.shareOfMonthsAtLeastHalfMedian == 1.0)
        #expect(stability.score == Int((60 * (1 - cv) + 40).rounded()))
        #expect(stability.score == 88)
    }

    @Test("loans, Fuliza, betting, fees and concentration are exact")
    func exposure() throws {
        let summary = Self.summary()
        #expect(summary.loanExposure.mobileLoanDisbursedCents == 1_000_000)
        #expect(summary.loanExposure.mobileLoanRepaidCents == 1_050_000)
        #expect(summary.loanExposure.averageMonthlyDisbursedCents == 333_333)
        #expect(summary.loanExposure.averageMonthlyRepaidCents == 350_000)
        #expect(summary.loanExposure.repaymentToInflowRatio == 1_050_000.0 / 24_000_000.0)
        #expect(summary.loanExposure.fulizaDraws == 1)
        #expect(summary.loanExposure.fulizaDrawnCents == 50_000)
        #expect(summary.loanExposure.fulizaRepaidCents == 50_500)
        #expect(summary.loanExposure.daysInOverdraft == 2)
        #expect(summary.betting.outflowCents == 200_000 && summary.betting.count == 1)
        #expect(summary.betting.shareOfInflow == 200_000.0 / 24_000_000.0)
        #expect(summary.betting.shareOfOutflow == 200_000.0 / 4_604_700.0)
        #expect(summary.feesCents == 4_200)
        #expect(summary.feeRateBp == Int64(4_200) * 10_000 / 4_604_700)
        #expect(summary.concentration.top5ShareOfInflow == 1.0)
        #expect(summary.concentration.payers == 3)
        let hhi = try #require(summary.concentration.hhi)
        #expect(abs(hhi - (75.0 * 75 + (500.0 / 24) * (500.0 / 24) + (100.0 / 24) * (100.0 / 24))) < 1e-9)
    }

    @Test("balances, coverage gaps, verdict and flags")
    func trustAndFlags() {
        let summary = Self.summary()
        #expect(summary.balances.lowestEndOfDayBalanceCents == 4_000_000)
        #expect(summary.balances.lowestDay == "2024-01-15")
        #expect(summary.balances.daysAtOrBelowZero == 0)
        // 1–9 February is outside both statements; the transactions of the 5th and 6th split it into 4 and 3 days.
        #expect(summary.coverageGaps == [LenderSummary.CoverageGap(first: "2024-02-01", last: "2024-02-04", days: 4)])
        #expect(summary.reconciliation.verdict == "verified")
        #expect(summary.flags.count == 2)
        #expect(summary.flags.contains { $0.contains("4 days, 2024-02-01 to 2024-02-04") })
        #expect(summary.flags.contains { $0.contains("Five payers bring 100%") })
    }

    @Test("the overall verdict follows the statements", arguments: [
        ([String](), "unverified"),
        (["verified"], "verified"),
        (["verified", "verified"], "verified"),
        (["verified", "unverifiable"], "unverified"),
        (["verified", "inconsistent", "unverifiable"], "inconsistent: figures may be tampered"),
    ])
    func verdicts(verdicts: [String], expected: String) {
        let statements = verdicts.enumerated().map { StatementVerdict(statementId: "s\($0.offset)", verdict: $0.element, periodStart: "2024-01-01", periodEnd: "2024-01-31") }
        #expect(LenderSummary.verdict(of: statements) == expected)
    }

    @Test("partial months are counted but averages use the full months")
    func partialMonths() {
        let summary = LenderSummary.build(rows: Self.threeMonths().sorted, from: day("2024-01-15"), to: day("2024-03-10"), reconciliation: [], generatedAt: Self.generatedAt)
        #expect(summary.fullMonths == 1 && summary.partialMonths == 2)
        #expect(summary.averagedOverFullMonths)
        #expect(summary.averageMonthlyInflowCents == 6_000_000)
        #expect(summary.months.map(\.inflowCents) == [2_000_000, 6_000_000, 7_000_000])
        #expect(summary.incomeStability.score == nil)
        #expect(summary.flags.contains { $0.contains("Only 1 full month") })
    }

    @Test("days at or below zero carry the last balance over quiet days")
    func zeroBalanceDays() {
        var ledger = TestLedger()
        ledger.add("2024-03-01", .in, 100_000, balance: 100_000, kind: .buyGoods, category: "sales", counterparty: "A")
        ledger.add("2024-03-02", .out, 100_000, balance: 0, kind: .paybill, category: "inventory", counterparty: "S")
        ledger.add("2024-03-08", .in, 50_000, balance: 50_000, kind: .buyGoods, category: "sales", counterparty: "A")
        let summary = LenderSummary.build(rows: ledger.sorted, from: day("2024-03-01"), to: day("2024-03-10"), reconciliation: [], generatedAt: Self.generatedAt)
        #expect(summary.balances.daysAtOrBelowZero == 6)
        #expect(summary.balances.lowestEndOfDayBalanceCents == 0)
        #expect(summary.balances.lowestDay == "2024-03-02")
        #expect(summary.balances.daysWithKnownBalance == 10)
    }

    @Test("no rows gives a valid summary that says there is nothing to judge")
    func empty() throws {
        let summary = LenderSummary.build(rows: [], from: day("2024-03-31"), to: day("2024-01-01"), reconciliation: [], generatedAt: Self.generatedAt)
        #expect(summary.period == range("2024-01-01", "2024-03-31"))
        #expect(summary.averageMonthlyInflowCents == 0)
        #expect(summary.concentration.top5ShareOfInflow == nil)
        #expect(summary.balances.lowestEndOfDayBalanceCents == nil)
        #expect(summary.coverageGaps == [LenderSummary.CoverageGap(first: "2024-01-01", last: "2024-03-31", days: 91)])
        #expect(summary.flags.contains("No business income in the period."))
        let json = try JSONEncoder().encode(summary)
        #expect(try JSONDecoder().decode(LenderSummary.self, from: json) == summary)
    }
}
