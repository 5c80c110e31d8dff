import MPesaCore
import Testing

@testable import AnalyticsService

@Suite("Betting spend")
struct BettingSpendInsightTests {
    private func sales(_ ledger: inout TestLedger) {
        for index in 0..<10 {
            ledger.add(date("2024-03-01", plus: index), .in, 1_000_000, kind: .buyGoods, category: "sales", counterparty: "c\(index)")
        }
    }

    @Test("betting above five percent of income is a warning with exact shares")
    func plantedBetting() throws {
        var ledger = TestLedger()
        sales(&ledger)
        for index in 0..<10 {
            ledger.add(date("2024-03-02", plus: index), .out, 100_000, kind: .paybill, category: "betting", counterparty: "betika")
        }
        ledger.add("2024-03-20", .out, 4_000_000, kind: .paybill, category: "rent", counterparty: "landlord")
        let insight = try #require(BettingSpendInsight.detect(rows: ledger.sorted))
        #expect(insight.severity == .warning)
        #expect(insight.metrics["betting_cents"] == .integer(1_000_000))
        #expect(insight.metrics["share_of_inflow"] == .double(0.1))
        #expect(insight.metrics["share_of_outflow"] == .double(0.2))
        #expect(insight.metrics["bets"] == .integer(10))
        #expect(insight.evidence.count == 10)
    }

    @Test("no betting, or a single small bet, raises nothing")
    func noBetting() {
        var ledger = TestLedger()
        sales(&ledger)
        #expect(BettingSpendInsight.detect(rows: ledger.sorted) == nil)
        ledger.add("2024-03-20", .out, 5_000, kind: .paybill, category: "betting", counterparty: "betika")
        #expect(BettingSpendInsight.detect(rows: ledger.sorted) == nil)
    }
}
