import MPesaCore
import Hummingbird
import Platform

/// The organisation's isolation tier and moves between tiers.
enum IsolationRoutes {
    static func register(on router: ServiceRouter, parts: TenantParts) {
        router.get(
            "/v1/organizations/{id}/isolation",
            OperationDoc(
                summary: "The isolation tier, the tiers the plan allows, and the latest move (admins)", tags: ["isolation"], parameters: [TenantParts.idParameter],
                responses: [.init(200, "Isolation", schema: .reference("Isolation"))], requiresAuth: true
            )
        ) { request, context in
            let grant = try await parts.grant(request, context, scope: Scope.manageSettings)
            try grant.require(.admin)
            return try Response.json(try await isolation(grant.organization.id, parts: parts))
        }

        router.put(
            "/v1/organizations/{id}/isolation",
            OperationDoc(
                summary: "Move the organisation's data to another tier (owners)",
                description: """
                    Answers 202 at once; poll GET …/isolation. During the move the organisation's data stays readable and writes are \
                    refused with 503 and Retry-After. Every service copies, then verifies row counts and checksums before switching; \
                    if any copy fails, nothing changes.
                    """,
                tags: ["isolation"], parameters: [TenantParts.idParameter], requestBody: .init(schema: .reference("IsolationRequest"), "The tier"),
                responses: [
                    .init(202, "Move started", schema: .reference("Isolation")), TenantParts.problem(403, "Not an owner, or the plan does not include the tier"),
                    TenantParts.problem(409, "Already on that tier, or a move is running"),
                ],
                requiresAuth: true
            )
        ) { request, context in
            let grant = try await parts.grant(request, context, scope: Scope.manageSettings)
            try grant.require(.owner)
            let tier = try await requestedTier(request, context)
            _ = try await parts.moves.request(grant.organization, to: tier, actor: grant.actor, ignorePlan: false)
            return try Response.json(try await isolation(grant.organization.id, parts: parts), status: .accepted)
        }
    }

    static func requestedTier(_ request: Request, _ context: ServiceRequestContext) async throws -> IsolationTier {
        let body = try await context.requestDecoder.decode(TenantBodies.IsolationRequest.self, from: request, context: context)
        guard let tier = IsolationTier(rawValue: body.tier) else {
            throw TenantProblem.invalid("tier", "choose one of \(IsolationTier.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return tier
    }

    static func isolation(_ id: String, parts: TenantParts) async throws -> TenantBodies.Isolation {
        let (organization, move) = try await parts.access.database.withTransaction { db in
            (try await OrganizationStore.find(id, on: db), try await TierMoveStore.latest(tenant: id, on: db))
        }
        guard let organization else { throw TenantProblem.organizationNotFound(id) }
        return TenantBodies.Isolation(
            organizationId: id, tier: organization.tier, relocatingTo: organization.relocating_to,
            allowedTiers: organization.facts.plan.tiers.map(\.rawValue), move: move.map(TenantBodies.Move.init)
        )
    }
}
