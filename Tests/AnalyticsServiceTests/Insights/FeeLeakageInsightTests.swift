import MPesaCore
import Testing

@testable import AnalyticsService

@Suite("Fee leakage")
struct FeeLeakageInsightTests {
    @Test("many small charged send-money payments and agent withdrawals raise a warning with cheaper habits")
    func plantedLeakage() throws {
        var ledger = TestLedger()
        for index in 0..<30 {
            ledger.add(date("2024-03-01", plus: index), .out, 20_000, fee: 700, kind: .sendMoney, category: "inventory", counterparty: "mama-mboga")
        }
        for index in 0..<5 {
            ledger.add(date("2024-03-02", plus: index * 5), .out, 100_000, fee: 2_900, kind: .agentWithdrawal, category: "cash_withdrawal", counterparty: "agent")
        }
        let insight = try #require(FeeLeakageInsight.detect(rows: ledger.sorted))
        let fees: Int64 = 30 * 700 + 5 * 2_900
        let outflow: Int64 = 30 * 20_700 + 5 * 102_900
        #expect(insight.severity == .warning)
        #expect(insight.metrics["fees_cents"] == .integer(fees))
        #expect(insight.metrics["fee_rate"] == .double(Double(fees) / Double(outflow)))
        #expect(insight.metrics["fees_send_money_cents"] == .integer(21_000))
        #expect(insight.detail.contains("till"))
        #expect(insight.detail.contains("withdraw"))
        #expect(insight.evidence.first == ledger.rows.first { $0.kind == .agentWithdrawal }?.id)
    }

    @Test("payments by till with a few charges raise nothing")
    func cleanFees() {
        var ledger = TestLedger()
        for index in 0..<30 {
            ledger.add(date("2024-03-01", plus: index), .out, 50_000, kind: .buyGoods, category: "inventory", counterparty: "till-1")
        }
        ledger.add("2024-03-05", .out, 20_000, fee: 700, kind: .sendMoney, category: "personal_transfers", counterparty: "p")
        #expect(FeeLeakageInsight.detect(rows: ledger.sorted) == nil)
    }

    @Test("a low fee rate is information, not a warning")
    func lowRate() throws {
        var ledger = TestLedger()
        for index in 0..<12 {
            ledger.add(date("2024-03-01", plus: index), .out, 5_000_000, fee: 10_000, kind: .paybill, category: "inventory", counterparty: "wholesaler")
        }
        let insight = try #require(FeeLeakageInsight.detect(rows: ledger.sorted))
        #expect(insight.severity == .info)
    }
}
