/// One forecast day: the mean net flow and its 80% and 95% prediction intervals, in KES cents.
public struct ForecastPoint: Sendable, Codable, Hashable {
    public let day: CalendarDay
    public let mean: Int64
    public let lower80: Int64
    public let upper80: Int64
    public let lower95: Int64
    public let upper95: Int64
    /// Intervals at every level requested in `ForecastOptions.levels`.
    public let intervals: [PredictionInterval]

    public init(day: CalendarDay, mean: Int64, lower80: Int64, upper80: Int64, lower95: Int64, upper95: Int64,
                intervals: [PredictionInterval] = []) {
        self.day = day
        self.mean = mean
        self.lower80 = lower80
        self.upper80 = upper80
        self.lower95 = lower95
        self.upper95 = upper95
        self.intervals = intervals
    }

    enum CodingKeys: String, CodingKey {
        case day, mean, intervals
        case lower80 = "lower_80", upper80 = "upper_80", lower95 = "lower_95", upper95 = "upper_95"
    }
}
