import Categorization
import Foundation
import MPesaCore
import Platform
import SQLKit

/// Corrections: each one is stored (the tenant's model replays them), sets the transaction's category by hand, and
/// after three identical corrections of one counterparty proposes a rule.
struct FeedbackLoop: Sendable {
    let categorizing: Categorizing

    struct Correction: Sendable {
        var transactionID: String
        var category: String
        /// The transaction itself, for one the categorizer has not seen.
        var transaction: CategorizationInput?
    }

    struct Outcome: Sendable {
        var transactionID: String
        var category: String
        var previousCategory: String?
        var suggestion: SuggestionRecord?
    }

    func record(_ corrections: [Correction], tenant: TenantID, user: String) async throws -> [Outcome] {
        let id = tenant.rawValue
        let now = categorizing.now
        let outcomes = try await categorizing.store.write(tenant) { db -> [Outcome] in
            let taxonomy = try await CategoryStore.taxonomy(tenant: id, on: db)
            let existing = try await CategorizedTransactionStore.find(tenant: id, ids: corrections.map(\.transactionID), on: db)
            let rules = try RulesEngine(rules: try await RuleStore.live(tenant: id, on: db).map { try $0.rule() })
            var outcomes: [Outcome] = []
            var changes: [CategorizerEvents.Change] = []
            for (index, correction) in corrections.enumerated() {
                guard taxonomy.contains(correction.category) else {
                    throw CategorizerProblem.unknownCategory(correction.category, pointer: "/corrections/\(index)/category", taxonomy: taxonomy)
                }
                let stored = existing[correction.transactionID]
                guard let input = try correction.transaction ?? stored?.decodedInput() else {
                    throw CategorizerProblem.unknownTransaction(correction.transactionID)
                }
                let previous = stored?.category
                _ = try await FeedbackStore.insert(tenant: id, input: input, category: correction.category, previous: previous, user: user, now: now, on: db)
                try await CategorizedTransactionStore.setManual(tenant: id, input: input, category: correction.category, now: now, on: db)
                if previous != correction.category {
                    changes.append(.init(transactionID: input.id, category: correction.category, previous: previous, source: .manual, confidence: 1))
                }
                let suggestion = try await suggest(input, category: correction.category, taxonomy: taxonomy, rules: rules, tenant: id, now: now, on: db)
                outcomes.append(Outcome(transactionID: input.id, category: correction.category, previousCategory: previous, suggestion: suggestion))
            }
            try await CategorizerEvents.enqueue(changes, cause: "feedback", tenant: id, on: db)
            return outcomes
        }
        categorizing.outboxSignal.notify()
        return outcomes
    }

    /// The pending suggestion for this counterparty and category, created once the corrections reach the threshold,
    /// unless the tenant's rules already file it there or the tenant dismissed the same suggestion before.
    private func suggest(
        _ input: CategorizationInput, category: String, taxonomy: Taxonomy, rules: RulesEngine, tenant: String, now: Int64, on db: any SQLDatabase
    ) async throws -> SuggestionRecord? {
        guard let key = input.counterpartyKey else { return nil }
        let identical = try await FeedbackStore.identical(tenant: tenant, counterpartyKey: key, category: category, on: db)
        if let existing = try await SuggestionStore.find(tenant: tenant, counterpartyKey: key, category: category, on: db) {
            guard existing.status == "pending" else { return nil }
            try await SuggestionStore.updateEvidence(tenant: tenant, id: existing.id, evidence: identical, on: db)
            return try await SuggestionStore.find(tenant: tenant, id: existing.id, on: db)
        }
        guard rules.evaluate(input).category != category,
            let rule = RuleSuggester.proposal(for: input, category: category, categoryName: taxonomy[category]?.name ?? category, identicalCorrections: identical)
        else { return nil }
        return try await SuggestionStore.insert(tenant: tenant, counterpartyKey: key, category: category, rule: rule, evidence: identical, now: now, on: db)
    }
}
