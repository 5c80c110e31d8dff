import Foundation
import Platform
import SQLKit

/// One row of `analytics_jobs`: an upload on its way into the ledger.
struct JobRecord: Decodable, Sendable, Equatable {
    let id: String
    let status: String
    let stage: String
    let progress: Int
    let filename: String?
    let file_sha256: String
    let statement_id: String?
    let result: String?
    let error: String?
    let requested_by: String
    let created_at: Int64
    let updated_at: Int64

    static let columns = "id, status, stage, progress, filename, file_sha256, statement_id, result, error, requested_by, created_at, updated_at"

    var isFinished: Bool { status == JobStatus.succeeded.rawValue || status == JobStatus.failed.rawValue }
}

enum JobStatus: String, Sendable {
    case queued, running, succeeded, failed
}

/// Reads and writes `analytics_jobs` of one organisation; call inside a session of its home.
enum JobStore {
    static func create(tenant: String, id: String, filename: String?, sha256: String, user: String, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO analytics_jobs (tenant_id, \(unsafeRaw: JobRecord.columns))
            VALUES (\(bind: tenant), \(bind: id), 'queued', 'queued', 0, \(bind: filename), \(bind: sha256), NULL, NULL, NULL, \(bind: user), \(bind: now), \(bind: now))
            """
        ).run()
    }

    static func find(tenant: String, id: String, on db: any SQLDatabase) async throws -> JobRecord? {
        try await db.raw("SELECT \(unsafeRaw: JobRecord.columns) FROM analytics_jobs WHERE tenant_id = \(bind: tenant) AND id = \(bind: id)").first(decoding: JobRecord.self)
    }

    static func progress(tenant: String, id: String, stage: String, progress: Int, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE analytics_jobs SET status = 'running', stage = \(bind: stage), progress = \(bind: progress), updated_at = \(bind: now)
            WHERE tenant_id = \(bind: tenant) AND id = \(bind: id) AND status IN ('queued', 'running')
            """
        ).run()
    }

    static func succeed(tenant: String, id: String, statementID: String, newTransactions: Int, result: String, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE analytics_jobs SET status = 'succeeded', stage = 'done', progress = 100, statement_id = \(bind: statementID), result = \(bind: result),
                new_transactions = \(bind: newTransactions), updated_at = \(bind: now)
            WHERE tenant_id = \(bind: tenant) AND id = \(bind: id)
            """
        ).run()
    }

    /// Statements stored and rows added since `since` (milliseconds): the month's use of the plan. Counted from jobs,
    /// which outlive their statements, so deleting a statement does not give its quota back.
    static func usage(tenant: String, since: Int64, on db: any SQLDatabase) async throws -> (statements: Int64, transactions: Int64) {
        let row = try await db.raw(
            """
            SELECT COUNT(*) AS statements, CAST(COALESCE(SUM(new_transactions), 0) AS BIGINT) AS transactions FROM analytics_jobs
            WHERE tenant_id = \(bind: tenant) AND status = 'succeeded' AND created_at >= \(bind: since)
            """
        ).first()
        return (try row?.decode(column: "statements", as: Int64.self) ?? 0, try row?.decode(column: "transactions", as: Int64.self) ?? 0)
    }

    /// Marks the job failed with `problem` (the RFC 9457 body a client would have got).
    static func fail(tenant: String, id: String, problem: Problem, statementID: String? = nil, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE analytics_jobs SET status = 'failed', stage = 'failed', error = \(bind: problem.jsonBody()), statement_id = \(bind: statementID),
                updated_at = \(bind: now)
            WHERE tenant_id = \(bind: tenant) AND id = \(bind: id) AND status IN ('queued', 'running')
            """
        ).run()
    }
}
