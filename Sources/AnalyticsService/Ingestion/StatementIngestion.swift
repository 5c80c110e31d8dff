import Categorization
import Crypto
import Foundation
import Logging
import MPesaCore
import NIOConcurrencyHelpers
import Platform
import SQLKit
import StatementParsing

/// Turns an uploaded statement into ledger rows: parse (parser service) → categorise (categorizer) → store.
///
/// The store step is one transaction per statement: the statement, every row, the totals and the
/// `statement.processed` event commit together or not at all, so a parse that fails halfway, a categorizer that
/// times out or a crash leaves nothing behind but a failed job. Rows upsert on their identity (receipt + line
/// kind), so overlapping statements and re-uploads never duplicate; the same file twice is refused (409), and of two
/// concurrent uploads of one file the unique index lets exactly one win.
struct StatementIngestion: Sendable {
    let store: TenantStore
    let upstreams: Upstreams
    let time: TimeSource
    let outboxSignal: EventSignal
    let logger: Logger
    let running: RunningJobs
    let directory: TenantDirectory

    /// A job not updated for this long, and not running in this process, was cut off by a restart.
    static let abandonedAfterMilliseconds: Int64 = 10 * 60 * 1000

    struct Accepted: Sendable {
        var job: JobRecord
        var sha256: String
    }

    /// Records the job; a file already in the ledger is a 409 naming its statement.
    func accept(_ file: StatementFile, tenant: TenantID, user: String) async throws -> Accepted {
        let sha = SHA256.hash(data: file.data).map { String(format: "%02x", $0) }.joined()
        let id = Identifiers.make("job")
        let now = time.milliseconds
        let plan = try await directory.facts(for: tenant).plan
        let monthStart = monthStart
        let job = try await store.write(tenant) { db -> JobRecord in
            if let existing = try await StatementStore.find(tenant: tenant.rawValue, sha256: sha, on: db) {
                throw AnalyticsProblem.duplicateStatement(existing.id)
            }
            if let allowed = plan.limit(.statementsPerMonth), try await JobStore.usage(tenant: tenant.rawValue, since: monthStart, on: db).statements >= allowed {
                throw AnalyticsProblem.planLimit(.statementsPerMonth, allowed: allowed, plan: plan)
            }
            try await JobStore.create(tenant: tenant.rawValue, id: id, filename: file.filename, sha256: sha, user: user, now: now, on: db)
            guard let job = try await JobStore.find(tenant: tenant.rawValue, id: id, on: db) else { throw Problem.notFound("The job vanished") }
            return job
        }
        return Accepted(job: job, sha256: sha)
    }

    /// Runs the job to its end; failures are recorded on the job (never thrown), with the problem a client would get.
    func run(_ accepted: Accepted, file: StatementFile, tenant: TenantID, user: String, authorization: String) async {
        let jobID = accepted.job.id
        running.start(jobID)
        defer { running.finish(jobID) }
        do {
            try await progress(tenant, jobID, "parsing", 5)
            let parsed = try await upstreams.parse(file, authorization: authorization)
            let transactions = parsed.transactions
            let unread = parsed.reconciliation.findings.filter { AnalyticsProblem.incompleteReadCodes.contains($0.code) }
            guard unread.isEmpty else { throw AnalyticsProblem.incompleteStatement(unread.map { ($0.code, $0.message) }) }
            guard !transactions.isEmpty else { throw AnalyticsProblem.emptyStatement }
            try await progress(tenant, jobID, "categorizing", 40)
            let total = transactions.count
            let results = try await upstreams.categorize(transactions, authorization: authorization) { done in
                try? await progress(tenant, jobID, "categorizing", 40 + 45 * done / max(total, 1))
            }
            try await progress(tenant, jobID, "storing", 90)
            let entries = zip(transactions, results).enumerated().map { LedgerEntry(transaction: $1.0, category: $1.1, sequence: $0) }
            _ = try await store(parsed, entries: entries, accepted: accepted, file: file, tenant: tenant, user: user)
            outboxSignal.notify()
        } catch {
            let problem = Self.problem(for: error)
            // Another upload of the same file may have won the race: then say which statement holds it.
            let existing = try? await store.read(tenant) { db in try await StatementStore.find(tenant: tenant.rawValue, sha256: accepted.sha256, on: db) }
            let statementID = existing?.id
            let final = statementID.map(AnalyticsProblem.duplicateStatement) ?? problem
            logger.notice("statement upload failed", metadata: ["job_id": .string(jobID), "tenant_id": .string(tenant.rawValue), "problem": .string(final.title)])
            let now = time.milliseconds
            _ = try? await store.write(tenant) { db in
                try await JobStore.fail(tenant: tenant.rawValue, id: jobID, problem: final, statementID: statementID, now: now, on: db)
            }
        }
    }

    private func progress(_ tenant: TenantID, _ job: String, _ stage: String, _ percent: Int) async throws {
        let now = time.milliseconds
        try await store.write(tenant) { db in try await JobStore.progress(tenant: tenant.rawValue, id: job, stage: stage, progress: percent, now: now, on: db) }
    }

    /// The first instant of this calendar month in Nairobi, in milliseconds (plans count per calendar month).
    var monthStart: Int64 {
        let today = LocalDateTime(instant: time.now)
        return Int64((LocalDateTime(year: today.year, month: today.month, day: 1)!.instant.timeIntervalSince1970 * 1000).rounded())
    }

