import CategorizerService
import Foundation
import MPesaCore
import Platform
import SQLKit
import Testing
import TestSupport

@Suite("Categorizer: categorising, limits and the history")
struct CategorizeEndpointTests {
    @Test("a batch is categorised with reasons, stored as history and announced", arguments: StoreBackend.allCases)
    func categorize(_ backend: StoreBackend) async throws {
        try await CategorizerHarness.with(backend) { harness in
            try await harness.run { client in
                let answer = try await client.send(.post, "/v1/categorize", [
                    "transactions": [
                        transaction("r1:main", "Pay Bill Online to 888880 - KPLC PREPAID Acc. 54401234567"),
                        transaction("r2:main", "OverDraft of Credit Party", "in", cents: 5_000),
                        transaction("r3:main", "Customer Withdrawal At Agent Till 232218 - Neypart Gituamba Shopping center STEVE SHOP Agg"),
                        transaction("r4:main", "Funds received from - 2547******123 JANE DOE 🎉", "in"),
                        transaction("r5:main", "Merchant Payment Online to 5008141 - QUICKMART KILIMANI"),
                        transaction("r6:main", "Pay Bill to 4999999 - Ñandú ✨ Kiosk Acc. Mama's 🍅 stall"),
                    ]
                ])
                #expect(answer.status == 200)
                let results = try #require(answer.json["results"]?.arrayValue)
                #expect(results.count == 6)
                #expect(results[0]["category"] == "utilities")
                #expect(results[0]["source"] == "directory")
                #expect(results[0]["reason"]?.stringValue?.contains("888880") == true)
                #expect(results[1]["category"] == "loans_in")
                #expect(results[2]["category"] == "cash_withdrawal")
                #expect(results[3]["category"] == "sales")
                #expect(results[4]["category"] == "food_groceries")
                #expect(results[5]["id"] == "r6:main")
                // Every answer carries a confidence between 0 and 1 and a reason a person can read.
                for result in results {
                    let confidence = try #require(result["confidence"]).numberValue
                    #expect(confidence >= 0 && confidence <= 1)
                    #expect(result["reason"]?.stringValue?.isEmpty == false)
                }
            }
            let stored = try await harness.store.provider.withSession(tenant: TenantScope(try TenantID("acme"), tier: .shared)) { db in
                try await db.raw("SELECT COUNT(*) AS n FROM categorizer_transactions WHERE tenant_id = 'acme'").first(decodingColumn: "n", as: Int.self)
            }
            #expect(stored == 6)
            let events = try await harness.store.provider.withSession(tenant: TenantScope(try TenantID("acme"), tier: .shared)) { db in
                try await db.raw("SELECT payload FROM outbox WHERE event_type = 'transaction.categorized'").all(decodingColumn: "payload", as: String.self)
            }
            #expect(events.count == 1)
            #expect(events.first?.contains("\"cause\":\"categorize\"") == true)
        }
    }

    @Test("more than 10,000 transactions get 413 naming the limit; 100,000 too", arguments: StoreBackend.allCases)
    func batchLimit(_ backend: StoreBackend) async throws {
        try await CategorizerHarness.with(backend) { harness in
            try await harness.run { client in
                for count in [10_001, 100_000] {
                    let items = (0..<count).map { #"{"id":"t\#($0)","details":"x","direction":"in","amount_cents":1}"# }.joined(separator: ",")
                    let answer = try await client.send(.post, "/v1/categorize", raw: #"{"transactions":[\#(items)]}"#)
                    #expect(answer.status == 413)
                    #expect(answer.json["detail"]?.stringValue?.contains("10000") == true)
                }
            }
        }
    }

    @Test("bad transactions are refused with a pointer to each bad field, and nothing is stored", arguments: StoreBackend.allCases)
    func badInput(_ backend: StoreBackend) async throws {
        try await CategorizerHarness.with(backend) { harness in
            try await harness.run { client in
                let answer = try await client.send(.post, "/v1/categorize", [
                    "transactions": [
                        transaction("ok", "Airtime Purchase"),
                        ["id": "bad", "details": "x", "direction": "sideways", "amount_cents": -5, "kind": "teleport", "local_time": "yesterday"],
                        transaction("ok", "Airtime Purchase"),
                    ]
                ])
                #expect(answer.status == 422)
                let pointers = Set((answer.json["errors"]?.arrayValue ?? []).compactMap { $0["pointer"]?.stringValue })
                #expect(pointers.isSuperset(of: ["/transactions/1/direction", "/transactions/1/amount_cents", "/transactions/1/kind", "/transactions/1/local_time", "/transactions/2/id"]))
                #expect(try await client.send(.post, "/v1/categorize", raw: #"{"transactions": "#).status == 400)
                #expect(try await client.send(.post, "/v1/categorize", ["transactions": .string("nope")]).status == 422)
            }
            let stored = try await harness.store.provider.withSession(tenant: TenantScope(try TenantID("acme"), tier: .shared)) { db in
                try await db.raw("SELECT COUNT(*) AS n FROM categorizer_transactions").first(decodingColumn: "n", as: Int.self)
            }
            #expect(stored == 0)
        }
    }

    @Test("a viewer may preview but not store; a token without an organisation is refused")
    func roles() async throws {
        try await CategorizerHarness.with(.sqlite) { harness in
            let viewer = try await harness.token(role: .viewer)
            try await harness.run { client throws in
                let body: JSONValue = ["transactions": [transaction("a", "Airtime Purchase")]]
                #expect(try await client.send(.post, "/v1/categorize", body, token: viewer).status == 403)
                var preview = body
                preview.set("persist", false)
                #expect(try await client.send(.post, "/v1/categorize", preview, token: viewer).status == 200)
                #expect(try await client.send(.post, "/v1/rules", ["name": "x", "triggers": [["field": "details", "operator": "contains", "value": "x"]], "actions": [["type": "set_category", "value": "other"]]], token: viewer).status == 403)
                #expect(try await client.send(.get, "/v1/rules", token: "not-a-token").status == 401)
            }
        }
    }
}

extension JSONValue {
    var numberValue: Double {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: -1
        }
    }
}
