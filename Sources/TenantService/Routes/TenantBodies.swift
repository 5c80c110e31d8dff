import MPesaCore
import Foundation
import Platform

/// The JSON bodies of the tenant service's routes (snake_case on the wire).
enum TenantBodies {
    struct CreateOrganization: Decodable {
        var name: String
        var timezone: String?
    }

    /// PATCH semantics: an absent field is unchanged; `null` clears the optional ones.
    struct UpdateOrganization: Decodable {
        var name: String?
        var timezone: String?
        var contactEmail: String??
        var kraPin: String??

        enum CodingKeys: String, CodingKey { case name, timezone, contactEmail, kraPin }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            timezone = try container.decodeIfPresent(String.self, forKey: .timezone)
            contactEmail = container.contains(.contactEmail) ? .some(try container.decodeIfPresent(String.self, forKey: .contactEmail)) : nil
            kraPin = container.contains(.kraPin) ? .some(try container.decodeIfPresent(String.self, forKey: .kraPin)) : nil
        }
    }

    struct Organization: Encodable {
        var id: String
        var name: String
        var plan: String
        var tier: String
        var relocatingTo: String?
        var status: String
        var timezone: String
        var contactEmail: String?
        var kraPin: String?
        var createdAt: Date
        var updatedAt: Date
        var deletionDueAt: Date?
        var suspendedReason: String?
        /// The caller's role in it.
        var role: String?

        init(_ record: OrganizationRecord, role: String?) {
            id = record.id
            name = record.name
            plan = record.plan
            tier = record.tier
            relocatingTo = record.relocating_to
            status = record.status
            timezone = record.timezone
            contactEmail = record.contact_email
            kraPin = record.kra_pin
            createdAt = Date(milliseconds: record.created_at)
            updatedAt = Date(milliseconds: record.updated_at)
            deletionDueAt = record.deletion_due_at.map(Date.init(milliseconds:))
            suspendedReason = record.suspended_reason
            self.role = role
        }
    }

    struct Organizations: Encodable {
        var organizations: [Organization]
        var next: String?
    }

    struct Member: Encodable {
        var userId: String
        var email: String
        var name: String
        var role: String
        var joinedAt: Date
        var invitedBy: String?

        init(_ record: MembershipRecord) {
            userId = record.user_id
            email = record.email
            name = record.name
            role = record.role
            joinedAt = Date(milliseconds: record.joined_at)
            invitedBy = record.invited_by
        }
    }

    struct Members: Encodable {
        var members: [Member]
    }

    struct ChangeRole: Decodable {
        var role: String
    }

    struct Invite: Decodable {
        var email: String
        var role: String?
    }

    struct Invitation: Encodable {
        var id: String
        var organizationId: String
        var email: String
        var role: String
        var status: String
        var invitedBy: String
        var createdAt: Date
        var expiresAt: Date
        var sentCount: Int
        var acceptedAt: Date?
        /// Only when just created or resent: whether the e-mail went out.
        var emailSent: Bool?

        init(_ record: InvitationRecord, now: Int64, emailSent: Bool? = nil) {
            id = record.id
            organizationId = record.tenant_id
            email = record.email
            role = record.role
            status = record.status(at: now)
            invitedBy = record.invited_by
            createdAt = Date(milliseconds: record.created_at)
            expiresAt = Date(milliseconds: record.expires_at)
            sentCount = record.sent_count
            acceptedAt = record.accepted_at.map(Date.init(milliseconds:))
            self.emailSent = emailSent
        }
    }

    struct InvitationList: Encodable {
        var invitations: [Invitation]
    }

    struct InvitationToken: Decodable {
        var token: String
    }

    struct InvitationPreview: Encodable {
        var organizationName: String
        var invitedBy: String
        var email: String
        var role: String
        var expiresAt: Date
    }

    struct Accepted: Encodable {
        var organization: Organization
        var next: String
    }

    struct IsolationRequest: Decodable {
        var tier: String
    }

    struct Isolation: Encodable {
        var organizationId: String
        var tier: String
        var relocatingTo: String?
        var allowedTiers: [String]
        var move: Move?
    }

    struct Move: Encodable {
        var id: String
        var from: String
        var to: String
        var status: String
        var startedAt: Date
        var finishedAt: Date?
        var error: String?
        var services: [TierMoves.ServiceReport]?

        init(_ record: TierMoveRecord) {
            id = record.id
            from = record.from_tier
            to = record.to_tier
            status = record.status
            startedAt = Date(milliseconds: record.started_at)
            finishedAt = record.finished_at.map(Date.init(milliseconds:))
            error = record.error
            services = record.report.flatMap { try? ServiceJSONCoding.makeDecoder().decode([TierMoves.ServiceReport].self, from: Data($0.utf8)) }
        }
    }

    struct Features: Encodable {
        var organizationId: String
        var plan: Plan
    }

    struct Suspend: Decodable {
        var reason: String
    }

    struct AdminChange: Decodable {
        var plan: String?
    }

    struct AuditEntry: Encodable {
        var id: String
        var occurredAt: Date
        var actor: String
        var action: String
        var target: String?
        var details: JSONValue?
    }

    struct Audit: Encodable {
        var events: [AuditEntry]
        var nextBefore: Date?
    }
}
