import Hummingbird
import Platform

/// Recategorising the organisation's history.
enum JobRoutes {
    static func register(on router: ServiceRouter, parts: CategorizerParts) {
        router.post(
            "/v1/recategorize",
            OperationDoc(
                summary: "Apply the current rules and model to every transaction of the organisation, as a job",
                description: "Categories set by hand are kept unless `include_manual`. Follow the job at GET /v1/recategorize/{id}; changes are announced as `transaction.categorized` events.",
                tags: ["recategorize"], requestBody: .init(schema: .reference("RecategorizeRequest"), "Options (may be empty)"),
                responses: [.init(202, "Started", schema: .reference("Job"))], requiresAuth: true
            )
        ) { request, context in
            var includeManual = false
            if request.headers[.contentType] != nil, let body = try? await context.requestDecoder.decode(CategorizerBodies.RecategorizeRequest.self, from: request, context: context) {
                includeManual = body.includeManual ?? false
            }
            let (caller, tenant) = try await CategorizerParts.tenant(request, context, scope: Scope.writeRules)
            let job = try await parts.recategorization.start(tenant: tenant, includeManual: includeManual, user: caller.userID)
            return try Response.json(CategorizerBodies.Job(job), status: .accepted, location: "/v1/recategorize/\(job.id)")
        }

        router.get(
            "/v1/recategorize",
            OperationDoc(summary: "The organisation's latest recategorisation jobs", tags: ["recategorize"], responses: [.init(200, "Jobs", schema: .reference("Jobs"))], requiresAuth: true)
        ) { request, context in
            let (_, tenant) = try await CategorizerParts.tenant(request, context, scope: Scope.read)
            return try Response.json(CategorizerBodies.Jobs(jobs: try await parts.recategorization.list(tenant: tenant).map(CategorizerBodies.Job.init)))
        }

        router.get(
            "/v1/recategorize/{id}",
            OperationDoc(
                summary: "A recategorisation job's progress", tags: ["recategorize"], parameters: [.init("id", in: .path, required: true, "The job's id")],
                responses: [.init(200, "The job", schema: .reference("Job")), CategorizerParts.problem(404, "No such job")], requiresAuth: true
            )
        ) { request, context in
            let (_, tenant) = try await CategorizerParts.tenant(request, context, scope: Scope.read)
            return try Response.json(CategorizerBodies.Job(try await parts.recategorization.status(context.parameters.get("id") ?? "", tenant: tenant)))
        }
    }
}
