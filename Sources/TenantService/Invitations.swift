import Crypto
import Foundation
import MPesaCore
import Platform
import SQLKit

/// Invitations by e-mail: a link with a secret token (stored hashed) that expires after 7 days, can be resent
/// (a new link; the old one stops working) or revoked, and is accepted by the person logged in with the invited
/// address, once.
struct Invitations: Sendable {
    let database: any DatabaseProvider
    let accounts: AuthAccounts
    let mail: InvitationMail
    let time: TimeSource
    let outboxSignal: EventSignal

    static let lifetime: Int64 = 7 * 24 * 3600 * 1000
    static let maxSends = 5

    struct Created: Sendable {
        let invitation: InvitationRecord
        let sent: Bool
    }

    func invite(_ grant: OrganizationAccess.Grant, email rawEmail: String, role: Role) async throws -> Created {
        try grant.require(.admin)
        try Organizations.requireWritable(grant.organization)
        guard grant.organization.facts.isUsable, grant.organization.status == "active" else { throw TenantProblem.notUsable(grant.organization.facts) }
        if role == .owner, grant.role != .owner { throw Problem.forbidden("Only an owner can invite another owner") }
        let email = try Organizations.validEmail(rawEmail)
        let plan = grant.organization.facts.plan
        let token = Identifiers.secret()
        let id = Identifiers.make("inv_", length: 16)
        let now = time.milliseconds
        let tenant = grant.organization.id
        let actor = grant.actor
        let invitation = try await database.withTransaction { db -> InvitationRecord in
            let members = try await MembershipStore.list(tenant: tenant, on: db)
            if members.contains(where: { $0.email == email }) {
                throw Problem(type: "already-member", title: "Already a member", status: .conflict, detail: "\(email) is already a member of this organisation")
            }
            if try await InvitationStore.pending(tenant: tenant, email: email, now: now, on: db) != nil {
                throw Problem(type: "already-invited", title: "Already invited", status: .conflict, detail: "\(email) already has an open invitation; resend it instead")
            }
            if let limit = plan.limit(.members) {
                let seats = Int64(members.count) + Int64(try await InvitationStore.countPending(tenant: tenant, now: now, on: db))
                guard seats < limit else { throw TenantProblem.limitReached(.members, value: limit, plan: plan) }
            }
            try await InvitationStore.insert(
                id: id, tenant: tenant, email: email, role: role, tokenHash: Self.hash(token), invitedBy: actor, now: now, expiresAt: now + Self.lifetime, on: db
            )
            try await TenantEvents.enqueue(
                "tenant.invitation_created", tenant: tenant,
                data: ["actor": .string(actor), "invitation_id": .string(id), "email": .string(email), "role": .string(role.rawValue)], on: db
            )
            return try await InvitationStore.find(id: id, tenant: tenant, on: db)!
        }
        outboxSignal.notify()
        let sent = await send(invitation, token: token, grant: grant)
        return Created(invitation: invitation, sent: sent)
    }

    func list(_ grant: OrganizationAccess.Grant) async throws -> [InvitationRecord] {
        try grant.require(.admin)
        let tenant = grant.organization.id
        return try await database.withTransaction { db in try await InvitationStore.list(tenant: tenant, on: db) }
    }

    /// A new link (the old one stops working) and a fresh expiry; at most five sends per invitation.
    func resend(_ grant: OrganizationAccess.Grant, id: String) async throws -> Created {
        try grant.require(.admin)
        let token = Identifiers.secret()
        let now = time.milliseconds
        let tenant = grant.organization.id
        let invitation = try await database.withTransaction { db -> InvitationRecord in
            guard let invitation = try await InvitationStore.find(id: id, tenant: tenant, on: db) else { throw Self.notFound(id) }
            guard invitation.accepted_at == nil, invitation.revoked_at == nil else {
                throw Problem(type: "invitation-closed", title: "The invitation is \(invitation.status(at: now))", status: .conflict, detail: "Send a new invitation instead")
            }
            guard invitation.sent_count < Self.maxSends else {
                throw Problem(type: "too-many-sends", title: "Sent too often", status: .tooManyRequests, detail: "This invitation was sent \(Self.maxSends) times; revoke it and invite again later")
            }
            try await InvitationStore.renew(id: id, tokenHash: Self.hash(token), now: now, expiresAt: now + Self.lifetime, on: db)
            return try await InvitationStore.find(id: id, tenant: tenant, on: db)!
        }
        let sent = await send(invitation, token: token, grant: grant)
        return Created(invitation: invitation, sent: sent)
    }

