import Forecasting
import Foundation
import Hummingbird
import MPesaCore
import Platform

/// `GET /v1/forecast`: the cashflow service's forecast over the organisation's own ledger, with its recurring
/// payments as known flows, the balance projected from the last printed balance, and `balance.low` raised (once per
/// projected day) when the balance is projected below the threshold within the horizon.
enum ForecastRoutes {
    static func register(on router: ServiceRouter, parts: AnalyticsParts) {
        router.get(
            "/v1/forecast",
            OperationDoc(
                summary: "Forecast the organisation's daily net flow and balance (7–180 days) from its ledger",
                description: """
                    `horizon_days` (7–180, default 30), `history_days` (28–730, default 365), `threshold_cents` (default 0): the \
                    balance level to warn about. Recurring payments found in the ledger are added as known flows. When the balance \
                    is projected below the threshold within the horizon, a `balance.low` event is emitted (once per projected day); \
                    `alert=false` asks "what if" without raising it (the dashboard's threshold slider), and leaves that day's alert \
                    for the real one.
                    """,
                tags: ["analysis"], responses: [.init(200, "The forecast", schema: .any()), AnalyticsParts.problem(422, "Bad parameters or no ledger yet")],
                requiresAuth: true
            )
        ) { request, context in
            let (_, tenant) = try await AnalyticsParts.tenant(request, context, scope: Scope.read)
            let query = request.uri.queryParameters
            func integer(_ name: String, _ fallback: Int, _ range: ClosedRange<Int>) throws -> Int {
                guard let raw = query.get(name) else { return fallback }
                guard let value = Int(raw), range.contains(value) else { throw AnalyticsProblem.invalid(name, "\(name) is a whole number from \(range.lowerBound) to \(range.upperBound)") }
                return value
            }
            let horizon = try integer("horizon_days", 30, 7...180)
            let historyDays = try integer("history_days", 365, 28...730)
            let threshold = try Int64(integer("threshold_cents", 0, -1_000_000_000...1_000_000_000_000))
            let raisesAlert: Bool
            switch query.get("alert") {
            case nil, "true": raisesAlert = true
            case "false": raisesAlert = false
            default: throw AnalyticsProblem.invalid("alert", "alert is true (the default) or false")
            }
            let id = tenant.rawValue
            let rows = try await parts.store.read(tenant) { db -> [LedgerRow] in
                guard let span = try await LedgerStore.span(tenant: id, on: db), let last = LocalDateTime(parsing: span.last) else { return [] }
                return try await LedgerStore.rows(tenant: id, first: LocalDateTime(dayNumber: last.dayNumber - historyDays + 1).date, last: last.date, on: db)
            }
            guard let firstRow = rows.first, let lastRow = rows.last else {
                throw Problem(type: "no-ledger", title: "There is nothing to forecast yet", status: .unprocessableContent, detail: "Upload a statement first; the forecast reads your ledger.")
            }
            let firstDay = firstRow.localTime.dayNumber
            let lastDay = lastRow.localTime.dayNumber
            var values = [Int64](repeating: 0, count: lastDay - firstDay + 1)
            for row in rows { values[row.localTime.dayNumber - firstDay] += row.netCents }
            let opening = rows.last(where: { $0.balanceCents != nil })?.balanceCents
            let recurring = RecurringDetection.detect(rows)
            let end = CalendarDay(daysSinceEpoch: lastDay + horizon)
            var flows: [JSONValue] = []
            for found in recurring {
                let sign: Int64 = found.payment.direction == .in ? 1 : -1
                let future = found.flow.projectedFlows(through: end, label: found.history.first?.label ?? "recurring").filter { $0.day.daysSinceEpoch > lastDay }
                for flow in found.history + future.map({ KnownFlow(day: $0.day, amount: sign * $0.amount, label: $0.label) }) {
                    flows.append(["day": .string(RecurringDetection.iso(flow.day)), "amount_cents": .int(flow.amount), "label": .string(flow.label)])
                }
            }
            var body: JSONValue = [
                "series": ["start": .string(LocalDateTime(dayNumber: firstDay).date), "values_cents": .array(values.map(JSONValue.int))],
                "horizon_days": .int(Int64(horizon)), "known_flows": .array(flows),
            ]
            if let opening {
                body.set("opening_balance_cents", .int(opening))
                body.set("threshold_cents", .int(threshold))
            }
            let answer = try await parts.upstreams.forecast(body, authorization: AnalyticsParts.authorization(request))
            var alerted = false
            if raisesAlert, let day = answer["first_day_below"]?["day"]?.stringValue {
                let now = parts.time.milliseconds
                let data: JSONValue = [
                    "projected_day": .string(day), "threshold_cents": .int(threshold), "balance_cents": opening.map(JSONValue.int) ?? .null,
                    "probability": answer["first_day_below"]?["probability"] ?? .null,
                ]
                alerted = try await parts.store.write(tenant) { db -> Bool in
                    guard try await AnalyticsEvents.claimAlert(kind: AnalyticsEvents.balanceLow, subject: day, tenant: id, now: now, on: db) else { return false }
                    try await AnalyticsEvents.enqueue(AnalyticsEvents.balanceLow, tenant: id, data: data, on: db)
                    return true
                }
                if alerted { parts.outboxSignal.notify() }
            }
            let result: JSONValue = [
                "history_from": .string(LocalDateTime(dayNumber: firstDay).date), "history_to": .string(LocalDateTime(dayNumber: lastDay).date),
                "opening_balance_cents": opening.map(JSONValue.int) ?? .null, "threshold_cents": .int(threshold),
                "recurring": .array(try recurring.map { try ServiceJSONCoding.makeDecoder().decode(JSONValue.self, from: ServiceJSONCoding.makeEncoder().encode($0.payment)) }), "balance_low_event": .bool(alerted),
                "forecast": answer["forecast"] ?? .null, "balance": answer["balance"] ?? .null, "first_day_below": answer["first_day_below"] ?? .null,
            ]
            return try Response.json(result)
        }
    }
}
