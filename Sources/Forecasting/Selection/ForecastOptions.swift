/// What to forecast: how many days ahead, which interval levels, how hard to backtest, and which future
/// flows are already known.
public struct ForecastOptions: Sendable {
    /// Days ahead, 1...366.
    public var horizon: Int
    /// Central prediction-interval levels in percent; 80 and 95 are always computed for `ForecastPoint`.
    public var levels: [Int]
    /// Rolling origins used to choose the model (1...52), spaced a week apart.
    public var backtestOrigins: Int
    /// Known flows, past and future. Past ones are subtracted from the history (so the statistical model
    /// sees only the irregular remainder) and future ones are added to the forecast.
    public var knownFlows: [KnownFlow]

    public init(horizon: Int, levels: [Int] = [80, 95], backtestOrigins: Int = 8, knownFlows: [KnownFlow] = []) {
        self.horizon = horizon
        self.levels = levels
        self.backtestOrigins = backtestOrigins
        self.knownFlows = knownFlows
    }

    func validate() throws(ForecastError) {
        guard (1...366).contains(horizon) else { throw .horizonOutOfRange(horizon) }
        if let bad = levels.first(where: { !(1...99).contains($0) }) { throw .invalidLevel(bad) }
        guard (1...52).contains(backtestOrigins) else { throw .backtestOriginsOutOfRange(backtestOrigins) }
    }
}
