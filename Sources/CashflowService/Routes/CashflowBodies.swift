import Forecasting
import Platform

/// The request shapes of the cashflow service and their validation.
enum CashflowBodies {
    /// A daily series: the first local day and one value per day in cents (missing days are 0: no transactions).
    struct Series: Decodable, Sendable {
        var start: String
        var valuesCents: [Int64]

        static let maximumDays = 3_700

        func daily(pointer: String) throws -> DailySeries {
            var errors: [Problem.FieldError] = []
            let day = CalendarDay(iso: start)
            if day == nil { errors.append(.init(pointer: "\(pointer)/start", detail: "start is a day, YYYY-MM-DD")) }
            if valuesCents.isEmpty { errors.append(.init(pointer: "\(pointer)/values_cents", detail: "send at least one day")) }
            if valuesCents.count > Self.maximumDays { errors.append(.init(pointer: "\(pointer)/values_cents", detail: "at most \(Self.maximumDays) days")) }
            if let index = valuesCents.firstIndex(where: { $0.magnitude > 1_000_000_000_000 }) {
                errors.append(.init(pointer: "\(pointer)/values_cents/\(index)", detail: "a daily amount is at most 10 billion KES"))
            }
            guard errors.isEmpty, let day else { throw Problem.validation("The series is not valid", errors: errors) }
            return DailySeries(start: day, cents: valuesCents)
        }
    }

    struct Forecast: Decodable, Sendable {
        var series: Series
        var horizonDays: Int?
        var levels: [Int]?
        var knownFlows: [Flow]?
        var openingBalanceCents: Int64?
        var thresholdCents: Int64?
    }

    /// A flow the caller knows will happen (a detected rent, salary or loan repayment).
    struct Flow: Decodable, Sendable {
        var day: String
        var amountCents: Int64
        var label: String?
    }

    struct Trend: Decodable, Sendable {
        var series: Series
    }

    struct Anomalies: Decodable, Sendable {
        var series: Series
        var threshold: Double?
    }

    struct Runway: Decodable, Sendable {
        var series: Series
        var balanceCents: Int64
        var trailingDays: Int?
    }
}
