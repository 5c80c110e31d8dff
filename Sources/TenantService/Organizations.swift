import Foundation
import Logging
import MPesaCore
import Platform
import SQLKit

/// Organisations: create (the creator becomes owner), read, update, delete with a grace period, restore, switch,
/// and the platform administrator's suspend, reactivate and plan changes. Each change and its `tenant.*` event
/// commit together.
struct Organizations: Sendable {
    let database: any DatabaseProvider
    let access: OrganizationAccess
    let accounts: AuthAccounts
    let time: TimeSource
    let deletionGrace: Duration
    let outboxSignal: EventSignal
    let logger: Logger

    static let defaultTimezone = "Africa/Nairobi"

    struct Creation {
        var name: String
        var timezone: String?
    }

    func create(_ request: Creation, caller: Caller) async throws -> (OrganizationRecord, Role) {
        guard caller.userID.hasPrefix("usr_"), caller.sessionID != nil else {
            throw Problem.forbidden("Only a person logged in can create an organisation; API keys cannot")
        }
        let name = try Self.validName(request.name)
        let timezone = try Self.validTimezone(request.timezone ?? Self.defaultTimezone)
        let user = try await accounts.user(caller.userID)
        let tenant = Identifiers.tenant()
        let plan = PlanCatalog.free
        let now = time.milliseconds
        let organization = try await database.withTransaction { db -> OrganizationRecord in
            // A person may own at most 10 organisations on the free plan: organisations are cheap to create and
            // each one provisions storage.
            let owned = try await db.raw(
                """
                SELECT COUNT(*) AS n FROM memberships m JOIN organizations o ON o.id = m.tenant_id
                WHERE m.user_id = \(bind: caller.userID) AND m.role = 'owner' AND o.plan = 'free' AND o.status <> 'deleted'
                """
            ).first(decodingColumn: "n", as: Int.self) ?? 0
            guard owned < 10 else {
                throw Problem(type: "too-many-organizations", title: "Too many free organisations", status: .forbidden, detail: "You own 10 organisations on the Free plan; upgrade or delete one first")
            }
            try await OrganizationStore.insert(
                id: tenant.rawValue, name: name, plan: plan.id, tier: plan.defaultTier, timezone: timezone, createdBy: caller.userID, now: now, on: db
            )
            try await MembershipStore.insert(tenant: tenant.rawValue, user: caller.userID, role: .owner, email: user.email, name: user.name, invitedBy: nil, now: now, on: db)
            try await TenantEvents.enqueue(
                "tenant.created", tenant: tenant.rawValue,
                data: ["actor": .string(caller.userID), "name": .string(name), "plan": .string(plan.id.rawValue), "tier": .string(plan.defaultTier.rawValue)], on: db
            )
            try await TenantEvents.enqueue(
                "tenant.member_added", tenant: tenant.rawValue,
                data: ["actor": .string(caller.userID), "user_id": .string(caller.userID), "role": "owner", "email": .string(user.email)], on: db
            )
            return try await OrganizationStore.find(tenant.rawValue, on: db)!
        }
        outboxSignal.notify()
        return (organization, .owner)
    }

    func mine(caller: Caller) async throws -> [(OrganizationRecord, String)] {
        guard caller.userID.hasPrefix("usr_") else {
            // An API key belongs to exactly one organisation.
            guard let tenant = caller.tenantID else { return [] }
            let grant = try await access.grant(caller, organization: tenant.rawValue, need: .membership)
            return [(grant.organization, grant.role.rawValue)]
        }
        return try await database.withTransaction { db in try await OrganizationStore.of(user: caller.userID, on: db) }
    }

    struct Update {
        var name: String?
        var timezone: String?
        var contactEmail: String??
        var kraPin: String??
    }

