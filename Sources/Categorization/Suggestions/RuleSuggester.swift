/// Proposes a rule once a person has filed the same counterparty under the same category three times (Actual
/// Budget's learning rule): the rule matches the counterparty the way it is most stable — its shortcode, else its
/// name, else its phone — and sets the category.
public enum RuleSuggester {
    /// Identical corrections needed before a rule is proposed.
    public static let threshold = 3

    /// The rule to propose for `input` filed under `category`, once `identicalCorrections` reaches the threshold.
    public static func proposal(for input: CategorizationInput, category: String, categoryName: String, identicalCorrections: Int) -> Rule? {
        guard identicalCorrections >= threshold else { return nil }
        let trigger: RuleTrigger
        let label: String
        if let shortcode = input.shortcode, !shortcode.isEmpty {
            trigger = RuleTrigger(field: .shortcode, operator: .is, value: shortcode)
            label = input.counterpartyName.map { "\($0) (\(shortcode))" } ?? shortcode
        } else if let name = input.counterpartyName, !name.isEmpty {
            trigger = RuleTrigger(field: .counterparty, operator: .is, value: name)
            label = name
        } else if let phone = input.counterpartyPhone, !phone.isEmpty {
            trigger = RuleTrigger(field: .phone, operator: .is, value: phone)
            label = phone
        } else {
            return nil
        }
        return Rule(
            id: "", name: "\(label) → \(categoryName)", stage: .default, priority: 100, match: .all,
            triggers: [trigger, RuleTrigger(field: .direction, operator: .is, value: input.direction.rawValue)], actions: [.setCategory(category)]
        )
    }
}
