import Platform
import SQLKit

/// A recategorisation of the tenant's history, with its progress.
struct JobRecord: Decodable, Sendable {
    let id: String
    let status: String
    let include_manual: Int
    let total: Int
    let processed: Int
    let changed: Int
    let error: String?
    let requested_by: String
    let created_at: Int64
    let started_at: Int64?
    let finished_at: Int64?
}

enum JobStore {
    static let columns = "id, status, include_manual, total, processed, changed, error, requested_by, created_at, started_at, finished_at"

    static func insert(tenant: String, id: String, includeManual: Bool, total: Int, by user: String, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO categorizer_jobs (tenant_id, id, status, include_manual, total, processed, changed, error, requested_by, created_at, started_at, finished_at)
            VALUES (\(bind: tenant), \(bind: id), 'queued', \(bind: includeManual ? 1 : 0), \(bind: total), 0, 0, NULL, \(bind: user), \(bind: now), NULL, NULL)
            """
        ).run()
    }

    static func find(tenant: String, id: String, on db: any SQLDatabase) async throws -> JobRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM categorizer_jobs WHERE tenant_id = \(bind: tenant) AND id = \(bind: id)").first(decoding: JobRecord.self)
    }

    static func list(tenant: String, on db: any SQLDatabase) async throws -> [JobRecord] {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM categorizer_jobs WHERE tenant_id = \(bind: tenant) ORDER BY created_at DESC, id LIMIT 50")
            .all(decoding: JobRecord.self)
    }

    /// Jobs not finished (queued, or running when a process stopped), for the runner to (re)start.
    static func unfinished(tenant: String, on db: any SQLDatabase) async throws -> [JobRecord] {
        try await db.raw(
            "SELECT \(unsafeRaw: columns) FROM categorizer_jobs WHERE tenant_id = \(bind: tenant) AND status IN ('queued', 'running') ORDER BY created_at"
        ).all(decoding: JobRecord.self)
    }

    static func start(tenant: String, id: String, total: Int, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE categorizer_jobs SET status = 'running', total = \(bind: total), started_at = \(bind: now) WHERE tenant_id = \(bind: tenant) AND id = \(bind: id)"
        ).run()
    }

    static func progress(tenant: String, id: String, processed: Int, changed: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE categorizer_jobs SET processed = \(bind: processed), changed = \(bind: changed) WHERE tenant_id = \(bind: tenant) AND id = \(bind: id)"
        ).run()
    }

    static func finish(tenant: String, id: String, status: String, error: String?, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE categorizer_jobs SET status = \(bind: status), error = \(bind: error), finished_at = \(bind: now) WHERE tenant_id = \(bind: tenant) AND id = \(bind: id)"
        ).run()
    }
}
