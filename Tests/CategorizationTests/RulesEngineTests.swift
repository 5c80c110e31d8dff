import Categorization
import MPesaCore
import Testing

@Suite("Rules engine")
struct RulesEngineTests {
    static func input(_ details: String, name: String? = nil, direction: Direction = .out, cents: Int64 = 50_000, kind: TransactionKind = .paybill, time: LocalDateTime? = LocalDateTime(year: 2026, month: 3, day: 14, hour: 8)) -> CategorizationInput {
        CategorizationInput(id: "t", kind: kind, direction: direction, amountCents: cents, details: details, counterpartyName: name, localTime: time)
    }

    static func rule(_ id: String, stage: Rule.Stage = .default, priority: Int = 100, match: Rule.Match = .all, stop: Bool = false, _ triggers: [RuleTrigger], _ actions: [RuleAction]) -> Rule {
        Rule(id: id, name: id, stage: stage, priority: priority, match: match, triggers: triggers, actions: actions, stopProcessing: stop)
    }

    @Test("stages run pre → default → post and the last category set wins; priority orders within a stage")
    func order() throws {
        let engine = try RulesEngine(rules: [
            Self.rule("post", stage: .post, [RuleTrigger(field: .details, operator: .contains, value: "kplc")], [.setCategory("other")]),
            Self.rule("late", priority: 50, [RuleTrigger(field: .details, operator: .contains, value: "kplc")], [.setCategory("rent")]),
            Self.rule("early", priority: 10, [RuleTrigger(field: .details, operator: .contains, value: "kplc")], [.setCategory("utilities")]),
        ])
        let outcome = engine.evaluate(Self.input("Pay Bill to 888880 - KPLC PREPAID"))
        #expect(outcome.fired.map(\.id) == ["early", "late", "post"])
        #expect(outcome.category == "other")
        #expect(outcome.categoryRule?.id == "post")
    }

    @Test("stop processing skips the rest of its stage only")
    func stop() throws {
        let engine = try RulesEngine(rules: [
            Self.rule("a", priority: 1, stop: true, [RuleTrigger(field: .details, operator: .contains, value: "bet")], [.setCategory("betting")]),
            Self.rule("b", priority: 2, [RuleTrigger(field: .details, operator: .contains, value: "bet")], [.setCategory("other")]),
            Self.rule("c", stage: .post, [RuleTrigger(field: .details, operator: .contains, value: "bet")], [RuleAction(type: .addTag, value: "flagged")]),
        ])
        let outcome = engine.evaluate(Self.input("Pay Bill to 290290 - BETIKA"))
        #expect(outcome.fired.map(\.id) == ["a", "c"])
        #expect(outcome.category == "betting")
        #expect(outcome.tags == ["flagged"])
    }

    @Test("all needs every trigger, any needs one; the explanation names what matched")
    func matching() throws {
        let triggers = [RuleTrigger(field: .details, operator: .contains, value: "naivas"), RuleTrigger(field: .amountCents, operator: .greaterThan, value: "1000000")]
        let all = try RulesEngine(rules: [Self.rule("all", triggers, [.setCategory("inventory")])])
        let any = try RulesEngine(rules: [Self.rule("any", match: .any, triggers, [.setCategory("inventory")])])
        let small = Self.input("Merchant Payment to 573067 - NAIVAS LANG'ATA", cents: 50_000)
        let big = Self.input("Merchant Payment to 573067 - NAIVAS LANG'ATA", cents: 2_000_000)
        #expect(all.evaluate(small).category == nil)
        #expect(all.evaluate(big).category == "inventory")
        #expect(all.evaluate(big).categoryRule?.explanation == "details contains “naivas” and amount cents gt “1000000”")
        #expect(any.evaluate(small).category == "inventory")
    }