    /// The all-or-nothing step: statement, rows, totals, event and the job's success in one transaction.
    private func store(_ parsed: ParsedStatement, entries: [LedgerEntry], accepted: Accepted, file: StatementFile, tenant: TenantID, user: String) async throws -> StatementRecord {
        let statementID = Identifiers.make("stm")
        let now = time.milliseconds
        let days = entries.map(\.transaction.localTime.date)
        let firstDay = days.min()
        let lastDay = days.max()
        let encoder = ServiceJSONCoding.makeEncoder()
        var metadata = parsed.metadata
        metadata.pdfInfo = nil
        let record = StatementRecord(
            id: statementID, file_sha256: accepted.sha256, filename: file.filename, format: parsed.metadata.format.rawValue,
            period_start: parsed.metadata.periodStart?.date, period_end: parsed.metadata.periodEnd?.date, first_day: firstDay, last_day: lastDay,
            opening_balance_cents: parsed.metadata.openingBalanceCents, closing_balance_cents: parsed.metadata.closingBalanceCents,
            transaction_count: entries.count, new_transaction_count: 0, verdict: parsed.reconciliation.verdict.rawValue,
            reconciliation: String(decoding: try encoder.encode(parsed.reconciliation), as: UTF8.self),
            metadata: String(decoding: try encoder.encode(metadata), as: UTF8.self), job_id: accepted.job.id, uploaded_by: user, created_at: now
        )
        let id = tenant.rawValue
        let plan = try await directory.facts(for: tenant).plan
        let monthStart = monthStart
        return try await store.write(tenant) { db -> StatementRecord in
            try await StatementStore.insert(tenant: id, record, on: db)
            let inserted = try await LedgerStore.insert(tenant: id, statementID: statementID, entries: entries, now: now, on: db)
            if let allowed = plan.limit(.transactionsPerMonth), try await JobStore.usage(tenant: id, since: monthStart, on: db).transactions + Int64(inserted.count) > allowed {
                // Thrown inside the transaction: the statement and its rows roll back.
                throw AnalyticsProblem.planLimit(.transactionsPerMonth, allowed: allowed, plan: plan)
            }
            try await db.raw("UPDATE analytics_statements SET new_transaction_count = \(bind: inserted.count) WHERE tenant_id = \(bind: id) AND id = \(bind: statementID)").run()
            if let firstDay, let lastDay, !inserted.isEmpty {
                try await Rollups.refresh(tenant: id, firstDay: firstDay, lastDay: lastDay, on: db)
            }
            let result: JSONValue = [
                "statement_id": .string(statementID), "transactions": .int(Int64(entries.count)), "new_transactions": .int(Int64(inserted.count)),
                "duplicates": .int(Int64(entries.count - inserted.count)), "first_day": firstDay.map(JSONValue.string) ?? .null,
                "last_day": lastDay.map(JSONValue.string) ?? .null, "verdict": .string(parsed.reconciliation.verdict.rawValue),
                "format": .string(parsed.metadata.format.rawValue),
            ]
            try await AnalyticsEvents.enqueue(AnalyticsEvents.statementProcessed, tenant: id, data: result, on: db)
            try await AnalyticsEvents.meter("statements", 1, tenant: id, on: db)
            try await AnalyticsEvents.meter("transactions", Int64(inserted.count), tenant: id, on: db)
            try await JobStore.succeed(
                tenant: id, id: accepted.job.id, statementID: statementID, newTransactions: inserted.count,
                result: String(decoding: try encoder.encode(result), as: UTF8.self), now: now, on: db
            )
            return record
        }
    }

    /// The job as stored; a job cut off by a restart is marked failed so the user knows to upload again.
    func job(_ id: String, tenant: TenantID) async throws -> JobRecord {
        let found = try await store.read(tenant) { db in try await JobStore.find(tenant: tenant.rawValue, id: id, on: db) }
        guard let job = found else { throw Problem.notFound("No upload job \(id.prefix(60)) in this organisation") }
        let now = time.milliseconds
        if !job.isFinished, !running.contains(id), now - job.updated_at > Self.abandonedAfterMilliseconds {
            let problem = Problem(
                type: "upload-interrupted", title: "The upload was interrupted", status: .serviceUnavailable,
                detail: "The service restarted while this statement was being processed; nothing was stored. Upload the file again."
            )
            return try await store.write(tenant) { db -> JobRecord in
                try await JobStore.fail(tenant: tenant.rawValue, id: id, problem: problem, now: now, on: db)
                return try await JobStore.find(tenant: tenant.rawValue, id: id, on: db) ?? job
            }
        }
        return job
    }

    static func problem(for error: any Error) -> Problem {
        if let problem = error as? Problem { return problem }
        if let convertible = error as? any ProblemConvertible { return convertible.problem }
        return Problem(type: "ingestion-failed", title: "The statement could not be stored", status: .internalServerError, detail: "Nothing was stored; please try again.")
    }
}

/// The upload jobs running in this process (a job not here and not recently updated was cut off by a restart).
final class RunningJobs: Sendable {
    private let ids = NIOLockedValueBox<Set<String>>([])

    func start(_ id: String) { _ = ids.withLockedValue { $0.insert(id) } }
    func finish(_ id: String) { _ = ids.withLockedValue { $0.remove(id) } }
    func contains(_ id: String) -> Bool { ids.withLockedValue { $0.contains(id) } }
}