    func update(_ grant: OrganizationAccess.Grant, _ request: Update) async throws -> OrganizationRecord {
        try grant.require(.admin)
        try Self.requireWritable(grant.organization)
        var changes = OrganizationStore.Changes()
        var changed: [String: JSONValue] = [:]
        if let name = request.name {
            changes.name = try Self.validName(name)
            changed["name"] = .string(changes.name!)
        }
        if let timezone = request.timezone {
            changes.timezone = try Self.validTimezone(timezone)
            changed["timezone"] = .string(timezone)
        }
        if let email = request.contactEmail {
            changes.contactEmail = .some(try email.map(Self.validEmail))
            changed["contact_email"] = email.map(JSONValue.string) ?? .null
        }
        if let pin = request.kraPin {
            changes.kraPin = .some(try pin.map(Self.validKRAPin))
            changed["kra_pin"] = pin.map { _ in JSONValue.string("(changed)") } ?? .null
        }
        let now = time.milliseconds
        let id = grant.organization.id
        let actor = grant.actor
        let finalChanges = changes
        let changedFields = changed
        let updated = try await database.withTransaction { db -> OrganizationRecord in
            try await OrganizationStore.update(id, finalChanges, now: now, on: db)
            if !changedFields.isEmpty {
                try await TenantEvents.enqueue(
                    "tenant.updated", tenant: id,
                    data: ["actor": .string(actor), "changes": .object(changedFields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })], on: db
                )
            }
            return try await OrganizationStore.find(id, on: db)!
        }
        outboxSignal.notify()
        return updated
    }

    /// Schedules deletion after the grace period; the organisation stays readable (and exportable) until then and
    /// can be restored. With no grace period it is deleted at once.
    func delete(_ grant: OrganizationAccess.Grant) async throws -> OrganizationRecord {
        try grant.require(.owner)
        guard grant.membership != nil else { throw Problem.forbidden("Only an owner, logged in, can delete the organisation") }
        guard grant.organization.status == "active" || grant.organization.status == "suspended" else {
            throw Problem(type: "already-deleting", title: "Deletion is already scheduled", status: .conflict, detail: "Restore it with POST …/restore, or wait for the deletion date")
        }
        try Self.requireWritable(grant.organization)
        let now = time.milliseconds
        let due = now + Int64(deletionGrace.components.seconds) * 1000
        let id = grant.organization.id
        let actor = grant.actor
        let record = try await database.withTransaction { db -> OrganizationRecord in
            try await OrganizationStore.scheduleDeletion(id, due: due, now: now, on: db)
            try await TenantEvents.enqueue(
                "tenant.deletion_scheduled", tenant: id, data: ["actor": .string(actor), "deletion_due_at": .string(RFC3339.format(Date(milliseconds: due)))], on: db
            )
            return try await OrganizationStore.find(id, on: db)!
        }
        outboxSignal.notify()
        return record
    }

    func restore(_ grant: OrganizationAccess.Grant) async throws -> OrganizationRecord {
        try grant.require(.owner)
        guard grant.organization.status == "deleting" else {
            throw Problem(type: "not-deleting", title: "The organisation is not being deleted", status: .conflict, detail: "Only an organisation scheduled for deletion can be restored")
        }
        let now = time.milliseconds
        let id = grant.organization.id
        let actor = grant.actor
        let record = try await database.withTransaction { db -> OrganizationRecord in
            try await OrganizationStore.restore(id, now: now, on: db)
            try await TenantEvents.enqueue("tenant.restored", tenant: id, data: ["actor": .string(actor)], on: db)
            return try await OrganizationStore.find(id, on: db)!
        }
        outboxSignal.notify()
        return record
    }

    /// Deletes organisations whose grace period has ended: they disappear for everyone, their tokens stop working,
    /// and the tenant service's own records of them are removed (other services remove theirs on `tenant.deleted`).
    func purgeDue(records: TenantStore) async throws -> Int {
        let now = time.milliseconds
        let due = try await database.withTransaction { db in try await OrganizationStore.dueForDeletion(now: now, on: db) }
        for organization in due {
            let id = organization.id
            try await database.withTransaction { db in
                try await OrganizationStore.markDeleted(id, now: now, on: db)
                try await db.raw("DELETE FROM invitations WHERE tenant_id = \(bind: id)").run()
                try await db.raw("DELETE FROM memberships WHERE tenant_id = \(bind: id)").run()
                try await TenantEvents.enqueue("tenant.deleted", tenant: id, data: ["name": .string(organization.name)], on: db)
            }
            if let tenant = try? TenantID(id) {
                let scope = TenantScope(tenant, tier: organization.isolationTier)
                try await records.database.withPrivilegedTransaction(tenant: scope) { db in
                    try await db.raw("DELETE FROM audit_events WHERE tenant_id = \(bind: id)").run()
                    try await db.raw("DELETE FROM usage_counters WHERE tenant_id = \(bind: id)").run()
                }
                if organization.isolationTier != IsolationTier.shared { try? await records.database.dropHome(scope) }
            }
            logger.notice("organisation deleted after its grace period", metadata: ["tenant_id": .string(id)])
        }
        if !due.isEmpty { outboxSignal.notify() }
        return due.count
    }

    /// A token for the organisation, for the session the caller is in.
    func switchTo(_ grant: OrganizationAccess.Grant) async throws -> AuthAccounts.Token {
        guard let membership = grant.membership, let session = grant.caller.sessionID else {
            throw Problem.forbidden("API keys belong to one organisation and cannot switch")
        }
        guard grant.organization.facts.isUsable else { throw TenantProblem.notUsable(grant.organization.facts) }
        return try await accounts.token(session: session, user: grant.caller.userID, tenant: grant.tenant, role: membership.memberRole)
    }

    // MARK: Platform administration

    func suspend(_ id: String, reason: String, admin: Caller) async throws -> OrganizationRecord {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...500).contains(reason.count) else { throw TenantProblem.invalid("reason", "say why, in 1 to 500 characters") }
        return try await adminChange(id, admin: admin) { organization, db in
            guard organization.status == "active" else {
                throw Problem(type: "not-active", title: "Only an active organisation can be suspended", status: .conflict, detail: "It is \(organization.status)")
            }
            try await OrganizationStore.suspend(id, reason: reason, now: time.milliseconds, on: db)
            try await TenantEvents.enqueue("tenant.suspended", tenant: id, data: ["actor": .string(admin.userID), "reason": .string(reason)], on: db)
        }
    }

    func reactivate(_ id: String, admin: Caller) async throws -> OrganizationRecord {
        try await adminChange(id, admin: admin) { organization, db in
            guard organization.status == "suspended" else {
                throw Problem(type: "not-suspended", title: "The organisation is not suspended", status: .conflict, detail: "It is \(organization.status)")
            }
            try await OrganizationStore.reactivate(id, now: time.milliseconds, on: db)
            try await TenantEvents.enqueue("tenant.reactivated", tenant: id, data: ["actor": .string(admin.userID)], on: db)
        }
    }

    func setPlan(_ id: String, plan: PlanID, admin: Caller) async throws -> OrganizationRecord {
        try await adminChange(id, admin: admin) { organization, db in
            try await OrganizationStore.setPlan(id, plan: plan, now: time.milliseconds, on: db)
            try await TenantEvents.enqueue(
                "tenant.updated", tenant: id, data: ["actor": .string(admin.userID), "changes": ["plan": .string(plan.rawValue)], "previous_plan": .string(organization.plan)], on: db
            )
        }
    }

    private func adminChange(
        _ id: String, admin: Caller, _ change: @escaping @Sendable (OrganizationRecord, any SQLDatabase) async throws -> Void
    ) async throws -> OrganizationRecord {
        try admin.requirePlatformAdmin()
        let record = try await database.withTransaction { db -> OrganizationRecord in
            guard let organization = try await OrganizationStore.find(id, on: db), organization.status != "deleted" else { throw Problem.notFound("There is no organisation \(id.prefix(64))") }
            try await change(organization, db)
            return try await OrganizationStore.find(id, on: db)!
        }
        outboxSignal.notify()
        return record
    }

    // MARK: Validation

    /// Writes wait while the organisation's data moves between tiers (reads go on).
    static func requireWritable(_ organization: OrganizationRecord) throws {
        if organization.relocating_to != nil { throw TenantFence.relocating }
    }

    static func validName(_ text: String) throws -> String {
        let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...100).contains(name.count) else { throw TenantProblem.invalid("name", "give the organisation a name of 2 to 100 characters") }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw TenantProblem.invalid("name", "the name cannot contain control characters or line breaks")
        }
        return name
    }

    static func validTimezone(_ text: String) throws -> String {
        guard text.count <= 64, TimeZone(identifier: text) != nil else {
            throw TenantProblem.invalid("timezone", "use an IANA time zone such as Africa/Nairobi")
        }
        return text
    }

    static func validEmail(_ text: String) throws -> String {
        let email = text.trimmingCharacters(in: .whitespaces).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            email.allSatisfy({ !$0.isWhitespace && !"<>,;\"()[]\\".contains($0) && $0.isASCII && !$0.isNewline })
        else { throw TenantProblem.invalid("email", "give an e-mail address such as jane@example.com") }
        return email
    }

    /// A KRA personal identification number: a letter, nine digits, a letter (A123456789Z).
    static func validKRAPin(_ text: String) throws -> String {
        let pin = text.trimmingCharacters(in: .whitespaces).uppercased()
        let characters = Array(pin)
        guard characters.count == 11, characters[0].isLetter, characters[10].isLetter, characters[1...9].allSatisfy(\.isNumber), pin.allSatisfy(\.isASCII) else {
            throw TenantProblem.invalid("kra_pin", "a KRA PIN is a letter, nine digits and a letter, e.g. P051234567Q")
        }
        return pin
    }
}
