import Foundation
import MPesaCore
import Platform
import SQLKit

/// Members and their roles. Rules: admins manage analysts and viewers (and other admins); only owners grant or take
/// the owner role or remove owners; anyone may leave; the last owner can neither leave nor be demoted or removed.
struct Members: Sendable {
    let database: any DatabaseProvider
    let time: TimeSource
    let outboxSignal: EventSignal

    func list(_ grant: OrganizationAccess.Grant) async throws -> [MembershipRecord] {
        let id = grant.organization.id
        return try await database.withTransaction { db in try await MembershipStore.list(tenant: id, on: db) }
    }

    func changeRole(_ grant: OrganizationAccess.Grant, user: String, to role: Role) async throws -> MembershipRecord {
        try grant.require(.admin)
        try Organizations.requireWritable(grant.organization)
        let id = grant.organization.id
        let actorRole = grant.role
        let actor = grant.actor
        let record = try await database.withTransaction { db -> MembershipRecord in
            guard let member = try await MembershipStore.find(tenant: id, user: user, on: db) else {
                throw Problem.notFound("This organisation has no member \(user.prefix(40))")
            }
            if member.memberRole == role { return member }
            if (member.memberRole == .owner || role == .owner), actorRole != .owner {
                throw Problem.forbidden("Only an owner can make someone an owner or change an owner's role")
            }
            if member.memberRole == .owner, try await MembershipStore.owners(tenant: id, on: db) <= 1 {
                throw TenantProblem.lastOwner("This is the only owner; make someone else an owner first")
            }
            try await MembershipStore.setRole(tenant: id, user: user, role: role, on: db)
            try await TenantEvents.enqueue(
                "tenant.member_role_changed", tenant: id,
                data: ["actor": .string(actor), "user_id": .string(user), "role": .string(role.rawValue), "previous_role": .string(member.role)], on: db
            )
            return try await MembershipStore.find(tenant: id, user: user, on: db)!
        }
        outboxSignal.notify()
        return record
    }

    /// Removes a member, or the caller themselves (leaving). The removed member's sessions in this organisation end.
    func remove(_ grant: OrganizationAccess.Grant, user: String) async throws {
        let leaving = grant.membership?.user_id == user
        if !leaving { try grant.require(.admin) }
        try Organizations.requireWritable(grant.organization)
        let id = grant.organization.id
        let actorRole = grant.role
        let actor = grant.actor
        try await database.withTransaction { db in
            guard let member = try await MembershipStore.find(tenant: id, user: user, on: db) else {
                throw Problem.notFound("This organisation has no member \(user.prefix(40))")
            }
            if member.memberRole == .owner {
                if !leaving, actorRole != .owner { throw Problem.forbidden("Only an owner can remove an owner") }
                if try await MembershipStore.owners(tenant: id, on: db) <= 1 {
                    throw TenantProblem.lastOwner(
                        leaving ? "You are the only owner: make someone else an owner before leaving, or delete the organisation" : "This is the only owner"
                    )
                }
            }
            try await MembershipStore.delete(tenant: id, user: user, on: db)
            try await TenantEvents.enqueue(
                "tenant.member_removed", tenant: id,
                data: ["actor": .string(actor), "user_id": .string(user), "role": .string(member.role), "left": .bool(leaving)], on: db
            )
        }
        outboxSignal.notify()
    }
}
