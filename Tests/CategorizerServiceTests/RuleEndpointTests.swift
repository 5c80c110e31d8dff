import CategorizerService
import Foundation
import MPesaCore
import Platform
import Testing
import TestSupport

@Suite("Categorizer: rules, dry runs and their bad input")
struct RuleEndpointTests {
    static let kplcRule: JSONValue = [
        "name": "Stock from Bidco", "priority": 10,
        "triggers": [["field": "details", "operator": "matches", "value": "bidco\\s+africa"], ["field": "direction", "operator": "is", "value": "out"]],
        "actions": [["type": "set_category", "value": "inventory"], ["type": "add_tag", "value": "supplier"]],
    ]

    @Test("a rule is created, fires with its reason, is versioned and refuses a stale update", arguments: StoreBackend.allCases)
    func lifecycle(_ backend: StoreBackend) async throws {
        try await CategorizerHarness.with(backend) { harness in
            try await harness.run { client in
                let created = try await client.send(.post, "/v1/rules", Self.kplcRule)
                #expect(created.status == 201)
                let id = try #require(created.json["id"]?.stringValue)
                #expect(created.json["version"] == 1)
                let answer = try await client.send(.post, "/v1/categorize", ["transactions": [transaction("b1", "Pay Bill Online to 7171717 - BIDCO AFRICA LTD Acc. DLR-10293")]])
                let result = try #require(answer.json["results"]?.arrayValue?.first)
                #expect(result["category"] == "inventory")
                #expect(result["source"] == "rule")
                #expect(result["tags"] == ["supplier"])
                #expect(result["reason"]?.stringValue?.contains("Stock from Bidco") == true)
                #expect(result["rule_ids"] == [.string(id)])

                var changed = Self.kplcRule
                changed.set("name", "Bidco stock")
                changed.set("version", 1)
                let updated = try await client.send(.put, "/v1/rules/\(id)", changed)
                #expect(updated.status == 200)
                #expect(updated.json["version"] == 2)
                // Someone who read version 1 cannot overwrite version 2.
                #expect(try await client.send(.put, "/v1/rules/\(id)", changed).status == 409)
                let versions = try await client.send(.get, "/v1/rules/\(id)/versions")
                #expect(versions.json["versions"]?.arrayValue?.map { $0["change"]?.stringValue } == ["created", "updated"])
                #expect(try await client.send(.delete, "/v1/rules/\(id)").status == 204)
                #expect(try await client.send(.get, "/v1/rules/\(id)").status == 404)
                #expect(try await client.send(.get, "/v1/rules/\(id)/versions").json["versions"]?.arrayValue?.count == 3)
            }
        }
    }

    @Test("invalid regexes, unknown categories and missing values are refused naming where", arguments: StoreBackend.allCases)
    func invalidRules(_ backend: StoreBackend) async throws {
        try await CategorizerHarness.with(backend) { harness in
            try await harness.run { client in
                func refusal(_ trigger: JSONValue, category: String = "other") async throws -> (pointer: String?, detail: String?) {
                    let answer = try await client.send(.post, "/v1/rules", ["name": "r", "triggers": [trigger], "actions": [["type": "set_category", "value": .string(category)]]])
                    #expect(answer.status == 422)
                    let error = answer.json["errors"]?.arrayValue?.first
                    return (error?["pointer"]?.stringValue, error?["detail"]?.stringValue)
                }
                let unclosed = try await refusal(["field": "details", "operator": "matches", "value": "kplc(prepaid"])
                #expect(unclosed.pointer == "/triggers/0/value")
                #expect(unclosed.detail?.contains("position 4") == true)
                let backreference = try await refusal(["field": "details", "operator": "matches", "value": "(a)\\1"])
                #expect(backreference.detail?.contains("backreference") == true)
                let lookahead = try await refusal(["field": "details", "operator": "matches", "value": "(?=x)"])
                #expect(lookahead.detail?.contains("lookahead") == true)
                let explosive = try await refusal(["field": "details", "operator": "matches", "value": "((a{100}){100}){100}"])
                #expect(explosive.detail?.contains("too complex") == true)
                let unknown = try await refusal(["field": "details", "operator": "contains", "value": "x"], category: "holidays")
                #expect(unknown.pointer == "/actions/0/value")
                let missing = try await refusal(["field": "amount_cents", "operator": "between", "min": 5])
                #expect(missing.pointer == "/triggers/0/min")
                let wrongOperator = try await refusal(["field": "amount_cents", "operator": "contains", "value": "5"])
                #expect(wrongOperator.pointer == "/triggers/0/operator")
                let badKind = try await refusal(["field": "kind", "operator": "is", "value": "teleport"])
                #expect(badKind.detail?.contains("unknown kind") == true)
                #expect(try await client.send(.post, "/v1/rules", ["name": "r", "triggers": [], "actions": []]).status == 422)
                #expect(try await client.send(.post, "/v1/rules", ["name": "r", "triggers": [["field": "weather", "operator": "is", "value": "x"]], "actions": []]).status == 422)
            }
        }
    }