    @Test("a pre-stage rename is what later rules see as the counterparty")
    func rename() throws {
        let engine = try RulesEngine(rules: [
            Self.rule("rename", stage: .pre, [RuleTrigger(field: .shortcode, operator: .is, value: "4016891")], [RuleAction(type: .renameCounterparty, value: "Jumbo Wholesalers")]),
            Self.rule("stock", [RuleTrigger(field: .counterparty, operator: .startsWith, value: "JUMBO")], [.setCategory("inventory")]),
        ])
        var input = Self.input("Pay Bill to 4016891 - WHOLESALE DISTRIBUTORS LTD", name: "WHOLESALE DISTRIBUTORS LTD")
        input.shortcode = "4016891"
        let outcome = engine.evaluate(input)
        #expect(outcome.counterpartyName == "Jumbo Wholesalers")
        #expect(outcome.category == "inventory")
    }

    @Test("numbers, days and hours, kinds and lists compare as they should", arguments: [
        (RuleTrigger(field: .amountCents, operator: .between, min: 10_000, max: 60_000), true),
        (RuleTrigger(field: .amountCents, operator: .between, min: 60_001, max: 90_000), false),
        (RuleTrigger(field: .weekday, operator: .is, value: "6"), true),  // 14 March 2026 is a Saturday
        (RuleTrigger(field: .hour, operator: .lessThan, value: "9"), true),
        (RuleTrigger(field: .dayOfMonth, operator: .oneOf, values: ["1", "14", "28"]), true),
        (RuleTrigger(field: .kind, operator: .oneOf, values: ["paybill", "buy_goods"]), true),
        (RuleTrigger(field: .kind, operator: .is, value: "PAYBILL"), false),
        (RuleTrigger(field: .direction, operator: .isNot, value: "out"), false),
        (RuleTrigger(field: .details, operator: .notContains, value: "kplc"), false),
        (RuleTrigger(field: .details, operator: .endsWith, value: "prepaid"), true),
        (RuleTrigger(field: .details, operator: .matches, value: "^pay bill to 8{5}0\\b"), true),
        (RuleTrigger(field: .counterparty, operator: .oneOf, values: ["kplc prepaid", "  KPLC   Prepaid "]), true),
    ])
    func comparisons(_ trigger: RuleTrigger, _ expected: Bool) throws {
        let engine = try RulesEngine(rules: [Self.rule("r", [trigger], [.setCategory("utilities")])])
        #expect((engine.evaluate(Self.input("Pay Bill to 888880 - KPLC PREPAID", name: "KPLC PREPAID")).category != nil) == expected)
    }

    @Test("text is compared without regard to case or repeated spaces, emoji and accents included")
    func folding() throws {
        let engine = try RulesEngine(rules: [Self.rule("r", [RuleTrigger(field: .details, operator: .contains, value: "café 🍅")], [.setCategory("food_groceries")])])
        #expect(engine.evaluate(Self.input("Merchant Payment to 1 - CAFÉ   🍅 STALL")).category == "food_groceries")
    }

    @Test("validation names the field: regex position, unknown category, bad numbers, empty rule")
    func validation() {
        let taxonomy = Taxonomy.standard
        let bad = Rule(id: "", name: "", triggers: [
            RuleTrigger(field: .details, operator: .matches, value: "ab[c"), RuleTrigger(field: .hour, operator: .is, value: "25"),
            RuleTrigger(field: .direction, operator: .contains, value: "in"),
        ], actions: [.setCategory("nope")])
        let issues = RuleValidator.validate(bad, taxonomy: taxonomy)
        #expect(Set(issues.map(\.pointer)) == ["/name", "/triggers/0/value", "/triggers/1/value", "/triggers/2/operator", "/actions/0/value"])
        #expect(issues.first { $0.pointer == "/triggers/0/value" }?.detail.contains("position 2") == true)
        #expect(RuleValidator.validate(Rule(id: "", name: "ok", triggers: [RuleTrigger(field: .details, operator: .contains, value: "x")], actions: [.setCategory("rent")]), taxonomy: taxonomy).isEmpty)
    }
}
