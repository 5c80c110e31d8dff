import Categorization
import Foundation
import Hummingbird
import Platform
import StatementGeneration

/// Categorising, corrections and the model's status.
enum CategorizeRoutes {
    static func register(on router: ServiceRouter, parts: CategorizerParts) {
        router.post(
            "/v1/categorize",
            OperationDoc(
                summary: "Categorise up to 10,000 transactions",
                description: """
                    Each result names its category (or `uncategorized` with suggestions), a calibrated confidence, the step that decided \
                    (rule, directory, model, fallback, manual) and a reason. Send the parser's transactions, or only id, details, direction \
                    and amount_cents (the kind and counterparty are then read from Details). With `persist` (the default) the decisions \
                    become the organisation's history, announced as `transaction.categorized` events; a category set by hand is kept.
                    """,
                tags: ["categorize"], requestBody: .init(schema: .reference("CategorizeRequest"), "The transactions"),
                responses: [
                    .init(200, "One result per transaction, in order", schema: .reference("CategorizeResults")),
                    CategorizerParts.problem(413, "More than 10,000 transactions"), CategorizerParts.problem(422, "A transaction is not valid"),
                ],
                requiresAuth: true
            )
        ) { request, context in
            let body = try await context.requestDecoder.decode(CategorizerBodies.Categorize.self, from: request, context: context)
            let persist = body.persist ?? true
            let (_, tenant) = try await CategorizerParts.tenant(request, context, scope: persist ? Scope.writeTransactions : Scope.read)
            guard body.transactions.count <= Categorizing.batchLimit else {
                throw CategorizerProblem.tooManyTransactions(body.transactions.count, limit: Categorizing.batchLimit)
            }
            let inputs = try CategorizerParts.inputs(body.transactions, pointer: "/transactions")
            let results = try await parts.categorizing.categorize(inputs, tenant: tenant, persist: persist)
            return try Response.json(
                CategorizerBodies.Results(
                    results: results, modelVersion: CategorizationTraining.version, count: results.count,
                    uncategorized: results.filter { $0.category == DefaultTaxonomy.uncategorized }.count
                )
            )
        }

        router.post(
            "/v1/feedback",
            OperationDoc(
                summary: "Correct transactions' categories; the organisation's model learns from each correction",
                description: """
                    Send `{transaction_id, category}` or `{corrections: [...]}` (up to 1,000). A transaction the categorizer has not seen \
                    needs the transaction itself in `transaction`. After three identical corrections of one counterparty a rule is \
                    suggested (GET /v1/suggestions).
                    """,
                tags: ["feedback"], requestBody: .init(schema: .reference("FeedbackRequest"), "The corrections"),
                responses: [
                    .init(200, "Recorded", schema: .reference("FeedbackAnswer")), CategorizerParts.problem(404, "Unknown transaction"),
                    CategorizerParts.problem(422, "Unknown category or bad input"),
                ],
                requiresAuth: true
            )
        ) { request, context in
            let body = try await context.requestDecoder.decode(CategorizerBodies.Feedback.self, from: request, context: context)
            let (caller, tenant) = try await CategorizerParts.tenant(request, context, scope: Scope.writeTransactions)
            var items = body.corrections ?? []
            if items.isEmpty, let id = body.transactionId, let category = body.category {
                items = [.init(transactionId: id, category: category, transaction: body.transaction)]
            }
            guard !items.isEmpty else { throw CategorizerProblem.invalid("/corrections", "send transaction_id and category, or a non-empty corrections list") }
            guard items.count <= 1_000 else { throw CategorizerProblem.tooManyTransactions(items.count, limit: 1_000) }
            var corrections: [FeedbackLoop.Correction] = []
            for (index, item) in items.enumerated() {
                var transaction: CategorizationInput?
                if let sent = item.transaction {
                    transaction = try CategorizerParts.inputs([sent], pointer: "/corrections/\(index)/transaction").first
                    transaction?.id = item.transactionId
                }
                corrections.append(.init(transactionID: item.transactionId, category: item.category, transaction: transaction))
            }
            let outcomes = try await parts.feedback.record(corrections, tenant: tenant, user: caller.userID)
            return try Response.json(
                CategorizerBodies.FeedbackAnswer(
                    corrections: outcomes.map {
                        .init(transactionId: $0.transactionID, category: $0.category, previousCategory: $0.previousCategory, suggestion: $0.suggestion.map(CategorizerBodies.Suggestion.init))
                    }
                )
            )
        }

        router.get(
            "/v1/model",
            OperationDoc(
                summary: "The learned model behind the organisation's categories",
                tags: ["model"], responses: [.init(200, "Status", schema: .reference("ModelStatus"))], requiresAuth: true
            )
        ) { request, context in
            let (_, tenant) = try await CategorizerParts.tenant(request, context, scope: Scope.read)
            let id = tenant.rawValue
            let global = await parts.categorizing.models.global()
            let model = try await parts.categorizing.store.read(tenant) { db in try await parts.categorizing.models.model(tenant: id, global: global, on: db) }
            let defaults = Set(DefaultTaxonomy.categories.map(\.slug))
            return try Response.json(
                CategorizerBodies.ModelStatus(
                    global: .init(
                        version: global.version, examples: Int(global.classifier.examples), vocabulary: global.classifier.vocabularySize,
                        categories: global.classifier.classes.count, temperature: global.classifier.temperature
                    ),
                    tenant: .init(
                        corrections: model.corrections, counterpartiesLearned: model.memory.count,
                        ownCategoriesLearned: model.classifier.classes.filter { !defaults.contains($0) }, vocabulary: model.classifier.vocabularySize,
                        lastCorrectionAt: parts.categorizing.models.lastCorrectionAt(tenant: id).map { Date(milliseconds: $0) }
                    ),
                    threshold: Categorizer.defaultThreshold,
                    order: ["rule", "your corrections of the counterparty", "M-PESA kind", "merchant directory", "learned model", "fallback by kind"]
                )
            )
        }
    }
}
