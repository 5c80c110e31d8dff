import Hummingbird
import MPesaCore
import Platform

/// What the auth routes read from a request besides its body.
enum RequestFacts {
    /// The device a session is started from, shown in the sessions list.
    static func client(_ request: Request, context: ServiceRequestContext) -> AccountService.Client {
        let forwarded = request.headers[.init("X-Forwarded-For")!]?.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
        let ip = forwarded.flatMap { $0.isEmpty || $0.count > 45 ? nil : $0 } ?? context.remoteIP
        return AccountService.Client(userAgent: request.headers[.userAgent], ip: ip)
    }

    /// An optional organisation id from a body, validated.
    static func tenant(_ value: String?, field: String = "organization_id") throws -> TenantID? {
        guard let value, !value.isEmpty else { return nil }
        do {
            return try TenantID(value)
        } catch {
            throw AuthProblem.invalid(field, error.description)
        }
    }

    /// The verified caller, who must be a person logged in (not an API key) with a live session. The session is
    /// checked in the auth store itself, so a logout takes effect here at once.
    static func user(_ request: Request, context: ServiceRequestContext, accounts: AccountService) async throws -> Caller {
        var context = context
        let caller = try await context.requireCaller(request)
        guard let session = caller.sessionID, caller.userID.hasPrefix("usr_") else {
            throw Problem.forbidden("Only a person logged in can do this; API keys cannot manage accounts")
        }
        guard try await accounts.isActive(session: session, userID: caller.userID) else { throw TokenRejection.revoked }
        return caller
    }
}
