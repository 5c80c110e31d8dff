import Categorization
import NIOConcurrencyHelpers
import SQLKit
import StatementGeneration

/// Each tenant's learned model, kept in memory and brought up to date from the stored corrections whenever another
/// replica (or this one) recorded new ones: the global model plus the tenant's corrections replayed in order.
final class TenantModels: Sendable {
    private struct Entry: Sendable {
        var model: LearnedModel
        var sequence: Int64
        var lastCorrectionAt: Int64?
    }

    private let entries = NIOLockedValueBox<[String: Entry]>([:])
    private let loader: GlobalModelLoader

    init(loader: GlobalModelLoader = CategorizationTraining.loader) {
        // Trained on first use (0.4 s in a release build), not at start-up: a process that never categorises — most
        // of the test suite's `mpesa serve all` runs — should not pay for it.
        self.loader = loader
    }

    /// The global model (waits for its training at start-up).
    func global() async -> LearnedModel {
        await loader.model()
    }

    /// The tenant's model as of its latest stored correction; call inside a session of the tenant's home, with the
    /// global model fetched before the session opened (its first use after start-up may wait for training).
    func model(tenant: String, global: LearnedModel, on db: any SQLDatabase) async throws -> LearnedModel {
        let latest = try await FeedbackStore.latestSequence(tenant: tenant, on: db)
        var entry = entries.withLockedValue { $0[tenant] } ?? Entry(model: global, sequence: 0, lastCorrectionAt: nil)
        if entry.sequence > latest { entry = Entry(model: global, sequence: 0, lastCorrectionAt: nil) }  // rows went away (tier move back, purge)
        if entry.sequence == latest { return entry.model }
        for record in try await FeedbackStore.after(tenant: tenant, sequence: entry.sequence, on: db) {
            let input = try CategorizedTransactionStore.decodeInput(record.input)
            entry.model.learn(input, category: record.category)
            entry.sequence = record.sequence
            entry.lastCorrectionAt = record.created_at
        }
        let updated = entry
        entries.withLockedValue { stored in
            if (stored[tenant]?.sequence ?? -1) < updated.sequence { stored[tenant] = updated }
        }
        return updated.model
    }

    func lastCorrectionAt(tenant: String) -> Int64? {
        entries.withLockedValue { $0[tenant]?.lastCorrectionAt }
    }

    /// Forgets a tenant's model (its categories were rewritten); the next use replays its corrections again.
    func forget(tenant: String) {
        _ = entries.withLockedValue { $0.removeValue(forKey: tenant) }
    }
}
