import Foundation
import Hummingbird
import NIOCore
import MPesaCore
import Platform

/// The ledger: list, detail, recategorise, notes and tags, export.
enum TransactionRoutes {
    static let bulkLimit = 1_000

    static func register(on router: ServiceRouter, parts: AnalyticsParts) {
        router.get(
            "/v1/transactions",
            OperationDoc(
                summary: "List the ledger with filters, sort and cursor pagination",
                description: """
                    Filters: `from`, `to` (local days), `kind`, `direction`, `category` (comma lists), `counterparty` (a counterparty_key), \
                    `min_amount_cents`, `max_amount_cents`, `q` (text in details, counterparty, receipt or note), `tag`, `statement_id`, \
                    `id` (up to 200 transaction ids, comma-separated: an insight's evidence). `sort`: -time (default), time, -amount, amount. `limit` ≤ 500; pass `next_cursor` as `cursor` for the next page. \
                    `include_totals=true` adds the count and sums of everything the filters match.
                    """,
                tags: ["transactions"],
                responses: [.init(200, "A page", schema: .reference("TransactionPage")), AnalyticsParts.problem(422, "A filter is not valid")], requiresAuth: true
            )
        ) { request, context in
            let (_, tenant) = try await AnalyticsParts.tenant(request, context, scope: Scope.read)
            let query = request.uri.queryParameters
            let filter = try TransactionFilter(query: query)
            let limit = try AnalyticsParts.limit(query, default: 50, maximum: 500)
            let cursor = try query.get("cursor").map { try TransactionCursor(decoding: String($0), expected: filter.sort) }
            let withTotals = query.get("include_totals") == "true"
            let (records, totals) = try await parts.store.read(tenant) { db in
                let records = try await LedgerStore.page(tenant: tenant.rawValue, filter: filter, after: cursor, limit: limit, on: db)
                let totals = withTotals ? try await LedgerStore.totals(tenant: tenant.rawValue, filter: filter, on: db) : nil
                return (records, totals.map { AnalyticsBodies.TransactionPage.Totals(count: $0.count, inflowCents: $0.inflow, outflowCents: $0.outflow) })
            }
            let next = records.count == limit ? records.last.map { TransactionCursor(sort: filter.sort, key: filter.sort.key(of: $0), id: $0.id).encoded } : nil
            return try Response.json(AnalyticsBodies.TransactionPage(transactions: records.map { AnalyticsBodies.Transaction($0) }, nextCursor: next, totals: totals))
        }

        router.get(
            "/v1/transactions/export",
            OperationDoc(
                summary: "Export any filtered view as CSV or JSON, streamed",
                description: "The same filters as the list; `format=csv` (default) or `json` (or the Accept header). All matching rows, in the list's order.",
                tags: ["transactions"], responses: [.init(200, "text/csv or application/json"), AnalyticsParts.problem(422, "A filter is not valid")], requiresAuth: true
            )
        ) { request, context in
            let (_, tenant) = try await AnalyticsParts.tenant(request, context, scope: Scope.read)
            let query = request.uri.queryParameters
            let filter = try TransactionFilter(query: query)
            let format = query.get("format").map { String($0) } ?? (request.headers[.accept]?.contains("application/json") == true ? "json" : "csv")
            guard format == "csv" || format == "json" else { throw AnalyticsProblem.invalid("format", "format is csv or json") }
            return TransactionExport.response(format: format, filter: filter, tenant: tenant, store: parts.store)
        }

        router.get(
            "/v1/transactions/{id}",
            OperationDoc(
                summary: "One transaction, with the statements that carried it",
                tags: ["transactions"], responses: [.init(200, "The transaction", schema: .reference("Transaction")), AnalyticsParts.problem(404, "Unknown transaction")],
                requiresAuth: true
            )
        ) { request, context in
            let (_, tenant) = try await AnalyticsParts.tenant(request, context, scope: Scope.read)
            let id = context.parameters.get("id") ?? ""
            let found = try await parts.store.read(tenant) { db -> (TransactionRecord, [String])? in
                guard let record = try await LedgerStore.find(tenant: tenant.rawValue, id: id, on: db) else { return nil }
                return (record, try await LedgerStore.statements(of: id, tenant: tenant.rawValue, on: db))
            }
            guard let (record, statements) = found else { throw AnalyticsProblem.notFound("transaction", id) }
            return try Response.json(AnalyticsBodies.Transaction(record, statements: statements))
        }

        router.patch(
            "/v1/transactions/{id}",
            OperationDoc(
                summary: "Recategorise one transaction, or set its note and tags",
                description: "A new `category` is also sent to the categorizer as a correction, so similar transactions follow it from now on.",
                tags: ["transactions"], requestBody: .init(schema: .reference("TransactionChange"), "What to change"),
                responses: [
                    .init(200, "The transaction", schema: .reference("Transaction")), AnalyticsParts.problem(404, "Unknown transaction"),
                    AnalyticsParts.problem(422, "Unknown category or bad input"),
                ],
                requiresAuth: true
            )
        ) { request, context in
            let change = try await context.requestDecoder.decode(AnalyticsBodies.TransactionChange.self, from: request, context: context)
            let (_, tenant) = try await AnalyticsParts.tenant(request, context, scope: Scope.writeTransactions)
            let id = context.parameters.get("id") ?? ""
            var errors: [Problem.FieldError] = []
            if let note = change.note, note.count > 2_000 { errors.append(.init(pointer: "/note", detail: "at most 2,000 characters")) }
            if let tags = change.tags {
                if tags.count > 20 { errors.append(.init(pointer: "/tags", detail: "at most 20 tags")) }
                for (index, tag) in tags.enumerated() where tag.isEmpty || tag.count > 40 || tag.contains(where: { $0.isNewline }) {
                    errors.append(.init(pointer: "/tags/\(index)", detail: "a tag is 1 to 40 characters on one line"))
                }
            }
            if let category = change.category, category.isEmpty || category.count > 64 { errors.append(.init(pointer: "/category", detail: "a category slug")) }
            if change.category == nil && change.note == nil && change.tags == nil { errors.append(.init(pointer: "", detail: "send category, note or tags")) }
            if !errors.isEmpty { throw Problem.validation("Some input is not valid", errors: errors) }
            guard let record = try await parts.store.read(tenant, { db in try await LedgerStore.find(tenant: tenant.rawValue, id: id, on: db) }) else {
                throw AnalyticsProblem.notFound("transaction", id)
            }
            if let category = change.category {
                try await recategorize([record], category: category, tenant: tenant, request: request, parts: parts)
            }
            let now = parts.time.milliseconds
            let updated = try await parts.store.write(tenant) { db -> TransactionRecord? in
                try await LedgerStore.setNote(tenant: tenant.rawValue, id: id, note: change.note, tags: change.tags.map { Array(Set($0)).sorted() }, now: now, on: db)
                return try await LedgerStore.find(tenant: tenant.rawValue, id: id, on: db)
            }
            guard let updated else { throw AnalyticsProblem.notFound("transaction", id) }
            return try Response.json(AnalyticsBodies.Transaction(updated))
        }

        router.patch(
            "/v1/transactions",
            OperationDoc(
                summary: "Recategorise many transactions at once (up to 1,000)",
                tags: ["transactions"], requestBody: .init(schema: .reference("BulkRecategorize"), "The ids and the category"),
                responses: [.init(200, "Changed", schema: .reference("BulkRecategorized")), AnalyticsParts.problem(404, "An unknown transaction"), AnalyticsParts.problem(422, "Bad input")],
                requiresAuth: true
            )
        ) { request, context in
            let body = try await context.requestDecoder.decode(AnalyticsBodies.BulkRecategorize.self, from: request, context: context)
            let (_, tenant) = try await AnalyticsParts.tenant(request, context, scope: Scope.writeTransactions)
            guard !body.ids.isEmpty else { throw AnalyticsProblem.invalid("/ids", "name at least one transaction") }
            guard body.ids.count <= bulkLimit else { throw AnalyticsProblem.tooMany("transactions", body.ids.count, limit: bulkLimit) }
            let ids = Array(Set(body.ids))
            let records = try await parts.store.read(tenant) { db in try await LedgerStore.find(tenant: tenant.rawValue, ids: ids, on: db) }
            if records.count != ids.count {
                let found = Set(records.map(\.id))
                throw AnalyticsProblem.notFound("transaction", ids.first { !found.contains($0) } ?? "")
            }
            try await recategorize(records, category: body.category, tenant: tenant, request: request, parts: parts)
            return try Response.json(BulkAnswer(changed: records.count, category: body.category))
        }
    }

    /// The categorizer learns the correction first (it also refuses unknown categories), then the ledger and its
    /// totals change in one transaction.
    static func recategorize(_ records: [TransactionRecord], category: String, tenant: TenantID, request: Request, parts: AnalyticsParts) async throws {
        try await parts.upstreams.correct(records, category: category, authorization: AnalyticsParts.authorization(request))
        let now = parts.time.milliseconds
        let ids = records.map(\.id)
        let days = Set(records.map(\.local_day))
        try await parts.store.write(tenant) { db in
            try await LedgerStore.setCategory(tenant: tenant.rawValue, ids: ids, category: category, now: now, on: db)
            try await Rollups.refresh(tenant: tenant.rawValue, days: days, on: db)
        }
    }

    struct BulkAnswer: Encodable {
        var changed: Int
        var category: String
    }
}
