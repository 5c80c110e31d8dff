import Hummingbird
import MPesaCore
import Platform

/// Routes for the platform's own services (signed `X-Service-Token`): memberships for token minting, and the
/// facts every ``TenantDirectory`` caches.
enum InternalRoutes {
    struct Membership: Encodable {
        var tenantId: String
        var role: String
        var status: String
        var name: String
    }

    struct Memberships: Encodable {
        var memberships: [Membership]
    }

    static func register(on router: ServiceRouter, parts: TenantParts) {
        router.get(
            "/internal/v1/users/{id}/memberships",
            OperationDoc(
                summary: "A user's organisations and roles (for the auth service)", tags: ["internal"], parameters: [.init("id", in: .path, "The user id")],
                responses: [.init(200, "Memberships; status is the organisation's usability", schema: .any(description: "Memberships"))]
            )
        ) { request, context in
            _ = try context.requireService(request)
            let user = context.parameters.get("id") ?? ""
            let rows = try await parts.access.database.withTransaction { db in try await OrganizationStore.of(user: user, on: db) }
            return try Response.json(Memberships(memberships: rows.map { organization, role in
                Membership(tenantId: organization.id, role: role, status: organization.facts.isUsable ? "active" : organization.status, name: organization.name)
            }))
        }

        router.get(
            "/internal/v1/tenants/{id}",
            OperationDoc(
                summary: "An organisation's status, tier, plan, features and limits (for every service's TenantDirectory)", tags: ["internal"],
                parameters: [.init("id", in: .path, "The organisation id")],
                responses: [.init(200, "The facts", schema: .any(description: "TenantFacts")), .init(404, "No such organisation")]
            )
        ) { request, context in
            _ = try context.requireService(request)
            let id = context.parameters.get("id") ?? ""
            guard let organization = try await parts.access.database.withTransaction({ db in try await OrganizationStore.find(id, on: db) }), organization.status != "deleted" else {
                throw Problem.notFound("There is no organisation \(id.prefix(64))")
            }
            return try Response.json(organization.facts)
        }
    }
}
