import Categorization
import Foundation
import MPesaCore
import Platform
import SQLKit

/// Categorising transactions for a tenant: builds the tenant's categorizer from its categories, rules and learned
/// model, and keeps the decisions as the tenant's history (a hand-set category is never overwritten).
struct Categorizing: Sendable {
    let store: TenantStore
    let models: TenantModels
    let time: TimeSource
    let outboxSignal: EventSignal

    static let batchLimit = 10_000

    var now: Int64 { time.milliseconds }

    /// The tenant's categorizer as stored now; call inside a session of the tenant's home.
    func categorizer(tenant: String, global: LearnedModel, on db: any SQLDatabase, replacing candidate: Rule? = nil) async throws -> Categorizer {
        let taxonomy = try await CategoryStore.taxonomy(tenant: tenant, on: db)
        var rules = try await RuleStore.live(tenant: tenant, on: db).map { try $0.rule() }
        if let candidate {
            rules.removeAll { $0.id == candidate.id }
            rules.append(candidate)
        }
        let engine = try RulesEngine(rules: rules)
        return Categorizer(rules: engine, model: try await models.model(tenant: tenant, global: global, on: db), taxonomy: taxonomy)
    }

    /// Categorises `inputs`; with `persist`, stores the decisions and announces the changed ones.
    func categorize(_ inputs: [CategorizationInput], tenant: TenantID, persist: Bool) async throws -> [CategorizationResult] {
        let id = tenant.rawValue
        // The first request after start-up may wait for the global model; not with a transaction open.
        let global = await models.global()
        guard persist else {
            return try await store.read(tenant) { db in
                try await categorizer(tenant: id, global: global, on: db).categorize(inputs)
            }
        }
        let now = now
        let results = try await store.write(tenant) { db -> [CategorizationResult] in
            let categorizer = try await categorizer(tenant: id, global: global, on: db)
            var results = categorizer.categorize(inputs)
            let existing = try await CategorizedTransactionStore.find(tenant: id, ids: inputs.map(\.id), on: db)
            var rows: [(input: CategorizationInput, result: CategorizationResult, manual: Bool)] = []
            var changes: [CategorizerEvents.Change] = []
            for (index, input) in inputs.enumerated() {
                if let stored = existing[input.id], stored.manual == 1 {
                    results[index] = CategorizationResult(
                        id: input.id, category: stored.category, confidence: 1, source: .manual, reason: "set by hand", suggestions: results[index].suggestions
                    )
                    continue
                }
                let result = results[index]
                rows.append((input, result, false))
                if existing[input.id]?.category != result.category {
                    changes.append(.init(transactionID: input.id, category: result.category, previous: existing[input.id]?.category, source: result.source, confidence: result.confidence))
                }
            }
            try await CategorizedTransactionStore.upsert(tenant: id, rows, overrideManual: false, now: now, on: db)
            try await CategorizerEvents.enqueue(changes, cause: "categorize", tenant: id, on: db)
            return results
        }
        outboxSignal.notify()
        return results
    }
}
