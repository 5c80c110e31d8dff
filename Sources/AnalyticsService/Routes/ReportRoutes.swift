import Forecasting
import Foundation
import Hummingbird
import MPesaCore
import NIOCore
import Platform

/// Insights with their evidence, the monthly cash-flow report and the lender summary (JSON, CSV or PDF).
enum ReportRoutes {
    static let insightDays = 366
    static let lenderDays = 731

    static func register(on router: ServiceRouter, parts: AnalyticsParts) {
        router.get(
            "/v1/insights",
            OperationDoc(
                summary: "What stands out, each insight with the transactions that show it",
                description: """
                    Revenue concentration, unusual transactions (robust z-score per category), weekly spikes and drops, fee leakage, \
                    rising Fuliza dependence, betting spend, recurring payments. `from`/`to` default to the last 90 days of the ledger; \
                    at most 366 days.
                    """,
                tags: ["analysis"], responses: [.init(200, "Insights, most severe first", schema: .reference("Insights")), AnalyticsParts.problem(422, "Bad period")],
                requiresAuth: true
            )
        ) { request, context in
            let (_, tenant) = try await AnalyticsParts.tenant(request, context, scope: Scope.read)
            let kinds = try insightKinds(request.uri.queryParameters)
            let answer = try await parts.store.read(tenant) { db in
                let span = try await LedgerStore.span(tenant: tenant.rawValue, on: db)
                let window = try boundedWindow(request.uri.queryParameters, span: span, today: parts.today, defaultDays: 90, maximumDays: insightDays)
                let rows = try await LedgerStore.rows(tenant: tenant.rawValue, first: window.firstDay, last: window.lastDay, on: db)
                guard let range = DayRange(first: window.firstDay, last: window.lastDay) else { throw AnalyticsProblem.invalid("from", "not a valid period") }
                var insights = InsightEngine.insights(rows: rows, in: range, recurring: RecurringDetection.detect(rows).map(\.payment))
                if !kinds.isEmpty { insights.removeAll { !kinds.contains($0.kind.rawValue) } }
                return InsightList(from: window.firstDay, to: window.lastDay, insights: insights)
            }
            return try Response.json(answer)
        }

        router.get(
            "/v1/reports/monthly",
            OperationDoc(
                summary: "A month's statement of cash flows by category, with opening and closing balance",
                description: "`month=YYYY-MM` (default: the ledger's last month); `format=json|csv|pdf` or the Accept header.",
                tags: ["reports"],
                responses: [.init(200, "The report (JSON, CSV or PDF)", schema: .reference("MonthlyReport")), AnalyticsParts.problem(422, "Bad month or format")],
                requiresAuth: true
            )
        ) { request, context in
            let (_, tenant) = try await AnalyticsParts.tenant(request, context, scope: Scope.read)
            let format = try ReportFormat(request)
            let name = await parts.organizationName(tenant)
            let report = try await parts.store.read(tenant) { db -> MonthlyCashflowReport in
                let month = try monthParameter(request.uri.queryParameters, span: try await LedgerStore.span(tenant: tenant.rawValue, on: db), today: parts.today)
                let first = LocalDateTime(year: month.year, month: month.month, day: 1)!
                let last = LocalDateTime(year: month.year, month: month.month, day: LocalDateTime.daysIn(month: month.month, year: month.year))!
                let rows = try await LedgerStore.rows(tenant: tenant.rawValue, first: first.date, last: last.date, on: db)
                return MonthlyCashflowReport.build(rows: rows, year: month.year, month: month.month, openingBalanceCents: nil)
            }
            switch format {
            case .json: return try Response.json(report)
            case .csv: return document(Data(ReportCSV.csv(report, tenantName: name).utf8), type: "text/csv; charset=utf-8", filename: "cashflow-\(report.year)-\(report.month < 10 ? "0" : "")\(report.month).csv")
            case .pdf: return document(ReportPDF.pdf(report, tenantName: name, generatedAt: parts.today), type: "application/pdf", filename: "cashflow-\(report.year)-\(report.month < 10 ? "0" : "")\(report.month).pdf")
            }
        }

        router.get(
            "/v1/reports/lender",
            OperationDoc(
                summary: "A lender summary: average monthly inflow, income stability, loan exposure, betting share, reconciliation verdict",
                description: "`from`/`to` default to the last 6 months of the ledger (at most 731 days); `format=json|csv|pdf` or the Accept header.",
                tags: ["reports"],
                responses: [.init(200, "The summary (JSON, CSV or PDF)", schema: .reference("LenderSummary")), AnalyticsParts.problem(422, "Bad period or format")],
                requiresAuth: true
            )
        ) { request, context in
            let (_, tenant) = try await AnalyticsParts.tenant(request, context, scope: Scope.read)
            let format = try ReportFormat(request)
            let name = await parts.organizationName(tenant)
            let today = parts.today
            let summary = try await parts.store.read(tenant) { db -> LenderSummary in
                let span = try await LedgerStore.span(tenant: tenant.rawValue, on: db)
                let window = try boundedWindow(request.uri.queryParameters, span: span, today: today, defaultDays: 183, maximumDays: lenderDays)
                let rows = try await LedgerStore.rows(tenant: tenant.rawValue, first: window.firstDay, last: window.lastDay, on: db)
                let verdicts = try await StatementStore.all(tenant: tenant.rawValue, on: db).map {
                    StatementVerdict(statementId: $0.id, verdict: $0.verdict, periodStart: $0.first_day ?? $0.period_start ?? "", periodEnd: $0.last_day ?? $0.period_end ?? "")
                }
                guard let from = CalendarDay(parsing: window.firstDay), let to = CalendarDay(parsing: window.lastDay) else { throw AnalyticsProblem.invalid("from", "not a valid period") }
                return LenderSummary.build(rows: rows, from: from, to: to, reconciliation: verdicts, generatedAt: today)
            }
            switch format {
            case .json: return try Response.json(summary)
            case .csv: return document(Data(ReportCSV.csv(summary, tenantName: name).utf8), type: "text/csv; charset=utf-8", filename: "lender-summary.csv")
            case .pdf: return document(ReportPDF.pdf(summary, tenantName: name), type: "application/pdf", filename: "lender-summary.pdf")
            }
        }
    }

