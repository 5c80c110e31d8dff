import Categorization
import Foundation
import Logging
import MPesaCore
import NIOConcurrencyHelpers
import Platform
import SQLKit

/// Applies the tenant's current rules and model to its whole history, as a job with progress: pages of 500
/// transactions, each page one transaction (changes stored and announced together), progress stored after each.
/// Hand-set categories are kept unless the job was asked to include them. A job whose process stopped is picked
/// up again when its status is next read (recategorising is idempotent).
final class Recategorization: Sendable {
    let categorizing: Categorizing
    let logger: Logger
    private let running = NIOLockedValueBox<Set<String>>([])
    static let pageSize = 500

    init(categorizing: Categorizing, logger: Logger) {
        self.categorizing = categorizing
        self.logger = logger
    }

    func start(tenant: TenantID, includeManual: Bool, user: String) async throws -> JobRecord {
        let id = tenant.rawValue
        let jobID = Identifiers.make("job_")
        let now = categorizing.now
        let job = try await categorizing.store.write(tenant) { db -> JobRecord in
            let total = try await CategorizedTransactionStore.count(tenant: id, on: db)
            try await JobStore.insert(tenant: id, id: jobID, includeManual: includeManual, total: total, by: user, now: now, on: db)
            return try await JobStore.find(tenant: id, id: jobID, on: db)!
        }
        launch(job, tenant: tenant)
        return job
    }

    func status(_ jobID: String, tenant: TenantID) async throws -> JobRecord {
        let id = tenant.rawValue
        guard let job = try await categorizing.store.read(tenant, { db in try await JobStore.find(tenant: id, id: jobID, on: db) }) else {
            throw Problem.notFound("No recategorisation job \(jobID.prefix(60))")
        }
        if job.status == "queued" || job.status == "running" { launch(job, tenant: tenant) }
        return job
    }

    func list(tenant: TenantID) async throws -> [JobRecord] {
        let id = tenant.rawValue
        return try await categorizing.store.read(tenant) { db in try await JobStore.list(tenant: id, on: db) }
    }

    /// Runs `job` in the background unless this process already does.
    private func launch(_ job: JobRecord, tenant: TenantID) {
        let key = "\(tenant.rawValue)/\(job.id)"
        guard running.withLockedValue({ $0.insert(key).inserted }) else { return }
        Task {
            defer { _ = running.withLockedValue { $0.remove(key) } }
            do {
                try await run(job, tenant: tenant)
            } catch {
                logger.error("recategorisation failed", metadata: ["job_id": .string(job.id), "tenant_id": .string(tenant.rawValue), "error": .string("\(error)")])
                let id = tenant.rawValue
                let now = categorizing.now
                try? await categorizing.store.write(tenant) { db in
                    try await JobStore.finish(tenant: id, id: job.id, status: "failed", error: "the job stopped: \(error)", now: now, on: db)
                }
            }
        }
    }

    private func run(_ job: JobRecord, tenant: TenantID) async throws {
        let id = tenant.rawValue
        let includeManual = job.include_manual == 1
        let started = categorizing.now
        // Claimed in the database: a status read that saw the job running just before it finished must not start
        // it again (a second pass would find nothing to change and overwrite the counts).
        let claimed = try await categorizing.store.write(tenant) { db -> Bool in
            guard let current = try await JobStore.find(tenant: id, id: job.id, on: db), current.status == "queued" || current.status == "running" else {
                return false
            }
            let total = try await CategorizedTransactionStore.count(tenant: id, on: db)
            try await JobStore.start(tenant: id, id: job.id, total: total, now: started, on: db)
            return true
        }
        guard claimed else { return }
        let global = await categorizing.models.global()
        var cursor: String?
        var processed = 0
        var changed = 0
        while true {
            let now = categorizing.now
            let (after, done, changedSoFar) = (cursor, processed, changed)
            let categorizing = categorizing
            let (last, pageCount, pageChanged) = try await categorizing.store.write(tenant) { db -> (String?, Int, Int) in
                let page = try await CategorizedTransactionStore.page(tenant: id, after: after, limit: Self.pageSize, on: db)
                guard !page.isEmpty else { return (nil, 0, 0) }
                let categorizer = try await categorizing.categorizer(tenant: id, global: global, on: db)
                var rows: [(input: CategorizationInput, result: CategorizationResult, manual: Bool)] = []
                var changes: [CategorizerEvents.Change] = []
                var features: [UInt64] = []
                var scores: [Float] = []
                for record in page where includeManual || record.manual == 0 {
                    let input = try record.decodedInput()
                    let result = categorizer.categorize(input, features: &features, scores: &scores)
                    guard result.category != record.category || result.source.rawValue != record.source else { continue }
                    rows.append((input, result, false))
                    if result.category != record.category {
                        changes.append(.init(transactionID: record.transaction_id, category: result.category, previous: record.category, source: result.source, confidence: result.confidence))
                    }
                }
                try await CategorizedTransactionStore.upsert(tenant: id, rows, overrideManual: includeManual, now: now, on: db)
                try await CategorizerEvents.enqueue(changes, cause: "recategorize", tenant: id, on: db)
                try await JobStore.progress(tenant: id, id: job.id, processed: done + page.count, changed: changedSoFar + changes.count, on: db)
                return (page.last?.transaction_id, page.count, changes.count)
            }
            guard let last else { break }
            cursor = last
            processed += pageCount
            changed += pageChanged
            categorizing.outboxSignal.notify()
        }
        let finished = categorizing.now
        let (finalProcessed, finalChanged) = (processed, changed)
        try await categorizing.store.write(tenant) { db in
            try await JobStore.progress(tenant: id, id: job.id, processed: finalProcessed, changed: finalChanged, on: db)
            try await JobStore.finish(tenant: id, id: job.id, status: "succeeded", error: nil, now: finished, on: db)
        }
    }
}
