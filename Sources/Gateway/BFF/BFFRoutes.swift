import Foundation
import Hummingbird
import Platform

/// The dashboard's backend-for-frontend: one call per screen, fanned out to the services behind it.
///
/// Every route first requires a verified caller bound to an organisation (401/403 before any upstream is called),
/// then answers 200 with one section per upstream call even when services are down, so the page can render
/// what it has; only auth refusing the token (`/v1/me` → 401) turns the whole answer into a 401.
enum BFFRoutes {
    static func register(on router: ServiceRouter, fanOut: BFFFanOut, time: TimeSource) {
        router.get("/bff/v1/overview", overviewDoc) { request, context in
            var context = context
            let tenant = try await context.requireCaller(request).requireTenant()
            let query = request.uri.queryParameters
            let range = try BFFDateRange.parse(from: query.get("from"), to: query.get("to"), now: time.now)
            let results = await fanOut.run(
                BFFScreens.overview(organisation: tenant.rawValue, from: range.from.date, to: range.to.date), authorization: request.headers[.authorization], logger: context.logger
            )
            return try answer(results, parameters: [("from", .string(range.from.date)), ("to", .string(range.to.date))], time: time)
        }

        router.get("/bff/v1/cashflow", cashflowDoc) { request, context in
            var context = context
            _ = try await context.requireCaller(request).requireTenant()
            let horizon = try BFFHorizon.parse(request.uri.queryParameters.get("horizon_days"))
            let results = await fanOut.run(
                BFFScreens.cashflow(horizonDays: horizon), authorization: request.headers[.authorization], logger: context.logger
            )
            return try answer(results, parameters: [("horizon_days", .int(Int64(horizon)))], time: time)
        }

        router.get("/bff/v1/settings", settingsDoc) { request, context in
            var context = context
            let tenant = try await context.requireCaller(request).requireTenant()
            let results = await fanOut.run(BFFScreens.settings(organisation: tenant.rawValue), authorization: request.headers[.authorization], logger: context.logger)
            return try answer(results, parameters: [], time: time)
        }
    }

    /// The screen's document, or the 401 auth's refusal of the token calls for. Never cached: it is the caller's data.
    static func answer(_ results: [BFFSectionResult], parameters: [(String, JSONValue)], time: TimeSource) throws -> Response {
        if let refusal = BFFDocument.sessionRefusal(in: results) {
            throw refusal
        }
        var response = jsonResponse(BFFDocument.render(generatedAt: time.now, parameters: parameters, results: results))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    // MARK: - Documentation

    static let sectionSchema = JSONSchema.object(
        properties: [
            ("status", .string(description: "ok: the service answered 2xx; error: it refused (4xx); unavailable: 5xx, timeout or unreachable", enumValues: ["ok", "error", "unavailable"])),
            ("data", .any(description: "The service's JSON answer (status ok)")),
            ("http_status", .integer(format: "int32", description: "The service's 4xx status (status error)")),
            ("problem", .reference("Problem")),
            ("reason", .string(description: "Why the section is unavailable, naming the service (status unavailable)")),
            ("duration_ms", .integer(description: "Time the call took")),
        ],
        required: ["status", "duration_ms"],
        description: "One section of a screen"
    )

    static func screenSchema(_ parameters: [(String, JSONSchema)], sections: [String]) -> JSONSchema {
        .object(
            properties: [("generated_at", .string(format: "date-time"))] + parameters + [
                ("sections", .object(properties: sections.map { ($0, sectionSchema) }, required: sections, description: "One member per section")),
            ],
            required: ["generated_at", "sections"] + parameters.map(\.0)
        )
    }

    static let commonResponses: [OperationDoc.Response] = [
        .init(401, "No valid access token, or auth refused it (the session is gone)", contentType: "application/problem+json", schema: .reference("Problem")),
        .init(403, "The token is bound to no organisation: switch to one first", contentType: "application/problem+json", schema: .reference("Problem")),
    ]

    static let overviewDoc = OperationDoc(
        summary: "The overview screen: account, organisation, usage and the period's analytics in one call",
        description: "Calls auth, tenant and analytics concurrently (each within 2 s). Sections of services that fail are marked `unavailable` or `error`; the answer is still 200.",
        tags: ["bff"],
        parameters: [
            .init("from", in: .query, schema: .string(format: "date", example: "2026-10-30"), "First day, Nairobi calendar (default: 29 days before `to`)"),
            .init("to", in: .query, schema: .string(format: "date", example: "2026-11-28"), "Last day, inclusive (default: today in Nairobi); at most 5 years after `from`"),
        ],
        responses: [
            .init(200, "One section per call", schema: screenSchema(
                [("from", .string(format: "date")), ("to", .string(format: "date"))],
                sections: BFFScreens.overview(organisation: "{id}", from: "", to: "").map(\.section)
            )),
            .init(400, "`from` or `to` is not a date written YYYY-MM-DD", contentType: "application/problem+json", schema: .reference("Problem")),
            .init(422, "`from` is after `to`, or the range is longer than 5 years", contentType: "application/problem+json", schema: .reference("Problem")),
        ] + commonResponses,
        requiresAuth: true
    )

    static let cashflowDoc = OperationDoc(
        summary: "The cash-flow screen: summary, daily series, forecast and recurring payments in one call",
        description: "Calls analytics concurrently (each within 2 s); failing sections are marked, the answer is still 200.",
        tags: ["bff"],
        parameters: [
            .init("horizon_days", in: .query, schema: .integer(format: "int32", minimum: 7, maximum: 180), "Days to forecast (default 30)"),
        ],
        responses: [
            .init(200, "One section per call", schema: screenSchema(
                [("horizon_days", .integer(format: "int32"))], sections: BFFScreens.cashflow(horizonDays: BFFHorizon.defaultDays).map(\.section)
            )),
            .init(400, "`horizon_days` is not a whole number", contentType: "application/problem+json", schema: .reference("Problem")),
            .init(422, "`horizon_days` is outside 7…180", contentType: "application/problem+json", schema: .reference("Problem")),
        ] + commonResponses,
        requiresAuth: true
    )

    static let settingsDoc = OperationDoc(
        summary: "The settings screen: account, sessions, API keys, organisation, members and usage in one call",
        description: "Calls auth and tenant concurrently (each within 2 s); failing sections are marked, the answer is still 200.",
        tags: ["bff"],
        responses: [
            .init(200, "One section per call", schema: screenSchema([], sections: BFFScreens.settings(organisation: "{id}").map(\.section))),
        ] + commonResponses,
        requiresAuth: true
    )
}
