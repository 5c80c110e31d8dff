import MPesaCore
import Testing

@testable import AnalyticsService

@Suite("Unusual transactions")
struct UnusualTransactionInsightTests {
    private func stockPurchases(_ ledger: inout TestLedger, count: Int) {
        for index in 0..<count {
            ledger.add(date("2024-03-01", plus: index), .out, 90_000 + Int64(index % 5) * 5_000, kind: .paybill, category: "inventory", counterparty: "supplier")
        }
    }

    @Test("a stock purchase twenty times the usual is flagged with its row first")
    func plantedOutlier() throws {
        var ledger = TestLedger()
        stockPurchases(&ledger, count: 12)
        let outlier = ledger.add("2024-03-20", .out, 2_000_000, kind: .paybill, category: "inventory", counterparty: "supplier")
        let insights = UnusualTransactionInsight.detect(rows: ledger.sorted)
        let insight = try #require(insights.first)
        #expect(insights.count == 1)
        #expect(insight.kind == .unusualTransaction)
        #expect(insight.evidence == [outlier])
        #expect((insight.metrics["max_abs_z"]?.doubleValue ?? 0) >= 3.5)
        #expect(insight.title.contains("KES 20,000.00"))
    }

    @Test("ordinary variation within a category is not flagged")
    func cleanCategory() {
        var ledger = TestLedger()
        stockPurchases(&ledger, count: 20)
        #expect(UnusualTransactionInsight.detect(rows: ledger.sorted).isEmpty)
    }

    @Test("categories with fewer than eight rows are not judged")
    func thinCategory() {
        var ledger = TestLedger()
        stockPurchases(&ledger, count: 6)
        ledger.add("2024-03-20", .out, 2_000_000, kind: .paybill, category: "inventory", counterparty: "supplier")
        #expect(UnusualTransactionInsight.detect(rows: ledger.sorted).isEmpty)
    }

    @Test("identical usual amounts fall back to the mean absolute deviation and still catch the outlier")
    func zeroMedianAbsoluteDeviation() throws {
        var ledger = TestLedger()
        for index in 0..<10 {
            ledger.add(date("2024-03-01", plus: index), .out, 10_000, kind: .paybill, category: "utilities", counterparty: "kplc")
        }
        let outlier = ledger.add("2024-03-25", .out, 1_000_000, kind: .paybill, category: "utilities", counterparty: "kplc")
        let insight = try #require(UnusualTransactionInsight.detect(rows: ledger.sorted).first)
        #expect(insight.evidence == [outlier])
        // median 10,000, MAD 0, mean absolute deviation 990,000 / 11 = 90,000: z = 990,000 / (1.2533 × 90,000).
        let z = try #require(insight.metrics["max_abs_z"]?.doubleValue)
        #expect(abs(z - 990_000 / (1.2533 * 90_000)) < 1e-9)
    }

    @Test("the modified z-score uses 0.6745 times the deviation over the MAD")
    func zScoreFormula() throws {
        let scores = try #require(UnusualTransactionInsight.zScores([1, 2, 3, 4, 100]))
        #expect(abs(scores[4] - 0.6745 * 97) < 1e-9)
        #expect(UnusualTransactionInsight.zScores([5, 5, 5]) == nil)
    }
}
