import MPesaCore
import Platform
import SQLKit

/// An organisation's row in the directory.
struct OrganizationRecord: Decodable, Sendable {
    let id: String
    let name: String
    let plan: String
    let tier: String
    let relocating_to: String?
    let status: String
    let timezone: String
    let contact_email: String?
    let kra_pin: String?
    let created_by: String
    let created_at: Int64
    let updated_at: Int64
    let suspended_at: Int64?
    let suspended_reason: String?
    let deletion_requested_at: Int64?
    let deletion_due_at: Int64?
    let deleted_at: Int64?

    var planID: PlanID { PlanID(rawValue: plan) ?? .free }
    var isolationTier: IsolationTier { IsolationTier(rawValue: tier) ?? .shared }
    var facts: TenantFacts {
        TenantFacts(
            id: id, name: name, status: TenantFacts.Status(rawValue: status) ?? .suspended, tier: isolationTier,
            relocatingTo: relocating_to.flatMap(IsolationTier.init(rawValue:)), plan: PlanCatalog.plan(planID)
        )
    }
}

/// The directory of organisations.
enum OrganizationStore {
    static let columns = """
        id, name, plan, tier, relocating_to, status, timezone, contact_email, kra_pin, created_by, created_at, updated_at, suspended_at, \
        suspended_reason, deletion_requested_at, deletion_due_at, deleted_at
        """

    static func insert(id: String, name: String, plan: PlanID, tier: IsolationTier, timezone: String, createdBy: String, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO organizations (id, name, plan, tier, status, timezone, created_by, created_at, updated_at)
            VALUES (\(bind: id), \(bind: name), \(bind: plan.rawValue), \(bind: tier.rawValue), 'active', \(bind: timezone), \(bind: createdBy), \(bind: now), \(bind: now))
            """
        ).run()
    }

    static func find(_ id: String, on db: any SQLDatabase) async throws -> OrganizationRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM organizations WHERE id = \(bind: id)").first(decoding: OrganizationRecord.self)
    }

    /// Organisations of a user, with the user's role, newest membership first; deleted ones left out.
    static func of(user: String, on db: any SQLDatabase) async throws -> [(OrganizationRecord, String)] {
        let rows = try await db.raw(
            """
            SELECT \(unsafeRaw: columns.split(separator: ",").map { "o." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")), m.role AS member_role
            FROM memberships m JOIN organizations o ON o.id = m.tenant_id
            WHERE m.user_id = \(bind: user) AND o.status <> 'deleted'
            ORDER BY m.joined_at DESC
            """
        ).all()
        return try rows.map { row in (try row.decode(model: OrganizationRecord.self), try row.decode(column: "member_role", as: String.self)) }
    }

    struct Page {
        var organizations: [OrganizationRecord]
        var next: String?
    }

    /// All organisations for platform administrators, filtered and paged by id.
    static func list(status: String?, search: String?, after: String?, limit: Int, on db: any SQLDatabase) async throws -> Page {
        var query = SQLQueryString("SELECT \(unsafeRaw: columns) FROM organizations WHERE 1 = 1")
        if let status { query = query + " AND status = \(bind: status)" }
        if let search, !search.isEmpty {
            let pattern = "%" + search.lowercased().replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
            query = query + " AND (LOWER(name) LIKE \(bind: pattern) ESCAPE '\\' OR id = \(bind: search))"
        }
        if let after { query = query + " AND id > \(bind: after)" }
        query = query + " ORDER BY id LIMIT \(bind: limit + 1)"
        let rows = try await db.raw(query).all(decoding: OrganizationRecord.self)
        return Page(organizations: Array(rows.prefix(limit)), next: rows.count > limit ? rows[limit - 1].id : nil)
    }

    struct Changes {
        var name: String?
        var timezone: String?
        var contactEmail: String??
        var kraPin: String??
    }

    static func update(_ id: String, _ changes: Changes, now: Int64, on db: any SQLDatabase) async throws {
        if let name = changes.name { try await db.raw("UPDATE organizations SET name = \(bind: name) WHERE id = \(bind: id)").run() }
        if let timezone = changes.timezone { try await db.raw("UPDATE organizations SET timezone = \(bind: timezone) WHERE id = \(bind: id)").run() }
        if let email = changes.contactEmail { try await db.raw("UPDATE organizations SET contact_email = \(bind: email) WHERE id = \(bind: id)").run() }
        if let pin = changes.kraPin { try await db.raw("UPDATE organizations SET kra_pin = \(bind: pin) WHERE id = \(bind: id)").run() }
        try await db.raw("UPDATE organizations SET updated_at = \(bind: now) WHERE id = \(bind: id)").run()
    }

    static func setStatus(_ id: String, status: TenantFacts.Status, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE organizations SET status = \(bind: status.rawValue), updated_at = \(bind: now) WHERE id = \(bind: id)").run()
    }

    static func suspend(_ id: String, reason: String, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE organizations SET status = 'suspended', suspended_at = \(bind: now), suspended_reason = \(bind: reason), updated_at = \(bind: now) WHERE id = \(bind: id)"
        ).run()
    }

    static func reactivate(_ id: String, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE organizations SET status = 'active', suspended_at = NULL, suspended_reason = NULL, updated_at = \(bind: now) WHERE id = \(bind: id)"
        ).run()
    }

    static func scheduleDeletion(_ id: String, due: Int64, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE organizations SET status = 'deleting', deletion_requested_at = \(bind: now), deletion_due_at = \(bind: due), updated_at = \(bind: now)
            WHERE id = \(bind: id)
            """
        ).run()
    }

    static func restore(_ id: String, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE organizations SET status = 'active', deletion_requested_at = NULL, deletion_due_at = NULL, updated_at = \(bind: now)
            WHERE id = \(bind: id)
            """
        ).run()
    }

    static func dueForDeletion(now: Int64, on db: any SQLDatabase) async throws -> [OrganizationRecord] {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM organizations WHERE status = 'deleting' AND deletion_due_at <= \(bind: now)").all(decoding: OrganizationRecord.self)
    }

    static func markDeleted(_ id: String, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE organizations SET status = 'deleted', deleted_at = \(bind: now), updated_at = \(bind: now) WHERE id = \(bind: id)").run()
    }

    static func setPlan(_ id: String, plan: PlanID, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE organizations SET plan = \(bind: plan.rawValue), updated_at = \(bind: now) WHERE id = \(bind: id)").run()
    }

    static func setRelocation(_ id: String, to: IsolationTier?, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE organizations SET relocating_to = \(bind: to?.rawValue), updated_at = \(bind: now) WHERE id = \(bind: id)").run()
    }

    static func setTier(_ id: String, tier: IsolationTier, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE organizations SET tier = \(bind: tier.rawValue), relocating_to = NULL, updated_at = \(bind: now) WHERE id = \(bind: id)"
        ).run()
    }
}
