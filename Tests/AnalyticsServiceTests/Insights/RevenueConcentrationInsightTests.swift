import MPesaCore
import Testing

@testable import AnalyticsService

@Suite("Revenue concentration")
struct RevenueConcentrationInsightTests {
    @Test("three customers bringing most of the sales raise a warning with their share")
    func plantedConcentration() throws {
        var ledger = TestLedger()
        for index in 0..<10 {
            for customer in ["A", "B", "C"] {
                ledger.add(date("2024-03-01", plus: index), .in, 500_000, kind: .receiveMoney, category: "sales", counterparty: customer)
            }
        }
        for index in 0..<10 {
            ledger.add(date("2024-03-01", plus: index), .in, 100_000, kind: .buyGoods, category: "sales", counterparty: "walk-in-\(index)")
        }
        // Borrowed money is not sales: counting it would dilute the share.
        ledger.add("2024-03-15", .in, 10_000_000, kind: .fulizaDraw, category: "loans_in", counterparty: "fuliza")
        ledger.add("2024-03-16", .in, 10_000_000, kind: .loanDisbursement, category: "loans_in", counterparty: "mshwari")
        ledger.add("2024-03-17", .in, 10_000_000, kind: .agentDeposit, category: "cash_deposit", counterparty: "agent")

        let insight = try #require(RevenueConcentrationInsight.detect(rows: ledger.sorted))
        #expect(insight.kind == .revenueConcentration)
        #expect(insight.severity == .warning)
        #expect(insight.metrics["top3_share"] == .double(0.9375))
        #expect(insight.metrics["customer_inflow_cents"] == .integer(16_000_000))
        #expect(insight.title == "Your top 3 customers bring 94% of your sales")
        #expect(insight.evidence.count == 20)
        let ids = Set(ledger.rows.filter { ["A", "B", "C"].contains($0.counterpartyKey ?? "") }.map(\.id))
        #expect(insight.evidence.allSatisfy(ids.contains))
        let hhi = try #require(insight.metrics["hhi"]?.doubleValue)
        #expect(abs(hhi - (3 * 31.25 * 31.25 + 10 * 0.625 * 0.625)) < 1e-9)
    }

    @Test("sales spread over many customers raise nothing")
    func spreadSales() {
        var ledger = TestLedger()
        for index in 0..<30 {
            ledger.add(date("2024-03-01", plus: index), .in, 100_000, kind: .receiveMoney, category: "sales", counterparty: "customer-\(index)")
        }
        #expect(RevenueConcentrationInsight.detect(rows: ledger.sorted) == nil)
    }

    @Test("a handful of payments is too thin to judge concentration")
    func thinData() {
        var ledger = TestLedger()
        for index in 0..<5 {
            ledger.add(date("2024-03-01", plus: index), .in, 500_000, kind: .receiveMoney, category: "sales", counterparty: "A")
        }
        #expect(RevenueConcentrationInsight.detect(rows: ledger.sorted) == nil)
    }
}
