import Categorization
import Hummingbird
import Platform

/// The organisation's categories.
enum CategoryRoutes {
    static func register(on router: ServiceRouter, parts: CategorizerParts) {
        let slugParameter = OperationDoc.Parameter("slug", in: .path, required: true, "The category's slug")
        router.get(
            "/v1/categories",
            OperationDoc(
                summary: "The organisation's categories: the defaults under its names, then its own, with how many transactions each holds",
                tags: ["categories"], parameters: [.init("include_archived", in: .query, schema: .boolean(), "Also list deleted categories")],
                responses: [.init(200, "Categories", schema: .reference("Categories"))], requiresAuth: true
            )
        ) { request, context in
            let (_, tenant) = try await CategorizerParts.tenant(request, context, scope: Scope.read)
            let includeArchived = request.uri.queryParameters.get("include_archived") == "true"
            let listed = try await parts.categories.list(tenant: tenant, includeArchived: includeArchived)
            return try Response.json(
                CategorizerBodies.Categories(categories: listed.map { .init($0.category, archived: $0.archived, replacedBy: $0.replacedBy, transactions: $0.transactions) })
            )
        }

        router.post(
            "/v1/categories",
            OperationDoc(
                summary: "Add a category of the organisation's own",
                tags: ["categories"], requestBody: .init(schema: .reference("NewCategory"), "The category"),
                responses: [
                    .init(201, "Created", schema: .reference("Category")), CategorizerParts.problem(409, "The slug is taken"),
                    CategorizerParts.problem(422, "Bad slug, name or group"),
                ],
                requiresAuth: true
            )
        ) { request, context in
            let body = try await context.requestDecoder.decode(CategorizerBodies.NewCategory.self, from: request, context: context)
            let (_, tenant) = try await CategorizerParts.tenant(request, context, scope: Scope.writeRules)
            guard let group = CategoryGroup(rawValue: body.group) else { throw CategorizerProblem.invalid("/group", "group is `income` or `expense`") }
            let category = try await parts.categories.create(slug: body.slug, name: body.name, group: group, description: body.description, tenant: tenant)
            return try Response.json(CategorizerBodies.Category(category), status: .created, location: "/v1/categories/\(category.slug)")
        }

        router.patch(
            "/v1/categories/{slug}",
            OperationDoc(
                summary: "Rename a category (defaults too) or change its description", tags: ["categories"], parameters: [slugParameter],
                requestBody: .init(schema: .reference("CategoryChange"), "What to change"),
                responses: [.init(200, "Changed", schema: .reference("Category")), CategorizerParts.problem(404, "No such category")], requiresAuth: true
            )
        ) { request, context in
            let body = try await context.requestDecoder.decode(CategorizerBodies.CategoryChange.self, from: request, context: context)
            let (_, tenant) = try await CategorizerParts.tenant(request, context, scope: Scope.writeRules)
            let category = try await parts.categories.update(context.parameters.get("slug") ?? "", name: body.name, description: body.description, tenant: tenant)
            return try Response.json(CategorizerBodies.Category(category))
        }

        router.delete(
            "/v1/categories/{slug}",
            OperationDoc(
                summary: "Delete a category of the organisation's own",
                description: "A category in use needs `replacement`: its transactions, corrections and rules move there. Default categories cannot be deleted.",
                tags: ["categories"],
                parameters: [slugParameter, .init("replacement", in: .query, "The category that takes over its transactions and rules")],
                responses: [
                    .init(200, "Deleted", schema: .reference("CategoryDeleted")), CategorizerParts.problem(404, "No such category"),
                    CategorizerParts.problem(409, "A default category, or in use without a replacement"), CategorizerParts.problem(422, "Unknown replacement"),
                ],
                requiresAuth: true
            )
        ) { request, context in
            let (caller, tenant) = try await CategorizerParts.tenant(request, context, scope: Scope.writeRules)
            let slug = context.parameters.get("slug") ?? ""
            let replacement = request.uri.queryParameters.get("replacement").map { String($0) }
            let moved = try await parts.categories.delete(slug, replacement: replacement, tenant: tenant, user: caller.userID)
            return try Response.json(CategorizerBodies.Deleted(slug: slug, replacement: replacement, transactionsMoved: moved.moved, rulesUpdated: moved.rules))
        }
    }
}
