import Hummingbird
import Platform

/// Members and roles.
enum MemberRoutes {
    static func register(on router: ServiceRouter, parts: TenantParts) {
        let userParameter = OperationDoc.Parameter("user_id", in: .path, "The member's user id")
        router.get(
            "/v1/organizations/{id}/members",
            OperationDoc(
                summary: "The organisation's members", tags: ["members"], parameters: [TenantParts.idParameter],
                responses: [.init(200, "Members", schema: .reference("Members"))], requiresAuth: true
            )
        ) { request, context in
            let grant = try await parts.grant(request, context, scope: Scope.read)
            return try Response.json(TenantBodies.Members(members: try await parts.members.list(grant).map(TenantBodies.Member.init)))
        }

        router.patch(
            "/v1/organizations/{id}/members/{user_id}",
            OperationDoc(
                summary: "Change a member's role (admins; owners for the owner role)",
                description: "The last owner cannot be demoted.",
                tags: ["members"], parameters: [TenantParts.idParameter, userParameter], requestBody: .init(schema: .reference("ChangeRole"), "The new role"),
                responses: [
                    .init(200, "Changed", schema: .reference("Member")), TenantParts.problem(403, "Not allowed"), TenantParts.problem(409, "Last owner"),
                ],
                requiresAuth: true
            )
        ) { request, context in
            let grant = try await parts.grant(request, context, scope: Scope.manageMembers)
            let body = try await context.requestDecoder.decode(TenantBodies.ChangeRole.self, from: request, context: context)
            guard let role = Role(rawValue: body.role) else {
                throw TenantProblem.invalid("role", "choose one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let member = try await parts.members.changeRole(grant, user: context.parameters.get("user_id") ?? "", to: role)
            return try Response.json(TenantBodies.Member(member))
        }

        router.delete(
            "/v1/organizations/{id}/members/{user_id}",
            OperationDoc(
                summary: "Remove a member (admins), or leave (your own id)",
                description: "Only owners remove owners; the last owner cannot leave. The removed member's sessions in this organisation end.",
                tags: ["members"], parameters: [TenantParts.idParameter, userParameter],
                responses: [.init(204, "Removed"), TenantParts.problem(403, "Not allowed"), TenantParts.problem(409, "Last owner")], requiresAuth: true
            )
        ) { request, context in
            let user = context.parameters.get("user_id") ?? ""
            let caller = try await TenantParts.caller(request, context)
            // Leaving needs no admin scope; removing someone else does.
            let grant = try await parts.access.grant(caller, organization: context.parameters.get("id") ?? "", scope: user == caller.userID ? nil : Scope.manageMembers)
            try await parts.members.remove(grant, user: user)
            return .noContent()
        }
    }
}
