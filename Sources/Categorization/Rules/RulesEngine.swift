import Foundation
import MPesaCore

/// What a tenant's rules did to one transaction.
public struct RulesOutcome: Sendable, Equatable {
    /// The category the last firing `set_category` chose.
    public var category: String?
    /// The rule that set `category`, and what made it fire.
    public var categoryRule: FiredRule?
    public var fired: [FiredRule] = []
    public var tags: [String] = []
    public var counterpartyName: String?

    public init() {}
}

/// A rule that fired and the triggers that matched (by index), for the explanation.
public struct FiredRule: Sendable, Equatable {
    public var id: String
    public var name: String
    public var matchedTriggers: [Int]
    public var explanation: String
}

/// A tenant's active rules, validated and compiled once (regexes built, text folded), ready to run against many
/// transactions.
public struct RulesEngine: Sendable {
    struct CompiledTrigger: Sendable {
        var trigger: RuleTrigger
        var folded: String
        var foldedValues: Set<String>
        var numbers: Set<Int64>
        var number: Int64?
        var regex: SafeRegex?
    }

    struct CompiledRule: Sendable {
        var rule: Rule
        var triggers: [CompiledTrigger]
    }

    private let rules: [CompiledRule]
    public var count: Int { rules.count }

    /// Compiles `rules`, skipping inactive ones; a rule that fails validation is an error (it should never have
    /// been stored).
    public init(rules: [Rule]) throws(SafeRegex.SyntaxError) {
        var compiled: [CompiledRule] = []
        for rule in rules where rule.active {
            var triggers: [CompiledTrigger] = []
            for trigger in rule.triggers {
                let values = trigger.values ?? []
                triggers.append(
                    CompiledTrigger(
                        trigger: trigger, folded: TextFolding.normalized(trigger.value ?? ""),
                        foldedValues: Set(values.map(TextFolding.normalized)), numbers: Set(values.compactMap { Int64($0) }),
                        number: trigger.value.flatMap { Int64($0) },
                        regex: trigger.operator == .matches ? try SafeRegex(trigger.value ?? "") : nil
                    )
                )
            }
            compiled.append(CompiledRule(rule: rule, triggers: triggers))
        }
        self.rules = compiled.sorted { left, right in
            if left.rule.stage.order != right.rule.stage.order { return left.rule.stage.order < right.rule.stage.order }
            if left.rule.priority != right.rule.priority { return left.rule.priority < right.rule.priority }
            return left.rule.id < right.rule.id
        }
    }

    public static let empty = try! RulesEngine(rules: [])

    /// Runs every rule against `input`, stage by stage.
    public func evaluate(_ input: CategorizationInput) -> RulesOutcome {
        var outcome = RulesOutcome()
        guard !rules.isEmpty else { return outcome }
        var view = FoldedView(input: input)
        var stoppedStage: Rule.Stage?
        for compiled in rules {
            if let stoppedStage, stoppedStage == compiled.rule.stage { continue }
            guard let matched = Self.matches(compiled, &view) else { continue }
            let fired = FiredRule(
                id: compiled.rule.id, name: compiled.rule.name, matchedTriggers: matched,
                explanation: matched.map { Self.describe(compiled.triggers[$0].trigger) }.joined(separator: compiled.rule.match == .all ? " and " : " or ")
            )
            outcome.fired.append(fired)
            for action in compiled.rule.actions {
                switch action.type {
                case .setCategory:
                    outcome.category = action.value
                    outcome.categoryRule = fired
                case .renameCounterparty:
                    outcome.counterpartyName = action.value
                    view.rename(action.value)
                case .addTag:
                    if !outcome.tags.contains(action.value) { outcome.tags.append(action.value) }
                }
            }
            if compiled.rule.stopProcessing { stoppedStage = compiled.rule.stage }
        }
        return outcome
    }

    /// The indexes of the triggers that matched, or nil when the rule does not fire.
    private static func matches(_ compiled: CompiledRule, _ view: inout FoldedView) -> [Int]? {
        var matched: [Int] = []
        for (index, trigger) in compiled.triggers.enumerated() {
            if test(trigger, &view) {
                matched.append(index)
                if compiled.rule.match == .any { return matched }
            } else if compiled.rule.match == .all {
                return nil
            }
        }
        return matched.isEmpty ? nil : matched
    }

