import Foundation
import Hummingbird
import Platform
import SQLKit

/// The organisation's data as JSON (export before deletion), and the audit trail page by page.
enum OrganizationExport {
    struct Export: Encodable {
        var exportedAt: Date
        var organization: TenantBodies.Organization
        var members: [TenantBodies.Member]
        var invitations: [TenantBodies.Invitation]
        var audit: [TenantBodies.AuditEntry]
        var usage: [Usage]
    }

    struct Usage: Encodable, Decodable {
        var metric: String
        var period: String
        var quantity: Int64
    }

    static func response(_ grant: OrganizationAccess.Grant, parts: TenantParts) async throws -> Response {
        let id = grant.organization.id
        let now = parts.time.milliseconds
        let (members, invitations) = try await parts.access.database.withTransaction { db in
            (try await MembershipStore.list(tenant: id, on: db), try await InvitationStore.list(tenant: id, on: db))
        }
        let (audit, usage) = try await parts.records.read(grant.tenant) { db in
            (
                try await AuditLog.list(tenant: id, before: nil, limit: 100_000, on: db),
                try await db.raw("SELECT metric, period, quantity FROM usage_counters WHERE tenant_id = \(bind: id) ORDER BY period, metric").all(decoding: Usage.self)
            )
        }
        let export = Export(
            exportedAt: parts.time.now, organization: TenantBodies.Organization(grant.organization, role: grant.role.rawValue),
            members: members.map(TenantBodies.Member.init), invitations: invitations.map { TenantBodies.Invitation($0, now: now) },
            audit: audit.map(entry), usage: usage
        )
        var response = try Response.json(export)
        response.headers[.contentDisposition] = "attachment; filename=\"organization-\(id).json\""
        return response
    }

    static func audit(_ grant: OrganizationAccess.Grant, request: Request, parts: TenantParts) async throws -> Response {
        let query = request.uri.queryParameters
        let limit = try query.get("limit").map { text -> Int in
            guard let value = Int(text), (1...200).contains(value) else { throw TenantProblem.invalid("limit", "give a number from 1 to 200") }
            return value
        } ?? 50
        let before = try query.get("before").map { text -> Int64 in
            guard let date = RFC3339.parse(text) else { throw TenantProblem.invalid("before", "give an RFC 3339 time such as 2026-11-29T10:00:00Z") }
            return Int64(date.timeIntervalSince1970 * 1000)
        }
        let id = grant.organization.id
        let rows = try await parts.records.read(grant.tenant) { db in try await AuditLog.list(tenant: id, before: before, limit: limit, on: db) }
        return try Response.json(TenantBodies.Audit(
            events: rows.map(entry), nextBefore: rows.count == limit ? rows.last.map { Date(milliseconds: $0.occurred_at) } : nil
        ))
    }

    static func entry(_ record: AuditRecord) -> TenantBodies.AuditEntry {
        TenantBodies.AuditEntry(
            id: record.id, occurredAt: Date(milliseconds: record.occurred_at), actor: record.actor, action: record.action, target: record.target,
            details: record.details.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
        )
    }
}
