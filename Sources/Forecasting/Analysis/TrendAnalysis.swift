/// Which way a business's net flow is heading, how clearly, and where its level shifted.
public struct TrendAnalysis: Sendable, Codable, Hashable {
    public enum Direction: String, Sendable, Codable { case rising, falling, flat }

    public let direction: Direction
    /// FPP3 trend strength: max(0, 1 − Var(remainder) / Var(trend + remainder)), in [0, 1].
    public let strength: Double
    /// Least-squares slope of the weekday-adjusted series, KES cents per day.
    public let slopePerDay: Int64
    /// Slope over 30 days as a percentage of the mean level; nil when the mean is zero.
    public let slopePercentPer30Days: Double?
    public let changePoints: [ChangePoint]

    enum CodingKeys: String, CodingKey {
        case direction, strength, changePoints = "change_points"
        case slopePerDay = "slope_per_day", slopePercentPer30Days = "slope_percent_per_30_days"
    }
}
