import Hummingbird
import Platform

/// Platform administration: every organisation, suspension, plans and tiers.
enum AdminRoutes {
    static func register(on router: ServiceRouter, parts: TenantParts) {
        let idParameter = TenantParts.idParameter
        router.get(
            "/v1/admin/organizations",
            OperationDoc(
                summary: "Every organisation (platform administrators)",
                tags: ["admin"],
                parameters: [
                    .init("status", in: .query, schema: .string(enumValues: ["active", "suspended", "deleting", "deleted"]), "Only this status"),
                    .init("q", in: .query, "Name contains, or exact id"), .init("after", in: .query, "Cursor: the `next` of the previous page"),
                    .init("limit", in: .query, schema: .integer(minimum: 1, maximum: 200), "Page size (50)"),
                ],
                responses: [.init(200, "A page", schema: .reference("Organizations")), TenantParts.problem(403, "Not a platform administrator")], requiresAuth: true
            )
        ) { request, context in
            let caller = try await TenantParts.caller(request, context)
            try caller.requirePlatformAdmin()
            let query = request.uri.queryParameters
            let status = query.get("status")
            if let status, !["active", "suspended", "deleting", "deleted"].contains(status) {
                throw TenantProblem.invalid("status", "choose active, suspended, deleting or deleted")
            }
            let limit = Int(query.get("limit") ?? "50") ?? 0
            guard (1...200).contains(limit) else { throw TenantProblem.invalid("limit", "give a number from 1 to 200") }
            let search = query.get("q").map { String($0.prefix(100)) }
            let after = query.get("after").map { String($0.prefix(64)) }
            let page = try await parts.access.database.withTransaction { db in
                try await OrganizationStore.list(status: status, search: search, after: after, limit: limit, on: db)
            }
            return try Response.json(TenantBodies.Organizations(organizations: page.organizations.map { TenantBodies.Organization($0, role: nil) }, next: page.next))
        }

        router.get(
            "/v1/admin/organizations/{id}",
            OperationDoc(
                summary: "Any organisation (platform administrators)", tags: ["admin"], parameters: [idParameter],
                responses: [.init(200, "The organisation", schema: .reference("Organization"))], requiresAuth: true
            )
        ) { request, context in
            let caller = try await TenantParts.caller(request, context)
            try caller.requirePlatformAdmin()
            let id = context.parameters.get("id") ?? ""
            guard let record = try await parts.access.database.withTransaction({ db in try await OrganizationStore.find(id, on: db) }) else {
                throw Problem.notFound("There is no organisation \(id.prefix(64))")
            }
            return try Response.json(TenantBodies.Organization(record, role: nil))
        }

        router.patch(
            "/v1/admin/organizations/{id}",
            OperationDoc(
                summary: "Change an organisation's plan (platform administrators)", tags: ["admin"], parameters: [idParameter],
                requestBody: .init(schema: .reference("AdminChange"), "The plan"), responses: [.init(200, "Changed", schema: .reference("Organization"))], requiresAuth: true
            )
        ) { request, context in
            let caller = try await TenantParts.caller(request, context)
            try caller.requirePlatformAdmin()
            let body = try await context.requestDecoder.decode(TenantBodies.AdminChange.self, from: request, context: context)
            guard let text = body.plan, let plan = PlanID(rawValue: text) else {
                throw TenantProblem.invalid("plan", "choose one of \(PlanID.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return try Response.json(TenantBodies.Organization(try await parts.organizations.setPlan(context.parameters.get("id") ?? "", plan: plan, admin: caller), role: nil))
        }

        router.post(
            "/v1/admin/organizations/{id}/suspend",
            OperationDoc(
                summary: "Suspend an organisation: its tokens stop working in every service (platform administrators)", tags: ["admin"], parameters: [idParameter],
                requestBody: .init(schema: .reference("Suspend"), "Why"), responses: [.init(200, "Suspended", schema: .reference("Organization"))], requiresAuth: true
            )
        ) { request, context in
            let caller = try await TenantParts.caller(request, context)
            try caller.requirePlatformAdmin()
            let body = try await context.requestDecoder.decode(TenantBodies.Suspend.self, from: request, context: context)
            return try Response.json(TenantBodies.Organization(try await parts.organizations.suspend(context.parameters.get("id") ?? "", reason: body.reason, admin: caller), role: nil))
        }

        router.post(
            "/v1/admin/organizations/{id}/reactivate",
            OperationDoc(
                summary: "Lift a suspension (platform administrators)", tags: ["admin"], parameters: [idParameter],
                responses: [.init(200, "Active again", schema: .reference("Organization"))], requiresAuth: true
            )
        ) { request, context in
            let caller = try await TenantParts.caller(request, context)
            try caller.requirePlatformAdmin()
            return try Response.json(TenantBodies.Organization(try await parts.organizations.reactivate(context.parameters.get("id") ?? "", admin: caller), role: nil))
        }

        router.put(
            "/v1/admin/organizations/{id}/isolation",
            OperationDoc(
                summary: "Move an organisation to any tier, whatever its plan (platform administrators)", tags: ["admin"], parameters: [idParameter],
                requestBody: .init(schema: .reference("IsolationRequest"), "The tier"), responses: [.init(202, "Move started", schema: .reference("Isolation"))],
                requiresAuth: true
            )
        ) { request, context in
            let caller = try await TenantParts.caller(request, context)
            try caller.requirePlatformAdmin()
            let id = context.parameters.get("id") ?? ""
            let tier = try await IsolationRoutes.requestedTier(request, context)
            guard let organization = try await parts.access.database.withTransaction({ db in try await OrganizationStore.find(id, on: db) }), organization.status != "deleted" else {
                throw Problem.notFound("There is no organisation \(id.prefix(64))")
            }
            _ = try await parts.moves.request(organization, to: tier, actor: caller.userID, ignorePlan: true)
            return try Response.json(try await IsolationRoutes.isolation(id, parts: parts), status: .accepted)
        }
    }
}
