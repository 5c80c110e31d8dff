import CategorizerService
import Foundation
import MPesaCore
import Platform
import Testing
import TestSupport

@Suite("Categorizer: corrections, suggestions, categories, recategorisation, tenants")
struct LearningEndpointTests {
    static func staffPayment(_ index: Int) -> JSONValue {
        transaction("staff\(index)", "Customer Transfer to - 2547******555 WANJIRU KAMAU", cents: 1_500_000)
    }

    @Test("corrections teach the organisation's model, and three identical ones propose a rule that can be accepted", arguments: StoreBackend.allCases)
    func learning(_ backend: StoreBackend) async throws {
        try await CategorizerHarness.with(backend) { harness in
            try await harness.run { client in
                let first = try await client.send(.post, "/v1/categorize", ["transactions": [Self.staffPayment(1)]])
                #expect(first.json["results"]?.arrayValue?.first?["category"] == "personal_transfers")
                let corrected = try await client.send(.post, "/v1/feedback", ["transaction_id": "staff1", "category": "salaries"])
                #expect(corrected.status == 200)
                #expect(corrected.json["corrections"]?.arrayValue?.first?["previous_category"] == "personal_transfers")
                // The next payment to the same person is filed the way the owner did, by the model, with a reason.
                let second = try await client.send(.post, "/v1/categorize", ["transactions": [Self.staffPayment(2)]])
                let result = try #require(second.json["results"]?.arrayValue?.first)
                #expect(result["category"] == "salaries")
                #expect(result["source"] == "model")
                #expect(result["reason"]?.stringValue?.contains("you filed") == true)
                #expect(try await client.send(.get, "/v1/model").json["tenant"]?["corrections"] == 1)
                // Two more identical corrections (one of a transaction sent along, never categorised before) → a suggestion.
                #expect(try await client.send(.post, "/v1/feedback", ["transaction_id": "staff2", "category": "salaries"]).status == 200)
                let third = try await client.send(.post, "/v1/feedback", ["transaction_id": "staff3", "category": "salaries", "transaction": Self.staffPayment(3)])
                let suggestion = try #require(third.json["corrections"]?.arrayValue?.first?["suggestion"])
                #expect(suggestion["evidence"] == 3)
                #expect(suggestion["rule"]?["actions"]?.arrayValue?.first?["value"] == "salaries")
                let pending = try await client.send(.get, "/v1/suggestions")
                #expect(pending.json["suggestions"]?.arrayValue?.count == 1)
                let id = try #require(suggestion["id"]?.stringValue)
                let accepted = try await client.send(.post, "/v1/suggestions/\(id)/accept", ["name": "Wanjiru's salary"])
                #expect(accepted.status == 200)
                #expect(accepted.json["rule"]?["name"] == "Wanjiru's salary")
                #expect(try await client.send(.post, "/v1/suggestions/\(id)/dismiss").status == 409)
                let fourth = try await client.send(.post, "/v1/categorize", ["transactions": [Self.staffPayment(4)]])
                #expect(fourth.json["results"]?.arrayValue?.first?["source"] == "rule")
                // Corrections refer to known categories and transactions.
                #expect(try await client.send(.post, "/v1/feedback", ["transaction_id": "staff4", "category": "holidays"]).status == 422)
                #expect(try await client.send(.post, "/v1/feedback", ["transaction_id": "never-seen", "category": "rent"]).status == 404)
                #expect(try await client.send(.post, "/v1/feedback", ["corrections": []]).status == 422)
            }
        }
    }

    @Test("concurrent corrections of one organisation are all recorded, none lost to a collision", arguments: StoreBackend.allCases)
    func concurrentFeedback(_ backend: StoreBackend) async throws {
        try await CategorizerHarness.with(backend) { harness in
            try await harness.run { client in
                let history: [JSONValue] = (0..<12).map { transaction("c\($0)", "Customer Transfer to - 2547******5\($0 % 10)0 PERSON NUMBER \($0)") }
                #expect(try await client.send(.post, "/v1/categorize", ["transactions": .array(history)]).status == 200)
                try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<12 {
                        group.addTask { try await client.send(.post, "/v1/feedback", ["transaction_id": .string("c\(index)"), "category": "salaries"]).status }
                    }
                    for try await status in group { #expect(status == 200) }
                }
                #expect(try await client.send(.get, "/v1/model").json["tenant"]?["corrections"] == 12)
            }
        }
    }

