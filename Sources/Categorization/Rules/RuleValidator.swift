import Foundation
import MPesaCore

/// A reason a rule cannot be saved, located by a JSON Pointer into the rule as sent.
public struct RuleIssue: Sendable, Equatable, Hashable {
    public var pointer: String
    public var detail: String

    public init(pointer: String, detail: String) {
        self.pointer = pointer
        self.detail = detail
    }
}

/// Checks a rule before it is stored: every trigger has the values its operator needs, regexes compile (safely),
/// numbers are numbers, and every category it sets exists for the tenant.
public enum RuleValidator {
    public static let maximumTriggers = 20
    public static let maximumActions = 10
    public static let maximumValueLength = 500
    public static let maximumListValues = 200

    public static func validate(_ rule: Rule, taxonomy: Taxonomy) -> [RuleIssue] {
        var issues: [RuleIssue] = []
        let name = rule.name.trimmingCharacters(in: .whitespaces)
        if name.isEmpty || name.count > 120 { issues.append(.init(pointer: "/name", detail: "give the rule a name of 1 to 120 characters")) }
        if rule.triggers.isEmpty { issues.append(.init(pointer: "/triggers", detail: "a rule needs at least one trigger")) }
        if rule.triggers.count > maximumTriggers { issues.append(.init(pointer: "/triggers", detail: "at most \(maximumTriggers) triggers")) }
        if rule.actions.isEmpty { issues.append(.init(pointer: "/actions", detail: "a rule needs at least one action")) }
        if rule.actions.count > maximumActions { issues.append(.init(pointer: "/actions", detail: "at most \(maximumActions) actions")) }
        if !(-1_000_000...1_000_000).contains(rule.priority) { issues.append(.init(pointer: "/priority", detail: "priority must be between -1000000 and 1000000")) }
        for (index, trigger) in rule.triggers.enumerated() {
            issues += validate(trigger, pointer: "/triggers/\(index)")
        }
        for (index, action) in rule.actions.enumerated() {
            let pointer = "/actions/\(index)/value"
            let value = action.value.trimmingCharacters(in: .whitespaces)
            switch action.type {
            case .setCategory:
                if value == DefaultTaxonomy.uncategorized { continue }
                if !taxonomy.contains(value) {
                    issues.append(.init(pointer: pointer, detail: "there is no category `\(value.prefix(60))`; create it first or use one of: \(taxonomy.categories.map(\.slug).joined(separator: ", "))"))
                }
            case .renameCounterparty, .addTag:
                if value.isEmpty || value.count > 120 { issues.append(.init(pointer: pointer, detail: "give a value of 1 to 120 characters")) }
            }
        }
        return issues
    }

    private static func validate(_ trigger: RuleTrigger, pointer: String) -> [RuleIssue] {
        var issues: [RuleIssue] = []
        let textOperators: Set<RuleTrigger.Operator> = [.contains, .notContains, .is, .isNot, .startsWith, .endsWith, .matches, .oneOf, .notOneOf]
        let numericOperators: Set<RuleTrigger.Operator> = [.is, .isNot, .greaterThan, .greaterOrEqual, .lessThan, .lessOrEqual, .between, .oneOf, .notOneOf]
        let enumOperators: Set<RuleTrigger.Operator> = [.is, .isNot, .oneOf, .notOneOf]
        let allowed: Set<RuleTrigger.Operator> =
            trigger.field.isNumeric ? numericOperators : (trigger.field == .kind || trigger.field == .direction ? enumOperators : textOperators)
        guard allowed.contains(trigger.operator) else {
            let names = RuleTrigger.Operator.allCases.filter(allowed.contains).map(\.rawValue).joined(separator: ", ")
            return [.init(pointer: "\(pointer)/operator", detail: "`\(trigger.operator.rawValue)` does not apply to \(trigger.field.rawValue); use one of: \(names)")]
        }
        switch trigger.operator {
        case .between:
            guard let min = trigger.min, let max = trigger.max else {
                return [.init(pointer: "\(pointer)/min", detail: "between needs both min and max")]
            }
            if min > max { issues.append(.init(pointer: "\(pointer)/max", detail: "max (\(max)) is below min (\(min))")) }
        case .oneOf, .notOneOf:
            guard let values = trigger.values, !values.isEmpty else {
                return [.init(pointer: "\(pointer)/values", detail: "\(trigger.operator.rawValue) needs a non-empty list of values")]
            }
            if values.count > maximumListValues { issues.append(.init(pointer: "\(pointer)/values", detail: "at most \(maximumListValues) values")) }
            for (index, value) in values.enumerated() {
                issues += checkValue(value, field: trigger.field, pointer: "\(pointer)/values/\(index)")
            }
        default:
            guard let value = trigger.value, !value.isEmpty else {
                return [.init(pointer: "\(pointer)/value", detail: "\(trigger.operator.rawValue) needs a value")]
            }
            if trigger.operator == .matches {
                do {
                    _ = try SafeRegex(value)
                } catch {
                    issues.append(.init(pointer: "\(pointer)/value", detail: "the regular expression is not valid \(error.description)"))
                }
            } else {
                issues += checkValue(value, field: trigger.field, pointer: "\(pointer)/value")
            }
        }
        return issues
    }

    private static func checkValue(_ value: String, field: RuleTrigger.Field, pointer: String) -> [RuleIssue] {
        if value.count > maximumValueLength { return [.init(pointer: pointer, detail: "at most \(maximumValueLength) characters")] }
        switch field {
        case .amountCents, .weekday, .hour, .dayOfMonth:
            guard let number = Int64(value) else { return [.init(pointer: pointer, detail: "`\(value.prefix(40))` is not a whole number")] }
            let range: ClosedRange<Int64> =
                switch field {
                case .weekday: 0...6
                case .hour: 0...23
                case .dayOfMonth: 1...31
                default: 0...Int64.max
                }
            if !range.contains(number) { return [.init(pointer: pointer, detail: "\(field.rawValue) must be within \(range.lowerBound)...\(range.upperBound)")] }
        case .kind:
            if TransactionKind(rawValue: value) == nil {
                return [.init(pointer: pointer, detail: "unknown kind `\(value.prefix(40))`; use one of: \(TransactionKind.allCases.map(\.rawValue).joined(separator: ", "))")]
            }
        case .direction:
            if Direction(rawValue: value) == nil { return [.init(pointer: pointer, detail: "direction is `in` or `out`")] }
        default:
            break
        }
        return []
    }
}
