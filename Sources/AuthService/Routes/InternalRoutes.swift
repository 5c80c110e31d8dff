import Hummingbird
import MPesaCore
import Platform

/// Routes only the platform's services may call (signed with `X-Service-Token`; the gateway never forwards
/// `/internal`).
enum InternalRoutes {
    static func register(on router: ServiceRouter, accounts: AccountService) {
        router.post(
            "/internal/v1/tokens",
            OperationDoc(
                summary: "Mint an access token for another organisation of a live session (the tenant service's switch)",
                tags: ["internal"], requestBody: .init(schema: .reference("InternalToken"), "Session, user, organisation and role"),
                responses: [.init(200, "The token", schema: .reference("TokenResponse"))]
            )
        ) { request, context in
            _ = try context.requireService(request, allowed: [.tenant])
            let body = try await context.requestDecoder.decode(AuthBodies.InternalToken.self, from: request, context: context)
            guard let tenant = try RequestFacts.tenant(body.organizationId), let role = Role(rawValue: body.role) else {
                throw AuthProblem.invalid("role", "a role and an organisation are required")
            }
            let tokens = try await accounts.token(forSession: body.sessionId, userID: body.userId, tenant: tenant, role: role)
            return try Response.json(AccountRoutes.tokenBody(tokens))
        }

        router.get(
            "/internal/v1/users/{id}",
            OperationDoc(
                summary: "A user's e-mail and name (for member lists and invitations)", tags: ["internal"],
                parameters: [.init("id", in: .path, "The user id")],
                responses: [.init(200, "The user", schema: .reference("InternalUser"))]
            )
        ) { request, context in
            _ = try context.requireService(request)
            let id = context.parameters.get("id") ?? ""
            guard let user = try await accounts.user(id: id) else { throw Problem.notFound("No user \(id.prefix(40))") }
            return try Response.json(AuthBodies.InternalUser(id: user.id, email: user.email, name: user.name, emailVerified: user.email_verified_at != nil))
        }

        router.get(
            "/internal/v1/tenants/{id}/api-keys",
            OperationDoc(
                summary: "How many active API keys an organisation has (for its usage)", tags: ["internal"], parameters: [.init("id", in: .path, "The organisation id")],
                responses: [.init(200, "The count", schema: .object(properties: [("active", .integer())], required: ["active"]))]
            )
        ) { request, context in
            _ = try context.requireService(request)
            let tenant = context.parameters.get("id") ?? ""
            return try Response.json(["active": try await accounts.activeAPIKeys(tenant: tenant)])
        }
    }
}