    @Test("a hand-set category survives re-categorising and re-sending; a recategorisation job applies new rules to the history", arguments: StoreBackend.allCases)
    func recategorize(_ backend: StoreBackend) async throws {
        try await CategorizerHarness.with(backend) { harness in
            try await harness.run { client in
                let history: [JSONValue] = (0..<1_200).map { transaction("m\($0)", "Merchant Payment to 7000\($0 % 7) - MAMA PIMA \($0 % 7)") }
                #expect(try await client.send(.post, "/v1/categorize", ["transactions": .array(history)]).status == 200)
                #expect(try await client.send(.post, "/v1/feedback", ["transaction_id": "m0", "category": "transport"]).status == 200)
                let rule: JSONValue = ["name": "Mama Pima is stock", "triggers": [["field": "counterparty", "operator": "starts_with", "value": "mama pima"]], "actions": [["type": "set_category", "value": "inventory"]]]
                #expect(try await client.send(.post, "/v1/rules", rule).status == 201)
                let started = try await client.send(.post, "/v1/recategorize")
                #expect(started.status == 202)
                let id = try #require(started.json["id"]?.stringValue)
                var job = started.json
                let deadline = ContinuousClock.now + .seconds(60)
                while job["status"] != "succeeded", job["status"] != "failed", ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))  // poll the job until it ends or the deadline passes
                    job = try await client.send(.get, "/v1/recategorize/\(id)").json
                }
                #expect(job["status"] == "succeeded")
                #expect(job["processed"] == 1_200)
                #expect(job["changed"] == 1_199)
                #expect(job["progress"]?.numberValue == 1)
                let check = try await client.send(.post, "/v1/categorize", ["transactions": [history[0], history[1]]])
                #expect(check.json["results"]?.arrayValue?.map { $0["category"]?.stringValue } == ["transport", "inventory"])
                #expect(check.json["results"]?.arrayValue?.first?["source"] == "manual")
            }
        }
    }

    @Test("categories: own ones are added and used; deleting one in use needs a replacement; defaults are renamed, never deleted", arguments: StoreBackend.allCases)
    func categories(_ backend: StoreBackend) async throws {
        try await CategorizerHarness.with(backend) { harness in
            try await harness.run { client in
                let created = try await client.send(.post, "/v1/categories", ["name": "Boda maintenance", "group": "expense"])
                #expect(created.status == 201)
                #expect(created.json["slug"] == "boda_maintenance")
                #expect(try await client.send(.post, "/v1/categories", ["name": "Boda maintenance", "group": "expense"]).status == 409)
                #expect(try await client.send(.post, "/v1/categories", ["name": "x", "group": "sideways"]).status == 422)
                #expect(try await client.send(.post, "/v1/categories", ["slug": "Bad Slug!", "name": "x", "group": "expense"]).status == 422)
                #expect(try await client.send(.post, "/v1/categorize", ["transactions": [transaction("g1", "Merchant Payment to 7788 - GARAGE KWA JOHN")]]).status == 200)
                #expect(try await client.send(.post, "/v1/feedback", ["transaction_id": "g1", "category": "boda_maintenance"]).status == 200)
                let rule: JSONValue = ["name": "garage", "triggers": [["field": "details", "operator": "contains", "value": "garage"]], "actions": [["type": "set_category", "value": "boda_maintenance"]]]
                #expect(try await client.send(.post, "/v1/rules", rule).status == 201)
                let refused = try await client.send(.delete, "/v1/categories/boda_maintenance")
                #expect(refused.status == 409)
                #expect(refused.json["type"]?.stringValue?.hasSuffix("category-in-use") == true)
                #expect(try await client.send(.delete, "/v1/categories/boda_maintenance?replacement=holidays").status == 422)
                let deleted = try await client.send(.delete, "/v1/categories/boda_maintenance?replacement=transport")
                #expect(deleted.status == 200)
                #expect(deleted.json["transactions_moved"] == 1)
                #expect(deleted.json["rules_updated"] == 1)
                let rules = try await client.send(.get, "/v1/rules")
                #expect(rules.json["rules"]?.arrayValue?.first?["actions"]?.arrayValue?.first?["value"] == "transport")
                #expect(try await client.send(.delete, "/v1/categories/rent").status == 409)
                #expect(try await client.send(.patch, "/v1/categories/rent", ["name": "Kodi (rent)"]).json["name"] == "Kodi (rent)")
                let listed = try await client.send(.get, "/v1/categories")
                let slugs = listed.json["categories"]?.arrayValue?.compactMap { $0["slug"]?.stringValue } ?? []
                #expect(slugs.count == 23)
                #expect(!slugs.contains("boda_maintenance"))
                #expect(listed.json["categories"]?.arrayValue?.first(where: { $0["slug"] == "rent" })?["name"] == "Kodi (rent)")
            }
        }
    }

    @Test("another organisation sees none of it: history, corrections, rules, suggestions, categories, jobs", arguments: StoreBackend.allCases)
    func isolation(_ backend: StoreBackend) async throws {
        try await CategorizerHarness.with(backend) { harness in
            let other = try await harness.token(tenant: "globex", role: .owner, user: "usr_mallory")
            try await harness.run { client in
                #expect(try await client.send(.post, "/v1/categorize", ["transactions": [Self.staffPayment(1)]]).status == 200)
                for _ in 0..<3 { #expect(try await client.send(.post, "/v1/feedback", ["transaction_id": "staff1", "category": "salaries"]).status == 200) }
                let rule = try await client.send(.post, "/v1/rules", RuleEndpointTests.kplcRule)
                let ruleID = try #require(rule.json["id"]?.stringValue)
                #expect(try await client.send(.post, "/v1/categories", ["name": "Secret", "group": "expense"]).status == 201)
                let job = try #require(try await client.send(.post, "/v1/recategorize").json["id"]?.stringValue)
                let suggestion = try #require(try await client.send(.get, "/v1/suggestions").json["suggestions"]?.arrayValue?.first?["id"]?.stringValue)

                #expect(try await client.send(.get, "/v1/rules/\(ruleID)", token: other).status == 404)
                #expect(try await client.send(.put, "/v1/rules/\(ruleID)", RuleEndpointTests.kplcRule, token: other).status == 404)
                #expect(try await client.send(.delete, "/v1/rules/\(ruleID)", token: other).status == 404)
                #expect(try await client.send(.get, "/v1/rules", token: other).json["rules"]?.arrayValue?.isEmpty == true)
                #expect(try await client.send(.post, "/v1/feedback", ["transaction_id": "staff1", "category": "rent"], token: other).status == 404)
                #expect(try await client.send(.get, "/v1/suggestions", token: other).json["suggestions"]?.arrayValue?.isEmpty == true)
                #expect(try await client.send(.post, "/v1/suggestions/\(suggestion)/accept", token: other).status == 404)
                #expect(try await client.send(.get, "/v1/recategorize/\(job)", token: other).status == 404)
                #expect(try await client.send(.delete, "/v1/categories/secret", token: other).status == 404)
                #expect(try await client.send(.post, "/v1/rules/dry-run", [:], token: other).json["scanned"] == 0)
                #expect(try await client.send(.get, "/v1/model", token: other).json["tenant"]?["corrections"] == 0)
                // The other organisation's model never learnt from these corrections.
                let theirs = try await client.send(.post, "/v1/categorize", ["transactions": [Self.staffPayment(9)], "persist": false], token: other)
                #expect(theirs.json["results"]?.arrayValue?.first?["category"] == "personal_transfers")
            }
        }
    }
}
