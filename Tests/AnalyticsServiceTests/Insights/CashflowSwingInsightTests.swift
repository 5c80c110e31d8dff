import Forecasting
import MPesaCore
import Testing

@testable import AnalyticsService

@Suite("Spikes and drops")
struct CashflowSwingInsightTests {
    /// Ten whole weeks ending 2024-03-31: daily sales of KES 2,000 and a KES 5,000 stock purchase each week.
    private func steadyWeeks(lastWeekDailySales: Int64?, weeks: Int = 10) -> (TestLedger, DayRange) {
        let last = day("2024-03-31")
        let first = last.adding(days: -(weeks * 7) + 1)
        var ledger = TestLedger()
        for offset in 0..<(weeks * 7) {
            let date = first.adding(days: offset).description
            let isLastWeek = offset >= (weeks - 1) * 7
            if offset % 7 == 0 { ledger.add(date, .out, 500_000, kind: .paybill, category: "inventory", counterparty: "supplier", time: "08:00:00") }
            let sales = isLastWeek ? lastWeekDailySales : 200_000
            if let sales { ledger.add(date, .in, sales, kind: .buyGoods, category: "sales", counterparty: "c\(offset % 9)") }
        }
        return (ledger, DayRange(first: first, last: last)!)
    }

    @Test("a week with three times the usual sales is a spike")
    func spike() throws {
        let (ledger, range) = steadyWeeks(lastWeekDailySales: 600_000)
        let insights = CashflowSwingInsight.detect(rows: ledger.sorted, in: range)
        let insight = try #require(insights.first)
        #expect(insights.count == 1)
        #expect(insight.kind == .spike)
        #expect(insight.metrics["ratio"] == .double(3.0))
        #expect(insight.metrics["baseline_cents"] == .integer(1_400_000))
        #expect(insight.evidence.count == 7)
        #expect(insight.title.contains("2024-03-25"))
    }

    @Test("a week without sales is a drop and a warning")
    func drop() throws {
        let (ledger, range) = steadyWeeks(lastWeekDailySales: nil)
        let insight = try #require(CashflowSwingInsight.detect(rows: ledger.sorted, in: range).first)
        #expect(insight.kind == .drop)
        #expect(insight.severity == .warning)
        #expect(insight.metrics["week_cents"] == .integer(0))
    }

    @Test("steady weeks raise nothing")
    func steady() {
        let (ledger, range) = steadyWeeks(lastWeekDailySales: 200_000)
        #expect(CashflowSwingInsight.detect(rows: ledger.sorted, in: range).isEmpty)
    }

    @Test("fewer than four weeks of history are not enough to call a spike")
    func thinHistory() {
        let (ledger, range) = steadyWeeks(lastWeekDailySales: 600_000, weeks: 4)
        #expect(CashflowSwingInsight.detect(rows: ledger.sorted, in: range).isEmpty)
    }
}