    @Test("a catastrophic-backtracking pattern is harmless: it runs in linear time on a long details string")
    func redos() async throws {
        try await CategorizerHarness.with(.sqlite) { harness in
            try await harness.run { client in
                let rule: JSONValue = ["name": "evil", "triggers": [["field": "details", "operator": "matches", "value": "(a+)+$"]], "actions": [["type": "set_category", "value": "other"]]]
                #expect(try await client.send(.post, "/v1/rules", rule).status == 201)
                let long = String(repeating: "a", count: 1_900) + "!"
                let answer = try await client.send(.post, "/v1/categorize", ["transactions": [transaction("evil", long)]])
                #expect(answer.status == 200)
                #expect(answer.json["results"]?.arrayValue?.first?["source"] != "rule")
            }
        }
    }

    @Test("a dry run says what a rule would change over the history and changes nothing", arguments: StoreBackend.allCases)
    func dryRun(_ backend: StoreBackend) async throws {
        try await CategorizerHarness.with(backend) { harness in
            try await harness.run { client in
                let history: [JSONValue] = (0..<30).map { index in
                    index % 3 == 0
                        ? transaction("s\(index)", "Customer Transfer to - 2547******\(100 + index) PETER OTIENO")
                        : transaction("p\(index)", "Pay Bill Online to 888880 - KPLC PREPAID Acc. 5440\(index)")
                }
                #expect(try await client.send(.post, "/v1/categorize", ["transactions": .array(history)]).status == 200)
                let rule: JSONValue = ["name": "Peter is staff", "triggers": [["field": "counterparty", "operator": "is", "value": "peter otieno"]], "actions": [["type": "set_category", "value": "salaries"]]]
                let report = try await client.send(.post, "/v1/rules/dry-run", ["rule": rule])
                #expect(report.status == 200)
                #expect(report.json["scanned"] == 30)
                #expect(report.json["matched"] == 10)
                #expect(report.json["would_change"] == 10)
                #expect(report.json["transitions"]?["personal_transfers"]?["salaries"] == 10)
                #expect(report.json["examples"]?.arrayValue?.first?["to"] == "salaries")
                // A draft previewed while it is typed needs no name yet.
                var nameless = rule
                nameless.set("name", "")
                let draft = try await client.send(.post, "/v1/rules/dry-run", ["rule": nameless])
                #expect(draft.status == 200)
                #expect(draft.json["matched"] == 10)
                let bad = try await client.send(.post, "/v1/rules/dry-run", ["rule": ["name": "x", "triggers": [["field": "details", "operator": "matches", "value": "[z-a]"]], "actions": [["type": "set_category", "value": "other"]]]])
                #expect(bad.status == 422)
                #expect(bad.json["errors"]?.arrayValue?.first?["pointer"] == "/rule/triggers/0/value")
                // Nothing was saved or changed.
                #expect(try await client.send(.get, "/v1/rules").json["rules"]?.arrayValue?.isEmpty == true)
                let again = try await client.send(.post, "/v1/categorize", ["transactions": [transaction("s0", "Customer Transfer to - 2547******100 PETER OTIENO")], "persist": false])
                #expect(again.json["results"]?.arrayValue?.first?["category"] == "personal_transfers")
            }
        }
    }
}
