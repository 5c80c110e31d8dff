import Foundation
import MPesaCore
import Testing

@testable import AnalyticsService

@Suite("Insight engine")
struct InsightEngineTests {
    private let rent = RecurringPayment(
        counterpartyKey: "paybill:222111", counterpartyName: "Mwangi Properties", cadence: "monthly", typicalAmountCents: 1_500_000,
        direction: .out, lastDay: "2024-03-01", nextExpectedDay: "2024-04-01", occurrences: 6, category: "rent", evidence: ["r1", "r2"]
    )

    @Test("an empty ledger yields only the recurring reminders it is given")
    func emptyLedger() {
        let whole = range("2024-01-01", "2024-03-31")
        #expect(InsightEngine.insights(rows: [], in: whole, recurring: []).isEmpty)
        let insights = InsightEngine.insights(rows: [], in: whole, recurring: [rent])
        #expect(insights.map(\.kind) == [.recurringPayment])
    }

    @Test("each recurring payment becomes a reminder with its cadence and next date")
    func recurringReminder() throws {
        let insight = try #require(InsightEngine.insights(rows: [], in: range("2024-03-01", "2024-03-31"), recurring: [rent]).first)
        #expect(insight.title.contains("Mwangi Properties"))
        #expect(insight.title.contains("monthly"))
        #expect(insight.title.contains("2024-04-01"))
        #expect(insight.title.contains("KES 15,000.00"))
        #expect(insight.evidence == ["r1", "r2"])
    }

    @Test("insights come most severe first and ignore rows outside the range")
    func ordering() throws {
        var ledger = TestLedger()
        for index in 0..<10 {
            ledger.add(date("2024-03-01", plus: index), .in, 1_000_000, kind: .buyGoods, category: "sales", counterparty: "c\(index)")
        }
        for index in 0..<5 {
            ledger.add(date("2024-03-02", plus: index), .out, 1_000_000, kind: .paybill, category: "betting", counterparty: "betika")
        }
        // Outside the range: would otherwise double the betting.
        ledger.add("2024-04-02", .out, 5_000_000, kind: .paybill, category: "betting", counterparty: "betika")
        let insights = InsightEngine.insights(rows: ledger.sorted, in: range("2024-03-01", "2024-03-31"), recurring: [rent])
        #expect(insights.map(\.kind) == [.bettingSpend, .recurringPayment])
        #expect(insights.first?.severity == .critical)
        #expect(insights.first?.metrics["betting_cents"] == .integer(5_000_000))
    }

    @Test("metrics encode as bare JSON numbers and evidence is capped at twenty")
    func encoding() throws {
        let insight = Insight(kind: .feeLeakage, severity: .info, title: "t", detail: "d", metrics: ["fees_cents": 1234, "fee_rate": 0.5],
                              evidence: (0..<30).map { "row-\($0)" })
        #expect(insight.evidence.count == 20)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(insight), as: UTF8.self)
        #expect(json.contains(#""metrics":{"fee_rate":0.5,"fees_cents":1234}"#))
        #expect(json.contains(#""kind":"fee_leakage""#))
        let decoded = try JSONDecoder().decode(Insight.self, from: Data(json.utf8))
        #expect(decoded == insight)
    }
}