    func revoke(_ grant: OrganizationAccess.Grant, id: String) async throws {
        try grant.require(.admin)
        let now = time.milliseconds
        let tenant = grant.organization.id
        let actor = grant.actor
        try await database.withTransaction { db in
            guard let invitation = try await InvitationStore.find(id: id, tenant: tenant, on: db), invitation.status(at: now) == "pending" else { throw Self.notFound(id) }
            try await InvitationStore.revoke(id: id, now: now, on: db)
            try await TenantEvents.enqueue(
                "tenant.invitation_revoked", tenant: tenant, data: ["actor": .string(actor), "invitation_id": .string(id), "email": .string(invitation.email)], on: db
            )
        }
        outboxSignal.notify()
    }

    struct Preview: Sendable {
        let invitation: InvitationRecord
        let organization: OrganizationRecord
        let inviter: String
    }

    /// What an invitation link is for, so the acceptance page can say it before the person logs in.
    func preview(token: String) async throws -> Preview {
        let now = time.milliseconds
        return try await database.withTransaction { db -> Preview in
            guard let invitation = try await InvitationStore.find(tokenHash: Self.hash(token), on: db), invitation.status(at: now) == "pending",
                let organization = try await OrganizationStore.find(invitation.tenant_id, on: db), organization.status == "active"
            else { throw Self.invalidLink }
            let inviter = try await MembershipStore.find(tenant: invitation.tenant_id, user: invitation.invited_by, on: db)?.name ?? "A member"
            return Preview(invitation: invitation, organization: organization, inviter: inviter)
        }
    }

    /// Joins the organisation with the invitation's role. The caller must be logged in with the invited address.
    func accept(token: String, caller: Caller) async throws -> (OrganizationRecord, MembershipRecord) {
        guard caller.userID.hasPrefix("usr_"), caller.sessionID != nil else { throw Problem.forbidden("Log in as a person to accept an invitation") }
        let user = try await accounts.user(caller.userID)
        let now = time.milliseconds
        let hash = Self.hash(token)
        let result = try await database.withTransaction { db -> (OrganizationRecord, MembershipRecord) in
            guard let invitation = try await InvitationStore.find(tokenHash: hash, on: db), invitation.status(at: now) == "pending",
                let organization = try await OrganizationStore.find(invitation.tenant_id, on: db), organization.status == "active"
            else { throw Self.invalidLink }
            guard invitation.email == user.email.lowercased() else {
                throw Problem.forbidden("This invitation is for \(Self.masked(invitation.email)); log in with that e-mail address to accept it")
            }
            if let existing = try await MembershipStore.find(tenant: invitation.tenant_id, user: user.id, on: db) {
                _ = try await InvitationStore.accept(id: invitation.id, user: user.id, now: now, on: db)
                return (organization, existing)
            }
            guard try await InvitationStore.accept(id: invitation.id, user: user.id, now: now, on: db) else { throw Self.invalidLink }
            let role = Role(rawValue: invitation.role) ?? .viewer
            try await MembershipStore.insert(
                tenant: invitation.tenant_id, user: user.id, role: role, email: user.email, name: user.name, invitedBy: invitation.invited_by, now: now, on: db
            )
            try await TenantEvents.enqueue(
                "tenant.member_added", tenant: invitation.tenant_id,
                data: [
                    "actor": .string(user.id), "user_id": .string(user.id), "role": .string(role.rawValue), "email": .string(user.email),
                    "invitation_id": .string(invitation.id),
                ],
                on: db
            )
            return (organization, try await MembershipStore.find(tenant: invitation.tenant_id, user: user.id, on: db)!)
        }
        outboxSignal.notify()
        return result
    }

    private func send(_ invitation: InvitationRecord, token: String, grant: OrganizationAccess.Grant) async -> Bool {
        await mail.send(
            to: invitation.email, organization: grant.organization.name, inviter: grant.membership?.name ?? "An administrator",
            role: Role(rawValue: invitation.role) ?? .viewer, token: token, expiresAt: Date(milliseconds: invitation.expires_at)
        )
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// `w******@duka.co.ke`: enough to recognise one's own address, not enough to harvest it.
    static func masked(_ email: String) -> String {
        guard let at = email.firstIndex(of: "@") else { return "another address" }
        return String(email.prefix(1)) + String(repeating: "*", count: max(3, email.distance(from: email.startIndex, to: at) - 1)) + String(email[at...])
    }

    static func notFound(_ id: String) -> Problem {
        .notFound("This organisation has no open invitation \(id.prefix(40))")
    }

    static let invalidLink = Problem(
        type: "invalid-invitation", title: "The invitation link is not valid", status: .unprocessableContent,
        detail: "It has expired, was revoked or already used; ask the organisation for a new invitation"
    )
}
