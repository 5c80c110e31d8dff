import Foundation
import Hummingbird
import MPesaCore
import Platform
import SQLKit

/// Aggregations and KPIs over any window: summary, time series, categories, counterparties, heatmap.
enum AnalysisRoutes {
    static let windowDescription = """
        Query: `from`, `to` (local days, inclusive; default the ledger's first and last day), `granularity` (day, week, month). \
        Amounts are cents; ratios are basis points (1% = 100).
        """

    static func register(on router: ServiceRouter, parts: AnalyticsParts) {
        router.get(
            "/v1/summary",
            OperationDoc(
                summary: "Totals and KPIs of a period: inflow, outflow, net, fees, Fuliza, growth, repeat customers",
                description: windowDescription, tags: ["analysis"],
                responses: [.init(200, "The summary", schema: .reference("Summary")), AnalyticsParts.problem(422, "Bad period or granularity")], requiresAuth: true
            )
        ) { request, context in
            let (_, tenant) = try await AnalyticsParts.tenant(request, context, scope: Scope.read)
            let id = tenant.rawValue
            let summary = try await parts.store.read(tenant) { db in
                let span = try await LedgerStore.span(tenant: id, on: db)
                let window = try AnalysisWindow.read(request.uri.queryParameters, span: span, today: parts.today)
                let totals = try await TotalsStore.totals(
                    tenant: id, first: window.firstDay, last: window.lastDay, grouping: .init(byMonth: true, category: false, kind: true), on: db
                )
                let active = try await TotalsStore.activeDays(tenant: id, first: window.firstDay, last: window.lastDay, on: db)
                let customers = window.covers(span)
                    ? try await TotalsStore.customersOfLedger(tenant: id, window: window, on: db)
                    : try await TotalsStore.customers(tenant: id, window: window, on: db)
                let fuliza = try await TotalsStore.fuliza(tenant: id, first: LocalDateTime(dayNumber: window.first.dayNumber - 90).date, last: window.lastDay, on: db)
                return LedgerFigures.summary(window: window, totals: totals, activeDays: active, customers: customers, fulizaRows: fuliza)
            }
            return try Response.json(summary)
        }

        router.get(
            "/v1/timeseries",
            OperationDoc(
                summary: "Inflow, outflow, fees, net and count per day, week (ISO, from Monday) or month",
                description: windowDescription, tags: ["analysis"],
                responses: [.init(200, "The series", schema: .reference("Timeseries")), AnalyticsParts.problem(422, "Bad period or granularity")], requiresAuth: true
            )
        ) { request, context in
            let (_, tenant) = try await AnalyticsParts.tenant(request, context, scope: Scope.read)
            let answer = try await parts.store.read(tenant) { db in
                let window = try await window(request, tenant: tenant, parts: parts, on: db)
                let totals = try await TotalsStore.totals(
                    tenant: tenant.rawValue, first: window.firstDay, last: window.lastDay,
                    grouping: .init(byMonth: window.granularity == .month, category: false, kind: false), on: db
                )
                return Series(from: window.firstDay, to: window.lastDay, granularity: window.granularity.rawValue, points: LedgerFigures.timeseries(window: window, totals: totals))
            }
            return try Response.json(answer)
        }

        router.get(
            "/v1/categories",
            OperationDoc(
                summary: "Money in and out by category, with each category's share and its amount per bucket",
                description: windowDescription, tags: ["analysis"],
                responses: [.init(200, "By category", schema: .reference("CategoryBreakdown")), AnalyticsParts.problem(422, "Bad period or granularity")], requiresAuth: true
            )
        ) { request, context in
            let (_, tenant) = try await AnalyticsParts.tenant(request, context, scope: Scope.read)
            let answer = try await parts.store.read(tenant) { db in
                let window = try await window(request, tenant: tenant, parts: parts, on: db)
                let totals = try await TotalsStore.totals(
                    tenant: tenant.rawValue, first: window.firstDay, last: window.lastDay,
                    grouping: .init(byMonth: window.granularity == .month, category: true, kind: false), on: db
                )
                let lines = LedgerFigures.categories(window: window, totals: totals)
                return CategoryBreakdown(
                    from: window.firstDay, to: window.lastDay, granularity: window.granularity.rawValue, categories: lines,
                    inflowCents: lines.filter { $0.direction == "in" }.reduce(0) { $0 + $1.amountCents },
                    outflowCents: lines.filter { $0.direction == "out" }.reduce(0) { $0 + $1.amountCents }
                )
            }
            return try Response.json(answer)
        }

        router.get(
            "/v1/counterparties",
            OperationDoc(
                summary: "Top customers and suppliers with their share and trend against the previous period",
                description: windowDescription + " `limit` (default 10, at most 100) per side.", tags: ["analysis"],
                responses: [.init(200, "Top counterparties", schema: .reference("Counterparties")), AnalyticsParts.problem(422, "Bad period")], requiresAuth: true
            )
        ) { request, context in
            let (_, tenant) = try await AnalyticsParts.tenant(request, context, scope: Scope.read)
            let limit = try AnalyticsParts.limit(request.uri.queryParameters, default: 10, maximum: 100)
            let answer = try await parts.store.read(tenant) { db in
                let span = try await LedgerStore.span(tenant: tenant.rawValue, on: db)
                let window = try AnalysisWindow.read(request.uri.queryParameters, span: span, today: parts.today)
                var sides: [(lines: [LedgerFigures.CounterpartyLine], total: Int64, count: Int)] = []
                for direction in [Direction.in, .out] {
                    let top = window.covers(span)
                        ? try await TotalsStore.topCounterpartiesOfLedger(tenant: tenant.rawValue, direction: direction, limit: limit, on: db)
                        : try await TotalsStore.topCounterparties(tenant: tenant.rawValue, window: window, direction: direction, limit: limit, on: db)
                    let before = try await TotalsStore.amounts(tenant: tenant.rawValue, window: window.previous, direction: direction, keys: top.top.map(\.key), on: db)
                    sides.append((LedgerFigures.top(top.top, previous: before, totalCents: top.totalCents), top.totalCents, top.counterparties))
                }
                return Counterparties(
                    from: window.firstDay, to: window.lastDay, previousFrom: window.previous.firstDay, previousTo: window.previous.lastDay,
                    customers: sides[0].lines, suppliers: sides[1].lines, customerCount: sides[0].count, supplierCount: sides[1].count,
                    inflowCents: sides[0].total, outflowCents: sides[1].total
                )
            }
            return try Response.json(answer)
        }

        router.get(
            "/v1/heatmap",
            OperationDoc(
                summary: "Transactions by hour of the week (Nairobi time): when customers pay and money leaves",
                description: windowDescription, tags: ["analysis"],
                responses: [.init(200, "168 cells", schema: .reference("Heatmap")), AnalyticsParts.problem(422, "Bad period")], requiresAuth: true
            )
        ) { request, context in
            let (_, tenant) = try await AnalyticsParts.tenant(request, context, scope: Scope.read)
            let answer = try await parts.store.read(tenant) { db in
                let window = try await window(request, tenant: tenant, parts: parts, on: db)
                let hourly = try await TotalsStore.hourly(tenant: tenant.rawValue, first: window.firstDay, last: window.lastDay, on: db)
                return Heatmap(from: window.firstDay, to: window.lastDay, cells: LedgerFigures.heatmap(hourly))
            }
            return try Response.json(answer)
        }
    }

    /// The window a request asks for, its open ends taken from the organisation's ledger.
    static func window(_ request: Request, tenant: TenantID, parts: AnalyticsParts, on db: any SQLDatabase) async throws -> AnalysisWindow {
        try AnalysisWindow.read(request.uri.queryParameters, span: try await LedgerStore.span(tenant: tenant.rawValue, on: db), today: parts.today)
    }

    struct Series: Encodable {
        var from: String
        var to: String
        var granularity: String
        var points: [LedgerFigures.Point]
    }

    struct CategoryBreakdown: Encodable {
        var from: String
        var to: String
        var granularity: String
        var categories: [LedgerFigures.CategoryLine]
        var inflowCents: Int64
        var outflowCents: Int64
    }

    struct Counterparties: Encodable {
        var from: String
        var to: String
        var previousFrom: String
        var previousTo: String
        var customers: [LedgerFigures.CounterpartyLine]
        var suppliers: [LedgerFigures.CounterpartyLine]
        var customerCount: Int
        var supplierCount: Int
        var inflowCents: Int64
        var outflowCents: Int64
    }

    struct Heatmap: Encodable {
        var from: String
        var to: String
        var cells: [LedgerFigures.HeatCell]
    }
}
