/// How long a balance lasts at the recent burn rate: the average daily net outflow over a trailing window.
/// When the business is not burning cash (average net flow ≥ 0) there is no runway to speak of.
public struct RunwayEstimate: Sendable, Codable, Hashable {
    public let balance: Int64
    public let trailingDays: Int
    /// Average daily net flow over the window, KES cents/day (negative when burning).
    public let averageDailyNetFlow: Int64
    /// Average daily net outflow, KES cents/day; nil when not burning.
    public let burnRate: Int64?
    /// Whole days until the balance reaches zero at `burnRate`; nil when not burning.
    public let runwayDays: Int?
    /// The day the balance is expected to run out; nil when not burning.
    public let runOutDay: CalendarDay?

    public var isBurning: Bool { burnRate != nil }

    public init(balance: Int64, history: DailySeries, trailingDays: Int = 90) {
        let window = Array(history.values.suffix(max(1, trailingDays)))
        let average = window.isEmpty ? 0 : window.reduce(0, +) / Double(window.count)
        self.balance = balance
        self.trailingDays = window.count
        averageDailyNetFlow = RobustStatistics.cents(average)
        let burn = RobustStatistics.cents(-average)
        if burn > 0 {
            burnRate = burn
            let days = balance <= 0 ? 0 : Int(balance / burn)
            runwayDays = days
            runOutDay = history.end.advanced(by: days)
        } else {
            burnRate = nil
            runwayDays = nil
            runOutDay = nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case balance, trailingDays = "trailing_days", averageDailyNetFlow = "average_daily_net_flow"
        case burnRate = "burn_rate", runwayDays = "runway_days", runOutDay = "run_out_day"
    }
}
