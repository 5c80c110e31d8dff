import Foundation
import Hummingbird
import Platform

/// The account's sessions (one per login, i.e. per device): list them, end one, end all the others.
enum SessionRoutes {
    static func register(on router: ServiceRouter, accounts: AccountService) {
        router.get(
            "/v1/sessions",
            OperationDoc(
                summary: "My active sessions", description: "Newest use first; `current` marks the session of the presented token.",
                tags: ["sessions"], responses: [.init(200, "The sessions", schema: .reference("Sessions"))], requiresAuth: true
            )
        ) { request, context in
            let caller = try await RequestFacts.user(request, context: context, accounts: accounts)
            let sessions = try await accounts.sessions(userID: caller.userID)
            return try Response.json(AuthBodies.Sessions(sessions: sessions.map { session in
                AuthBodies.Session(
                    id: session.id, createdAt: Date(milliseconds: session.created_at), lastUsedAt: Date(milliseconds: session.last_used_at),
                    expiresAt: Date(milliseconds: session.expires_at), userAgent: session.user_agent, ip: session.ip, organizationId: session.tenant_id,
                    current: session.id == caller.sessionID
                )
            }))
        }

        router.delete(
            "/v1/sessions",
            OperationDoc(summary: "End every other session (log out other devices)", tags: ["sessions"], responses: [.init(204, "Done")], requiresAuth: true)
        ) { request, context in
            let caller = try await RequestFacts.user(request, context: context, accounts: accounts)
            try await accounts.logoutOthers(userID: caller.userID, keeping: caller.sessionID!)
            return .noContent()
        }

        router.delete(
            "/v1/sessions/{id}",
            OperationDoc(
                summary: "End one of my sessions",
                tags: ["sessions"],
                parameters: [.init("id", in: .path, "The session id")],
                responses: [
                    .init(204, "Ended"),
                    .init(404, "No such active session of yours", contentType: "application/problem+json", schema: .reference("Problem")),
                ],
                requiresAuth: true
            )
        ) { request, context in
            let caller = try await RequestFacts.user(request, context: context, accounts: accounts)
            let id = context.parameters.get("id") ?? ""
            guard try await accounts.revokeSession(id: id, userID: caller.userID) else {
                throw Problem.notFound("You have no active session \(id.prefix(40))")
            }
            return .noContent()
        }
    }
}
