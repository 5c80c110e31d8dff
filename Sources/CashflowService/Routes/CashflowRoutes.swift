import Forecasting
import Hummingbird
import Platform

/// `POST /v1/forecast`, `/v1/trend`, `/v1/anomalies`, `/v1/runway`: stateless compute over a daily series.
enum CashflowRoutes {
    static func problem(_ status: Int, _ description: String) -> OperationDoc.Response {
        .init(status, description, contentType: "application/problem+json", schema: .reference("Problem"))
    }

    static func register(on router: ServiceRouter) {
        router.post(
            "/v1/forecast",
            OperationDoc(
                summary: "Forecast daily net flow and the balance for 7–180 days, with 80% and 95% intervals",
                description: """
                    Send `series` ({start, values_cents}: daily net flow), `horizon_days` (7–180, default 30), optional `known_flows` \
                    ({day, amount_cents, label}: rent, salaries… that will happen), `opening_balance_cents` for a balance projection and \
                    `threshold_cents` for the first day the balance is projected below it. The model is chosen by rolling-origin \
                    backtest from an ensemble of exponential smoothing (SES, Holt, damped, Holt-Winters weekly), Theta and Comb, with \
                    a day-of-month effect; the answer names it and its backtest error. Short series get a plain answer and a note. \
                    docs/forecasting.md explains the method.
                    """,
                tags: ["forecast"], requestBody: .init(schema: .reference("ForecastRequest"), "The series"),
                responses: [.init(200, "The forecast", schema: .reference("ForecastAnswer")), problem(422, "Bad series, horizon or level")], requiresAuth: true
            )
        ) { request, context in
            _ = try await caller(request, context)
            let body = try await context.requestDecoder.decode(CashflowBodies.Forecast.self, from: request, context: context)
            let series = try body.series.daily(pointer: "/series")
            let horizon = body.horizonDays ?? 30
            guard (7...180).contains(horizon) else { throw Problem.validation("The horizon is not valid", errors: [.init(pointer: "/horizon_days", detail: "7 to 180 days")]) }
            var flows: [KnownFlow] = []
            for (index, flow) in (body.knownFlows ?? []).enumerated() {
                guard let day = CalendarDay(iso: flow.day) else { throw Problem.validation("A known flow is not valid", errors: [.init(pointer: "/known_flows/\(index)/day", detail: "YYYY-MM-DD")]) }
                flows.append(KnownFlow(day: day, amount: flow.amountCents, label: flow.label ?? "known flow"))
            }
            if flows.count > 2_000 { throw Problem.validation("Too many known flows", errors: [.init(pointer: "/known_flows", detail: "at most 2,000")]) }
            let options = ForecastOptions(horizon: horizon, levels: body.levels ?? [80, 95], knownFlows: flows)
            let forecast: Forecast
            do throws(ForecastError) {
                forecast = try Forecaster().forecast(series, options: options)
            } catch {
                throw Problem.validation("The series cannot be forecast", errors: [.init(pointer: "/series", detail: error.message)])
            }
            var projection: BalanceProjection?
            var below: Below?
            if let opening = body.openingBalanceCents {
                let projected = BalanceProjection(openingBalance: opening, forecast: forecast)
                projection = projected
                if let threshold = body.thresholdCents, let crossing = projected.firstDayBelow(threshold: threshold) {
                    below = Below(day: crossing.day, probability: crossing.probability, thresholdCents: threshold)
                }
            }
            return try Response.json(ForecastAnswer(forecast: forecast, balance: projection, firstDayBelow: below))
        }

        router.post(
            "/v1/trend",
            OperationDoc(
                summary: "Trend direction and strength, slope and change points (level shifts) of a daily series",
                tags: ["forecast"], requestBody: .init(schema: .reference("SeriesRequest"), "The series"),
                responses: [.init(200, "The trend", schema: .any(description: "direction, strength, slope_per_day, slope_percent_per_30_days, change_points")), problem(422, "Bad series")],
                requiresAuth: true
            )
        ) { request, context in
            _ = try await caller(request, context)
            let body = try await context.requestDecoder.decode(CashflowBodies.Trend.self, from: request, context: context)
            return try Response.json(TrendAnalyzer.analyze(try body.series.daily(pointer: "/series")))
        }

        router.post(
            "/v1/anomalies",
            OperationDoc(
                summary: "Days far from what the weekly pattern expects (robust z-score of the de-seasonalised series)",
                tags: ["forecast"], requestBody: .init(schema: .reference("SeriesRequest"), "The series, and `threshold` (default 3.5)"),
                responses: [.init(200, "The anomalies", schema: .any(description: "anomalies: day, value_cents, expected_cents, score, direction")), problem(422, "Bad series")],
                requiresAuth: true
            )
        ) { request, context in
            _ = try await caller(request, context)
            let body = try await context.requestDecoder.decode(CashflowBodies.Anomalies.self, from: request, context: context)
            let threshold = body.threshold ?? 3.5
            guard threshold.isFinite, (1...20).contains(threshold) else { throw Problem.validation("The threshold is not valid", errors: [.init(pointer: "/threshold", detail: "1 to 20")]) }
            return try Response.json(AnomalyList(anomalies: AnomalyDetector().detect(try body.series.daily(pointer: "/series"), threshold: threshold)))
        }

        router.post(
            "/v1/runway",
            OperationDoc(
                summary: "Burn rate and runway: how many days the balance lasts at the recent net outflow",
                tags: ["forecast"], requestBody: .init(schema: .reference("RunwayRequest"), "The series and the balance"),
                responses: [.init(200, "The runway", schema: .any(description: "balance_cents, burn_rate, runway_days, run_out_day, is_burning")), problem(422, "Bad series")],
                requiresAuth: true
            )
        ) { request, context in
            _ = try await caller(request, context)
            let body = try await context.requestDecoder.decode(CashflowBodies.Runway.self, from: request, context: context)
            let trailing = body.trailingDays ?? 90
            guard (7...365).contains(trailing) else { throw Problem.validation("The window is not valid", errors: [.init(pointer: "/trailing_days", detail: "7 to 365")]) }
            return try Response.json(RunwayEstimate(balance: body.balanceCents, history: try body.series.daily(pointer: "/series"), trailingDays: trailing))
        }
    }

    /// Any authenticated caller may compute (nothing is stored, nothing of another tenant is read).
    static func caller(_ request: Request, _ context: ServiceRequestContext) async throws -> Caller {
        var context = context
        return try await context.requireCaller(request)
    }

    struct Below: Encodable {
        var day: CalendarDay
        var probability: Double
        var thresholdCents: Int64
    }

    struct ForecastAnswer: Encodable {
        var forecast: Forecast
        var balance: BalanceProjection?
        var firstDayBelow: Below?
    }

    struct AnomalyList: Encodable {
        var anomalies: [Anomaly]
    }
}