    /// `kind=a,b`: only insights of these kinds (`recurring` is short for `recurring_payment`).
    static func insightKinds(_ query: Parameters) throws -> Set<String> {
        guard let raw = query.get("kind").map({ String($0) }), !raw.isEmpty else { return [] }
        let known = Set(Insight.Kind.allCases.map(\.rawValue))
        var kinds: Set<String> = []
        for item in raw.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let kind = item == "recurring" ? "recurring_payment" : item
            guard known.contains(kind) else { throw AnalyticsProblem.invalid("kind", "kind is one or more of \(known.sorted().joined(separator: ", "))") }
            kinds.insert(kind)
        }
        return kinds
    }

    /// A window of at most `maximumDays`, defaulting to the last `defaultDays` of the ledger.
    static func boundedWindow(_ query: Parameters, span: (first: String, last: String)?, today: LocalDateTime, defaultDays: Int, maximumDays: Int) throws -> AnalysisWindow {
        var window = try AnalysisWindow.read(query, span: span, today: today)
        if query.get("from") == nil, window.dayCount > defaultDays { window.first = LocalDateTime(dayNumber: window.last.dayNumber - defaultDays + 1) }
        guard window.dayCount <= maximumDays else {
            throw Problem.validation("The period is too long", errors: [.init(pointer: "from", detail: "at most \(maximumDays) days for this report")])
        }
        return window
    }

    static func monthParameter(_ query: Parameters, span: (first: String, last: String)?, today: LocalDateTime) throws -> (year: Int, month: Int) {
        guard let raw = query.get("month").map({ String($0) }) else {
            let last = span.flatMap { LocalDateTime(parsing: $0.last) } ?? today
            return (last.year, last.month)
        }
        guard raw.count == 7, let date = LocalDateTime(parsing: raw + "-01") else {
            throw Problem.validation("The month is not valid", errors: [.init(pointer: "month", detail: "month is YYYY-MM, e.g. 2026-03")])
        }
        return (date.year, date.month)
    }

    static func document(_ data: Data, type: String, filename: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: type, .contentLength: String(data.count), .contentDisposition: "attachment; filename=\"\(filename)\"", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(data: data))
        )
    }

    struct InsightList: Encodable {
        var from: String
        var to: String
        var insights: [Insight]
    }
}

/// The representation a report is asked for in: `format=` wins over `Accept`.
enum ReportFormat: String {
    case json, csv, pdf

    init(_ request: Request) throws {
        if let raw = request.uri.queryParameters.get("format").map({ String($0) }) {
            guard let format = ReportFormat(rawValue: raw) else { throw AnalyticsProblem.invalid("format", "format is json, csv or pdf") }
            self = format
            return
        }
        let accept = request.headers[.accept] ?? ""
        self = accept.contains("application/pdf") ? .pdf : accept.contains("text/csv") ? .csv : .json
    }
}
