import Hummingbird
import Platform

/// The tenant service's parts, wired once and shared by its routes.
struct TenantParts: Sendable {
    let access: OrganizationAccess
    let organizations: Organizations
    let members: Members
    let invitations: Invitations
    let moves: TierMoves
    let usage: UsageReport
    let records: TenantStore
    let time: TimeSource

    /// The verified caller of a request.
    static func caller(_ request: Request, _ context: ServiceRequestContext) async throws -> Caller {
        var context = context
        return try await context.requireCaller(request)
    }

    /// The caller and what it may do in the organisation named by the path's `{id}`.
    func grant(_ request: Request, _ context: ServiceRequestContext, need: OrganizationAccess.Need = .boundToken, scope: String? = nil) async throws
        -> OrganizationAccess.Grant
    {
        let caller = try await Self.caller(request, context)
        return try await access.grant(caller, organization: context.parameters.get("id") ?? "", need: need, scope: scope)
    }

    static let problem: OperationDoc.Response = .init(400, "Invalid request", contentType: "application/problem+json", schema: .reference("Problem"))
    static func problem(_ status: Int, _ description: String) -> OperationDoc.Response {
        .init(status, description, contentType: "application/problem+json", schema: .reference("Problem"))
    }
    static let idParameter = OperationDoc.Parameter("id", in: .path, "The organisation id")
}
