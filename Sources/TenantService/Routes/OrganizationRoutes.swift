import Foundation
import Hummingbird
import Platform

/// Organisations: create, list mine, read, change, delete (with a grace period), restore, export, switch.
enum OrganizationRoutes {
    static func register(on router: ServiceRouter, parts: TenantParts) {
        router.post(
            "/v1/organizations",
            OperationDoc(
                summary: "Create an organisation; you become its owner",
                description: "It starts on the Free plan, in the shared isolation tier. Switch to it (POST …/switch) for a token that acts for it.",
                tags: ["organizations"], requestBody: .init(schema: .reference("CreateOrganization"), "Name and time zone"),
                responses: [.init(201, "Created", schema: .reference("Organization")), TenantParts.problem(422, "Invalid name or time zone")],
                requiresAuth: true
            )
        ) { request, context in
            let caller = try await TenantParts.caller(request, context)
            let body = try await context.requestDecoder.decode(TenantBodies.CreateOrganization.self, from: request, context: context)
            let (organization, role) = try await parts.organizations.create(.init(name: body.name, timezone: body.timezone), caller: caller)
            return try Response.json(TenantBodies.Organization(organization, role: role.rawValue), status: .created, location: "/v1/organizations/\(organization.id)")
        }

        router.get(
            "/v1/organizations",
            OperationDoc(
                summary: "The organisations I belong to, with my role in each", tags: ["organizations"],
                responses: [.init(200, "The organisations", schema: .reference("Organizations"))], requiresAuth: true
            )
        ) { request, context in
            let caller = try await TenantParts.caller(request, context)
            let mine = try await parts.organizations.mine(caller: caller)
            return try Response.json(TenantBodies.Organizations(organizations: mine.map { TenantBodies.Organization($0.0, role: $0.1) }))
        }

        router.get(
            "/v1/organizations/{id}",
            OperationDoc(
                summary: "One of my organisations", tags: ["organizations"], parameters: [TenantParts.idParameter],
                responses: [.init(200, "The organisation", schema: .reference("Organization")), TenantParts.problem(404, "Not an organisation of yours")],
                requiresAuth: true
            )
        ) { request, context in
            let grant = try await parts.grant(request, context, need: .membership, scope: Scope.read)
            return try Response.json(TenantBodies.Organization(grant.organization, role: grant.role.rawValue))
        }

        router.patch(
            "/v1/organizations/{id}",
            OperationDoc(
                summary: "Change the organisation's name, time zone, contact e-mail or KRA PIN (admins)",
                description: "Absent fields stay as they are; `null` clears the contact e-mail or KRA PIN.",
                tags: ["organizations"], parameters: [TenantParts.idParameter],
                requestBody: .init(schema: .reference("UpdateOrganization"), "The fields to change"),
                responses: [.init(200, "Changed", schema: .reference("Organization")), TenantParts.problem(403, "Not an admin"), TenantParts.problem(422, "Invalid value")],
                requiresAuth: true
            )
        ) { request, context in
            let grant = try await parts.grant(request, context, scope: Scope.manageSettings)
            let body = try await context.requestDecoder.decode(TenantBodies.UpdateOrganization.self, from: request, context: context)
            let updated = try await parts.organizations.update(
                grant, .init(name: body.name, timezone: body.timezone, contactEmail: body.contactEmail, kraPin: body.kraPin)
            )
            return try Response.json(TenantBodies.Organization(updated, role: grant.role.rawValue))
        }

        router.delete(
            "/v1/organizations/{id}",
            OperationDoc(
                summary: "Delete the organisation (owners), after a grace period",
                description: "The organisation stays readable, exportable (GET …/export) and restorable (POST …/restore) until `deletion_due_at`; then it and its data are removed.",
                tags: ["organizations"], parameters: [TenantParts.idParameter],
                responses: [.init(202, "Deletion scheduled", schema: .reference("Organization")), TenantParts.problem(403, "Not an owner")],
                requiresAuth: true
            )
        ) { request, context in
            let grant = try await parts.grant(request, context, scope: Scope.deleteOrganization)
            var record = try await parts.organizations.delete(grant)
            if record.deletion_due_at ?? .max <= parts.time.milliseconds {
                _ = try await parts.organizations.purgeDue(records: parts.records)
                let id = record.id
                record = try await parts.access.database.withTransaction { db in try await OrganizationStore.find(id, on: db)! }
            }
            return try Response.json(TenantBodies.Organization(record, role: grant.role.rawValue), status: .accepted)
        }

        router.post(
            "/v1/organizations/{id}/restore",
            OperationDoc(
                summary: "Cancel a scheduled deletion (owners)", tags: ["organizations"], parameters: [TenantParts.idParameter],
                responses: [.init(200, "Restored", schema: .reference("Organization")), TenantParts.problem(409, "Not scheduled for deletion")],
                requiresAuth: true
            )
        ) { request, context in
            let grant = try await parts.grant(request, context, scope: Scope.deleteOrganization)
            return try Response.json(TenantBodies.Organization(try await parts.organizations.restore(grant), role: grant.role.rawValue))
        }

        router.get(
            "/v1/organizations/{id}/export",
            OperationDoc(
                summary: "Everything the tenant service holds about the organisation, as JSON (admins)",
                description: "The organisation, members, invitations, the audit trail and usage counters. Each service exports its own data the same way.",
                tags: ["organizations"], parameters: [TenantParts.idParameter],
                responses: [.init(200, "The export", contentType: "application/json", schema: .any(description: "Organisation export"))], requiresAuth: true
            )
        ) { request, context in
            let grant = try await parts.grant(request, context, scope: Scope.manageSettings)
            try grant.require(.admin)
            return try await OrganizationExport.response(grant, parts: parts)
        }

        router.post(
            "/v1/organizations/{id}/switch",
            OperationDoc(
                summary: "An access token acting for this organisation, for the current session",
                description: "Refresh tokens of the session keep the new organisation.",
                tags: ["organizations"], parameters: [TenantParts.idParameter],
                responses: [.init(200, "The token", schema: .reference("SwitchToken")), TenantParts.problem(404, "Not an organisation of yours")],
                requiresAuth: true
            )
        ) { request, context in
            let grant = try await parts.grant(request, context, need: .membership)
            return try Response.json(try await parts.organizations.switchTo(grant))
        }

        router.get(
            "/v1/organizations/{id}/features",
            OperationDoc(
                summary: "The plan's features and limits", tags: ["organizations"], parameters: [TenantParts.idParameter],
                responses: [.init(200, "The plan", schema: .reference("Features"))], requiresAuth: true
            )
        ) { request, context in
            let grant = try await parts.grant(request, context, need: .membership, scope: Scope.read)
            return try Response.json(TenantBodies.Features(organizationId: grant.organization.id, plan: grant.organization.facts.plan))
        }

        router.get(
            "/v1/organizations/{id}/usage",
            OperationDoc(
                summary: "Usage against the plan's limits", description: "Seats and API keys now; metered quantities for the month (`period=YYYY-MM`, default this month in the organisation's time zone).",
                tags: ["organizations"], parameters: [TenantParts.idParameter, .init("period", in: .query, "YYYY-MM")],
                responses: [.init(200, "Usage", schema: .reference("Usage"))], requiresAuth: true
            )
        ) { request, context in
            let grant = try await parts.grant(request, context, scope: Scope.read)
            return try Response.json(try await parts.usage.report(grant, period: request.uri.queryParameters.get("period")))
        }

        router.get(
            "/v1/organizations/{id}/audit",
            OperationDoc(
                summary: "The organisation's audit trail (admins), newest first",
                tags: ["organizations"], parameters: [TenantParts.idParameter, .init("before", in: .query, "RFC 3339 time: entries before it"), .init("limit", in: .query, schema: .integer(minimum: 1, maximum: 200), "At most this many (50)")],
                responses: [.init(200, "Entries", schema: .reference("Audit"))], requiresAuth: true
            )
        ) { request, context in
            let grant = try await parts.grant(request, context, scope: Scope.manageMembers)
            try grant.require(.admin)
            return try await OrganizationExport.audit(grant, request: request, parts: parts)
        }
    }
}
