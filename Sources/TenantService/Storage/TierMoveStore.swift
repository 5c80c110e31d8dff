import MPesaCore
import Platform
import SQLKit

/// One request to move an organisation's data to another isolation tier, and how it went.
struct TierMoveRecord: Decodable, Sendable {
    let id: String
    let tenant_id: String
    let from_tier: String
    let to_tier: String
    let status: String
    let requested_by: String
    let started_at: Int64
    let finished_at: Int64?
    let attempts: Int
    let error: String?
    let report: String?

    var from: IsolationTier { IsolationTier(rawValue: from_tier) ?? .shared }
    var to: IsolationTier { IsolationTier(rawValue: to_tier) ?? .shared }
    var moveStatus: TierMoveStatus { TierMoveStatus(rawValue: status) ?? .failed }
}

/// Where a move is: copying into the new home on every service, then finishing (switching, removing the old
/// home) or aborting (removing the copies); done and failed are final.
enum TierMoveStatus: String, Sendable, Codable {
    case copying, finishing, aborting, done, failed

    var isOpen: Bool { self == .copying || self == .finishing || self == .aborting }
}

enum TierMoveStore {
    static let columns = "id, tenant_id, from_tier, to_tier, status, requested_by, started_at, finished_at, attempts, error, report"

    static func insert(id: String, tenant: String, from: IsolationTier, to: IsolationTier, requestedBy: String, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO tier_moves (id, tenant_id, ordinal, from_tier, to_tier, status, requested_by, started_at)
            VALUES (
                \(bind: id), \(bind: tenant), (SELECT COALESCE(MAX(ordinal), 0) + 1 FROM tier_moves WHERE tenant_id = \(bind: tenant)),
                \(bind: from.rawValue), \(bind: to.rawValue), 'copying', \(bind: requestedBy), \(bind: now)
            )
            """
        ).run()
    }

    static func open(on db: any SQLDatabase) async throws -> [TierMoveRecord] {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM tier_moves WHERE status IN ('copying', 'finishing', 'aborting') ORDER BY started_at, ordinal")
            .all(decoding: TierMoveRecord.self)
    }

    static func latest(tenant: String, on db: any SQLDatabase) async throws -> TierMoveRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM tier_moves WHERE tenant_id = \(bind: tenant) ORDER BY ordinal DESC LIMIT 1")
            .first(decoding: TierMoveRecord.self)
    }

    static func find(id: String, on db: any SQLDatabase) async throws -> TierMoveRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM tier_moves WHERE id = \(bind: id)").first(decoding: TierMoveRecord.self)
    }

    static func update(id: String, status: TierMoveStatus, error: String?, report: String?, finishedAt: Int64?, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE tier_moves SET status = \(bind: status.rawValue), error = \(bind: error), report = COALESCE(\(bind: report), report),
                finished_at = \(bind: finishedAt), attempts = attempts + 1
            WHERE id = \(bind: id)
            """
        ).run()
    }
}
