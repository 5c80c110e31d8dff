import Platform

/// How many days ahead the cash-flow screen forecasts (`horizon_days`, 7 to 180, 30 when absent).
enum BFFHorizon {
    static let defaultDays = 30
    static let allowedDays = 7...180

    /// The horizon a request asks for: 400 for text that is not a whole number, 422 outside 7...180.
    static func parse(_ text: String?) throws(Problem) -> Int {
        guard let text else { return defaultDays }
        guard let days = Int(text) else {
            throw Problem.badRequest(
                "horizon_days must be a whole number of days", errors: [.init(pointer: "/horizon_days", detail: "'\(text.prefix(40))' is not a whole number")]
            )
        }
        guard allowedDays.contains(days) else {
            throw Problem.validation(
                "The forecast horizon is out of range",
                errors: [.init(pointer: "/horizon_days", detail: "choose from \(allowedDays.lowerBound) to \(allowedDays.upperBound) days; got \(days)")]
            )
        }
        return days
    }
}
