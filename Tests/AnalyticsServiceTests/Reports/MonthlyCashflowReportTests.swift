import Foundation
import MPesaCore
import Testing

@testable import AnalyticsService

@Suite("Monthly cash-flow report")
struct MonthlyCashflowReportTests {
    /// A March with every kind of movement, balances printed on every row from an opening of KES 10,000.
    static func marchLedger() -> TestLedger {
        var ledger = TestLedger()
        var balance: Int64 = 1_000_000
        func add(_ date: String, _ direction: Direction, _ amount: Int64, fee: Int64 = 0, kind: TransactionKind, category: String) {
            balance += direction == .in ? amount - fee : -(amount + fee)
            ledger.add(date, direction, amount, fee: fee, balance: balance, kind: kind, category: category, counterparty: "cp-\(category)")
        }
        add("2024-03-01", .in, 500_000, kind: .buyGoods, category: "sales")
        add("2024-03-02", .in, 250_000, kind: .receiveMoney, category: "sales")
        add("2024-03-02", .out, 300_000, kind: .paybill, category: "rent")
        add("2024-03-03", .out, 100_000, fee: 1_300, kind: .sendMoney, category: "inventory")
        add("2024-03-05", .in, 200_000, kind: .fulizaDraw, category: "loans_in")
        add("2024-03-06", .out, 202_000, kind: .fulizaRepayment, category: "loan_repayment")
        add("2024-03-07", .in, 400_000, kind: .loanDisbursement, category: "loans_in")
        add("2024-03-08", .out, 150_000, kind: .savingsDeposit, category: "savings")
        add("2024-03-09", .out, 50_000, fee: 2_900, kind: .agentWithdrawal, category: "cash_withdrawal")
        add("2024-03-10", .out, 3_000, kind: .charge, category: "fees_charges")
        add("2024-03-11", .out, 20_000, kind: .paybill, category: "betting")
        add("2024-03-12", .out, 7_500, kind: .paybill, category: "school_trip")
        add("2024-03-13", .in, 10_000, fee: 500, kind: .receiveMoney, category: "uncategorized")
        return ledger
    }

    @Test("every line adds up to its section and the sections to the totals")
    func linesSumToTotals() {
        let ledger = Self.marchLedger()
        let report = MonthlyCashflowReport.build(rows: ledger.sorted, year: 2024, month: 3, openingBalanceCents: nil)
        let lines = report.sections.flatMap(\.lines)
        #expect(lines.reduce(0) { $0 + $1.inflowCents } == report.totalInflowCents)
        #expect(lines.reduce(0) { $0 + $1.outflowCents } == report.totalOutflowCents)
        #expect(report.totalInflowCents - report.totalOutflowCents == report.netCents)
        #expect(report.netCents == ledger.rows.reduce(0) { $0 + $1.netCents })
        for section in report.sections {
            #expect(section.lines.reduce(0) { $0 + $1.netCents } == section.netCents)
            #expect(section.lines.allSatisfy { $0.inflowCents - $0.outflowCents == $0.netCents })
        }
        #expect(report.feesCents == 1_300 + 2_900 + 3_000 + 500)
        let financing = report.sections.first { $0.section == .financing }
        #expect(Set(financing?.lines.map(\.category) ?? []) == ["fuliza", "mobile_loans", "savings"])
        let fuliza = financing?.lines.first { $0.category == "fuliza" }
        #expect(fuliza?.inflowCents == 200_000)
        #expect(fuliza?.outflowCents == 202_000)
        #expect(report.sections.map(\.section) == [.operating, .financing, .transfers, .feesAndCharges])
        #expect(report.sections[0].lines.contains { $0.category == "school_trip" && $0.label == "School trip" })
        #expect(report.transactionCount == 13)
        #expect(report.daysWithTransactions == 12)
    }

    @Test("the opening balance is worked back from the first printed balance and opening + net = closing")
    func derivedOpening() {
        let ledger = Self.marchLedger()
        let report = MonthlyCashflowReport.build(rows: ledger.sorted, year: 2024, month: 3, openingBalanceCents: nil)
        #expect(report.openingBalanceSource == .derived)
        #expect(report.openingBalanceCents == 1_000_000)
        #expect(report.closingBalanceCents == 1_000_000 + report.netCents)
        #expect(report.closingBalanceCents == ledger.rows.last?.balanceCents)
        #expect(report.balanceCheck.status == .matches)
        #expect(report.balanceCheck.summary == "matches")
    }

    @Test("a missing transaction shows up as a balance difference of its amount")
    func balanceGap() {
        var rows = Self.marchLedger().sorted
        rows.remove(at: 2)  // the KES 3,000 rent payment
        let report = MonthlyCashflowReport.build(rows: rows, year: 2024, month: 3, openingBalanceCents: nil)
        #expect(report.balanceCheck.status == .differs)
        #expect(report.balanceCheck.differenceCents == -300_000)
        #expect(report.balanceCheck.summary == "differs by KES -3,000.00")
        #expect(report.openingBalanceCents! + report.netCents == report.closingBalanceCents)
    }

    @Test("a given opening balance wins and a wrong one is caught by the balance check")
    func givenOpening() {
        let report = MonthlyCashflowReport.build(rows: Self.marchLedger().sorted, year: 2024, month: 3, openingBalanceCents: 900_000)
        #expect(report.openingBalanceSource == .given)
        #expect(report.closingBalanceCents == 900_000 + report.netCents)
        #expect(report.balanceCheck.differenceCents == 100_000)
    }

    @Test("without printed balances or an opening balance the check is unknown")
    func unknownBalance() {
        var ledger = TestLedger()
        ledger.add("2024-03-01", .in, 500_000, kind: .buyGoods, category: "sales")
        let report = MonthlyCashflowReport.build(rows: ledger.sorted, year: 2024, month: 3, openingBalanceCents: nil)
        #expect(report.openingBalanceCents == nil)
        #expect(report.closingBalanceCents == nil)
        #expect(report.balanceCheck.status == .unknown)
    }

    @Test("rows of other months are left out")
    func otherMonths() {
        var ledger = Self.marchLedger()
        ledger.add("2024-02-29", .in, 999_999, kind: .buyGoods, category: "sales", time: "23:59:59")
        ledger.add("2024-04-01", .in, 999_999, kind: .buyGoods, category: "sales", time: "00:00:00")
        let report = MonthlyCashflowReport.build(rows: ledger.sorted, year: 2024, month: 3, openingBalanceCents: nil)
        #expect(report.transactionCount == 13)
        #expect(report.period == range("2024-03-01", "2024-03-31"))
    }

    @Test("an empty month is a valid empty report, not a crash")
    func emptyMonth() throws {
        let report = MonthlyCashflowReport.build(rows: [], year: 2024, month: 2, openingBalanceCents: nil)
        #expect(report.sections.isEmpty)
        #expect(report.totalInflowCents == 0 && report.totalOutflowCents == 0 && report.netCents == 0)
        #expect(report.balanceCheck.status == .unknown)
        #expect(report.period.last == day("2024-02-29"))
        let json = try JSONEncoder().encode(report)
        #expect(try JSONDecoder().decode(MonthlyCashflowReport.self, from: json) == report)
        let withOpening = MonthlyCashflowReport.build(rows: [], year: 2024, month: 2, openingBalanceCents: 5_000)
        #expect(withOpening.closingBalanceCents == 5_000)
    }
}
