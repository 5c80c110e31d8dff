import Foundation
import Hummingbird
import MPesaCore
import Platform

/// What the routes are built from, and the checks every route makes.
struct AnalyticsParts: Sendable {
    let store: TenantStore
    let ingestion: StatementIngestion
    let upstreams: Upstreams
    let time: TimeSource
    let directory: TenantDirectory
    let outboxSignal: EventSignal

    /// The verified caller's organisation, after checking the token carries `scope`.
    static func tenant(_ request: Request, _ context: ServiceRequestContext, scope: String) async throws -> (caller: Caller, tenant: TenantID) {
        var context = context
        let caller = try await context.requireCaller(request)
        let tenant = try caller.requireTenant()
        try caller.require(scope: scope)
        return (caller, tenant)
    }

    /// The caller's own credential, passed on to the services the analytics service calls for them.
    static func authorization(_ request: Request) -> String { request.headers[.authorization] ?? "" }

    static func problem(_ status: Int, _ description: String) -> OperationDoc.Response {
        .init(status, description, contentType: "application/problem+json", schema: .reference("Problem"))
    }

    /// The organisation's name for report headings (its id when the tenant service cannot say).
    func organizationName(_ tenant: TenantID) async -> String {
        (try? await directory.facts(for: tenant).name) ?? tenant.rawValue
    }

    /// Today in Nairobi (default windows end at the ledger's last day, or today when it is empty).
    var today: LocalDateTime { LocalDateTime(instant: time.now) }

    static func limit(_ query: Parameters, default value: Int, maximum: Int) throws -> Int {
        guard let raw = query.get("limit") else { return value }
        guard let limit = Int(raw), (1...maximum).contains(limit) else { throw AnalyticsProblem.invalid("limit", "limit is a whole number from 1 to \(maximum)") }
        return limit
    }
}
