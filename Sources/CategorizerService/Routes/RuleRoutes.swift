import Categorization
import Foundation
import Hummingbird
import Platform

/// Rules (versioned), dry runs and suggested rules.
enum RuleRoutes {
    static func register(on router: ServiceRouter, parts: CategorizerParts) {
        let idParameter = OperationDoc.Parameter("id", in: .path, required: true, "The rule's id")
        router.get(
            "/v1/rules",
            OperationDoc(summary: "The organisation's rules, in the order they run", tags: ["rules"], responses: [.init(200, "Rules", schema: .reference("Rules"))], requiresAuth: true)
        ) { request, context in
            let (_, tenant) = try await CategorizerParts.tenant(request, context, scope: Scope.read)
            let rules = try await parts.rules.list(tenant: tenant).sorted { left, right in
                (left.rule.stage.order, left.rule.priority, left.rule.id) < (right.rule.stage.order, right.rule.priority, right.rule.id)
            }
            return try Response.json(CategorizerBodies.Rules(rules: rules.map(CategorizerBodies.StoredRule.init)))
        }

        router.post(
            "/v1/rules",
            OperationDoc(
                summary: "Create a rule",
                description: """
                    Triggers compare a field (details, counterparty, phone, shortcode, account_reference, kind, direction, amount_cents, weekday, \
                    hour, day_of_month) with an operator (contains, not_contains, is, is_not, starts_with, ends_with, matches, one_of, not_one_of, gt, \
                    gte, lt, lte, between); `match` is all or any; actions set_category, rename_counterparty, add_tag. Regular expressions run in \
                    linear time (no backreferences or lookaround); an invalid one is refused naming the position. Try a rule first with \
                    POST /v1/rules/dry-run.
                    """,
                tags: ["rules"], requestBody: .init(schema: .reference("Rule"), "The rule"),
                responses: [.init(201, "Created", schema: .reference("StoredRule")), CategorizerParts.problem(422, "The rule is not valid")], requiresAuth: true
            )
        ) { request, context in
            let body = try await context.requestDecoder.decode(CategorizerBodies.RuleWrite.self, from: request, context: context)
            let (caller, tenant) = try await CategorizerParts.tenant(request, context, scope: Scope.writeRules)
            let stored = try await parts.rules.save(body.rule, existing: nil, expectedVersion: nil, tenant: tenant, user: caller.userID)
            return try Response.json(CategorizerBodies.StoredRule(stored), status: .created, location: "/v1/rules/\(stored.rule.id)")
        }

        router.post(
            "/v1/rules/dry-run",
            OperationDoc(
                summary: "What a rule would change over the organisation's history, without saving it",
                description: "Send `rule` (with the `id` of a stored rule to try a new version of it); without `rule`, what the current rules and model would change.",
                tags: ["rules"], requestBody: .init(schema: .reference("DryRunRequest"), "The rule to try"),
                responses: [.init(200, "What would change", schema: .reference("DryRun")), CategorizerParts.problem(422, "The rule is not valid")], requiresAuth: true
            )
        ) { request, context in
            let body = try await context.requestDecoder.decode(CategorizerBodies.DryRunRequest.self, from: request, context: context)
            let (_, tenant) = try await CategorizerParts.tenant(request, context, scope: Scope.read)
            var rule = body.rule
            if rule != nil, rule?.id.isEmpty == true { rule?.id = "dry-run" }
            // A draft being previewed while it is typed may have no name yet; only saving needs one.
            if let name = rule?.name, name.trimmingCharacters(in: .whitespaces).isEmpty { rule?.name = "Draft rule" }
            let report = try await parts.rules.dryRun(rule, tenant: tenant, includeManual: body.includeManual ?? false)
            return try Response.json(CategorizerBodies.DryRunAnswer(report))
        }

        router.get(
            "/v1/rules/{id}",
            OperationDoc(summary: "One rule", tags: ["rules"], parameters: [idParameter], responses: [.init(200, "The rule", schema: .reference("StoredRule")), CategorizerParts.problem(404, "No such rule")], requiresAuth: true)
        ) { request, context in
            let (_, tenant) = try await CategorizerParts.tenant(request, context, scope: Scope.read)
            return try Response.json(CategorizerBodies.StoredRule(try await parts.rules.get(context.parameters.get("id") ?? "", tenant: tenant)))
        }

        router.put(
            "/v1/rules/{id}",
            OperationDoc(
                summary: "Replace a rule with a new version",
                description: "Send `version` (the version you read) to be refused with 409 if someone changed the rule meanwhile.",
                tags: ["rules"], parameters: [idParameter], requestBody: .init(schema: .reference("Rule"), "The new version"),
                responses: [
                    .init(200, "Saved", schema: .reference("StoredRule")), CategorizerParts.problem(404, "No such rule"), CategorizerParts.problem(409, "Changed meanwhile"),
                    CategorizerParts.problem(422, "The rule is not valid"),
                ],
                requiresAuth: true
            )
        ) { request, context in
            let body = try await context.requestDecoder.decode(CategorizerBodies.RuleWrite.self, from: request, context: context)
            let (caller, tenant) = try await CategorizerParts.tenant(request, context, scope: Scope.writeRules)
            let stored = try await parts.rules.save(body.rule, existing: context.parameters.get("id") ?? "", expectedVersion: body.version, tenant: tenant, user: caller.userID)
            return try Response.json(CategorizerBodies.StoredRule(stored))
        }

        router.delete(
            "/v1/rules/{id}",
            OperationDoc(summary: "Delete a rule (its versions are kept)", tags: ["rules"], parameters: [idParameter], responses: [.init(204, "Deleted", contentType: nil), CategorizerParts.problem(404, "No such rule")], requiresAuth: true)
        ) { request, context in
            let (caller, tenant) = try await CategorizerParts.tenant(request, context, scope: Scope.writeRules)
            try await parts.rules.delete(context.parameters.get("id") ?? "", tenant: tenant, user: caller.userID)
            return .noContent()
        }

        router.get(
            "/v1/rules/{id}/versions",
            OperationDoc(summary: "Every version of a rule, oldest first, with who changed it", tags: ["rules"], parameters: [idParameter], responses: [.init(200, "Versions", schema: .reference("RuleVersions")), CategorizerParts.problem(404, "No such rule")], requiresAuth: true)
        ) { request, context in
            let (_, tenant) = try await CategorizerParts.tenant(request, context, scope: Scope.read)
            let id = context.parameters.get("id") ?? ""
            let versions = try await parts.rules.versions(id, tenant: tenant)
            return try Response.json(
                CategorizerBodies.RuleVersions(
                    ruleId: id,
                    versions: versions.map {
                        .init(
                            version: $0.version, change: $0.change, changedBy: $0.changed_by, changedAt: Date(milliseconds: $0.changed_at),
                            rule: try? RuleRecord(id: id, version: $0.version, definition: $0.definition, deleted_at: nil, created_at: 0, updated_at: 0).rule()
                        )
                    }
                )
            )
        }

        router.get(
            "/v1/suggestions",
            OperationDoc(
                summary: "Rules proposed from repeated corrections", tags: ["suggestions"],
                parameters: [.init("status", in: .query, schema: .string(enumValues: ["pending", "accepted", "dismissed"]), "Only these (default pending)")],
                responses: [.init(200, "Suggestions", schema: .reference("Suggestions"))], requiresAuth: true
            )
        ) { request, context in
            let (_, tenant) = try await CategorizerParts.tenant(request, context, scope: Scope.read)
            let status = request.uri.queryParameters.get("status").map { String($0) } ?? "pending"
            guard ["pending", "accepted", "dismissed", "all"].contains(status) else {
                throw CategorizerProblem.invalid("status", "status is pending, accepted, dismissed or all")
            }
            let records = try await parts.rules.suggestions(tenant: tenant, status: status == "all" ? nil : status)
            return try Response.json(CategorizerBodies.Suggestions(suggestions: records.map(CategorizerBodies.Suggestion.init)))
        }

        for (verb, accept) in [("accept", true), ("dismiss", false)] {
            router.post(
                "/v1/suggestions/{id}/\(verb)",
                OperationDoc(
                    summary: accept ? "Accept a suggested rule (optionally renamed): it is saved as a rule" : "Dismiss a suggested rule; it is not proposed again",
                    tags: ["suggestions"], parameters: [.init("id", in: .path, required: true, "The suggestion's id")],
                    requestBody: accept ? .init(schema: .reference("AcceptSuggestion"), "Optional new name") : nil,
                    responses: [
                        .init(200, "Decided", schema: .reference("SuggestionDecision")), CategorizerParts.problem(404, "No such suggestion"),
                        CategorizerParts.problem(409, "Already decided"),
                    ],
                    requiresAuth: true
                )
            ) { request, context in
                let (caller, tenant) = try await CategorizerParts.tenant(request, context, scope: Scope.writeRules)
                var name: String?
                if accept, request.headers[.contentType] != nil {
                    name = try await context.requestDecoder.decode(CategorizerBodies.Accept.self, from: request, context: context).name
                }
                let (suggestion, rule) = try await parts.rules.decide(context.parameters.get("id") ?? "", accept: accept, name: name, tenant: tenant, user: caller.userID)
                return try Response.json(CategorizerBodies.Decision(suggestion: .init(suggestion), rule: rule.map(CategorizerBodies.StoredRule.init)))
            }
        }
    }
}
