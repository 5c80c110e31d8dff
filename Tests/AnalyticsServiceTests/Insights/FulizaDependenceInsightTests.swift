import MPesaCore
import Testing

@testable import AnalyticsService

@Suite("Fuliza dependence")
struct FulizaDependenceInsightTests {
    /// One draw a month January–March repaid the same day, then `draws` draws a month April–June each repaid after
    /// `daysOwed` days.
    private func ledger(recentDraws draws: Int, daysOwed: Int) -> TestLedger {
        var ledger = TestLedger()
        for month in ["2024-01", "2024-02", "2024-03"] {
            ledger.add("\(month)-05", .in, 50_000, kind: .fulizaDraw, category: "loans_in", time: "09:00:00")
            ledger.add("\(month)-05", .out, 50_000, kind: .fulizaRepayment, category: "loan_repayment", time: "18:00:00")
        }
        for month in ["2024-04", "2024-05", "2024-06"] {
            for index in 0..<draws {
                let drawDay = "\(month)-\(String(format: "%02d", 1 + index * 7))"
                ledger.add(drawDay, .in, 50_000, kind: .fulizaDraw, category: "loans_in", time: "09:00:00")
                ledger.add(date(drawDay, plus: daysOwed), .out, 51_000, kind: .fulizaRepayment, category: "loan_repayment", time: "18:00:00")
            }
        }
        return ledger
    }

    @Test("rising draws with more than ten overdraft days last month are critical")
    func risingAndHeavy() throws {
        let insight = try #require(FulizaDependenceInsight.detect(rows: ledger(recentDraws: 4, daysOwed: 3).sorted, in: range("2024-01-01", "2024-06-30")))
        #expect(insight.severity == .critical)
        #expect(insight.metrics["recent_draws"] == .integer(12))
        #expect(insight.metrics["earlier_draws"] == .integer(3))
        #expect(insight.metrics["last_month_overdraft_days"] == .integer(12))
        #expect(insight.metrics["earlier_overdraft_days"] == .integer(0))
        #expect(insight.evidence.count == 12)
    }

    @Test("rising draws with a few overdraft days are a warning")
    func risingOnly() throws {
        let insight = try #require(FulizaDependenceInsight.detect(rows: ledger(recentDraws: 2, daysOwed: 2).sorted, in: range("2024-01-01", "2024-06-30")))
        #expect(insight.severity == .warning)
        #expect(insight.metrics["recent_overdraft_days"] == .integer(12))
    }

    @Test("steady occasional Fuliza use raises nothing")
    func flat() {
        #expect(FulizaDependenceInsight.detect(rows: ledger(recentDraws: 1, daysOwed: 0).sorted, in: range("2024-01-01", "2024-06-30")) == nil)
    }

    @Test("without the three earlier months there is no trend to report")
    func thinHistory() {
        let rows = ledger(recentDraws: 2, daysOwed: 2).sorted.filter { $0.localTime.month >= 5 }
        #expect(FulizaDependenceInsight.detect(rows: rows, in: range("2024-05-01", "2024-06-30")) == nil)
    }

    @Test("overdraft days run from the draw to the day before the repayment")
    func overdraftDays() {
        var ledger = TestLedger()
        ledger.add("2024-03-01", .in, 100_000, kind: .fulizaDraw, category: "loans_in")
        ledger.add("2024-03-04", .out, 101_000, kind: .fulizaRepayment, category: "loan_repayment")
        let days = FulizaOverdraft.overdraftDays(rows: ledger.sorted, in: range("2024-02-25", "2024-03-10"))
        #expect(days == [day("2024-03-01"), day("2024-03-02"), day("2024-03-03")])
    }
}
