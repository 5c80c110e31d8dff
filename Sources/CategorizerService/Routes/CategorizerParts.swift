import Categorization
import Hummingbird
import MPesaCore
import Platform

/// What the routes are built from, and the checks every route makes.
struct CategorizerParts: Sendable {
    let categorizing: Categorizing
    let feedback: FeedbackLoop
    let rules: RuleBook
    let categories: CategoryBook
    let recategorization: Recategorization

    /// The verified caller's organisation, after checking the token carries `scope`.
    static func tenant(_ request: Request, _ context: ServiceRequestContext, scope: String) async throws -> (caller: Caller, tenant: TenantID) {
        var context = context
        let caller = try await context.requireCaller(request)
        let tenant = try caller.requireTenant()
        try caller.require(scope: scope)
        return (caller, tenant)
    }

    static func problem(_ status: Int, _ description: String) -> OperationDoc.Response {
        .init(status, description, contentType: "application/problem+json", schema: .reference("Problem"))
    }

    /// Turns request transactions into inputs, or a 422 naming every bad field; duplicate ids are refused too
    /// (one batch decides each transaction once).
    static func inputs(_ transactions: [CategorizerBodies.Transaction], pointer: String) throws -> [CategorizationInput] {
        var errors: [Problem.FieldError] = []
        var inputs: [CategorizationInput] = []
        inputs.reserveCapacity(transactions.count)
        var seen: Set<String> = []
        for (index, transaction) in transactions.enumerated() {
            guard let input = transaction.input(pointer: "\(pointer)/\(index)", errors: &errors) else { continue }
            if !seen.insert(input.id).inserted {
                errors.append(.init(pointer: "\(pointer)/\(index)/id", detail: "the id `\(input.id.prefix(60))` appears twice in this batch"))
            }
            inputs.append(input)
            if errors.count >= 50 { break }
        }
        if !errors.isEmpty { throw Problem.validation("Some transactions are not valid", errors: errors) }
        return inputs
    }
}