    private static func test(_ compiled: CompiledTrigger, _ view: inout FoldedView) -> Bool {
        let trigger = compiled.trigger
        switch trigger.field {
        case .amountCents: return testNumber(view.input.amountCents, compiled)
        case .weekday: return view.input.weekday.map { testNumber(Int64($0), compiled) } ?? false
        case .hour: return view.input.localTime.map { testNumber(Int64($0.hour), compiled) } ?? false
        case .dayOfMonth: return view.input.localTime.map { testNumber(Int64($0.day), compiled) } ?? false
        case .kind: return testText(view.input.kind.rawValue, raw: view.input.kind.rawValue, compiled, caseFolded: false)
        case .direction: return testText(view.input.direction.rawValue, raw: view.input.direction.rawValue, compiled, caseFolded: false)
        case .details: return testText(view.details, raw: view.input.details, compiled)
        case .counterparty: return testText(view.counterparty, raw: view.rawCounterparty, compiled)
        case .phone: return testText(view.input.counterpartyPhone ?? "", raw: view.input.counterpartyPhone ?? "", compiled)
        case .shortcode: return testText(view.input.shortcode ?? "", raw: view.input.shortcode ?? "", compiled)
        case .accountReference: return testText(view.accountReference, raw: view.input.accountReference ?? "", compiled)
        }
    }

    private static func testNumber(_ number: Int64, _ compiled: CompiledTrigger) -> Bool {
        let trigger = compiled.trigger
        switch trigger.operator {
        case .is: return compiled.number == number
        case .isNot: return compiled.number != number
        case .greaterThan: return compiled.number.map { number > $0 } ?? false
        case .greaterOrEqual: return compiled.number.map { number >= $0 } ?? false
        case .lessThan: return compiled.number.map { number < $0 } ?? false
        case .lessOrEqual: return compiled.number.map { number <= $0 } ?? false
        case .between: return trigger.min.map { number >= $0 } ?? false && trigger.max.map { number <= $0 } ?? false
        case .oneOf: return compiled.numbers.contains(number)
        case .notOneOf: return !compiled.numbers.contains(number)
        default: return false
        }
    }

    private static func testText(_ folded: String, raw: String, _ compiled: CompiledTrigger, caseFolded: Bool = true) -> Bool {
        let value = caseFolded ? compiled.folded : (compiled.trigger.value ?? "")
        switch compiled.trigger.operator {
        case .contains: return !value.isEmpty && folded.contains(value)
        case .notContains: return !folded.contains(value)
        case .is: return folded == value
        case .isNot: return folded != value
        case .startsWith: return folded.hasPrefix(value)
        case .endsWith: return folded.hasSuffix(value)
        case .matches: return compiled.regex?.matches(raw) ?? false
        case .oneOf: return caseFolded ? compiled.foldedValues.contains(folded) : (compiled.trigger.values ?? []).contains(folded)
        case .notOneOf: return caseFolded ? !compiled.foldedValues.contains(folded) : !(compiled.trigger.values ?? []).contains(folded)
        default: return false
        }
    }

    /// "details contains “KPLC”", for explanations.
    static func describe(_ trigger: RuleTrigger) -> String {
        let field = trigger.field.rawValue.replacingOccurrences(of: "_", with: " ")
        let operation = trigger.operator.rawValue.replacingOccurrences(of: "_", with: " ")
        switch trigger.operator {
        case .between: return "\(field) between \(trigger.min ?? 0) and \(trigger.max ?? 0)"
        case .oneOf, .notOneOf: return "\(field) \(operation) \((trigger.values ?? []).map { "“\($0)”" }.joined(separator: ", "))"
        default: return "\(field) \(operation) “\(trigger.value ?? "")”"
        }
    }

    /// The transaction's text fields, folded once and only when a trigger needs them.
    private struct FoldedView {
        let input: CategorizationInput
        var renamed: String?
        private var foldedDetails: String?
        private var foldedCounterparty: String?
        private var foldedAccount: String?

        init(input: CategorizationInput) { self.input = input }

        var rawCounterparty: String { renamed ?? input.counterpartyName ?? "" }

        mutating func rename(_ name: String) {
            renamed = name
            foldedCounterparty = nil
        }

        var details: String {
            mutating get {
                if let foldedDetails { return foldedDetails }
                let folded = TextFolding.normalized(input.details)
                foldedDetails = folded
                return folded
            }
        }

        var counterparty: String {
            mutating get {
                if let foldedCounterparty { return foldedCounterparty }
                let folded = TextFolding.normalized(rawCounterparty)
                foldedCounterparty = folded
                return folded
            }
        }

        var accountReference: String {
            mutating get {
                if let foldedAccount { return foldedAccount }
                let folded = TextFolding.normalized(input.accountReference ?? "")
                foldedAccount = folded
                return folded
            }
        }
    }
}
