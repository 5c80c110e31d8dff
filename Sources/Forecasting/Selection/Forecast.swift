/// The result of `Forecaster.forecast`: daily points with intervals, cumulative bands for balance
/// projection, how the method was chosen, and plain-English caveats.
public struct Forecast: Sendable, Codable {
    /// The chosen model, or "ensemble(a, b)" for the mean of the best few; "flat_mean" / "zero" for short
    /// or empty histories.
    public let method: String
    public let points: [ForecastPoint]
    /// Cumulative net flow from the first forecast day, with bands derived from whole backtest error
    /// paths (so they carry the day-to-day error correlation), used by `BalanceProjection`.
    public let cumulative: [CumulativeFlowBand]
    /// Rolling-origin accuracy of the chosen method; nil when the history was too short to backtest.
    public let backtest: BacktestSummary?
    /// Every model tried, best first.
    public let candidates: [CandidateScore]
    public let notes: [String]

    public init(method: String, points: [ForecastPoint], cumulative: [CumulativeFlowBand], backtest: BacktestSummary?,
                candidates: [CandidateScore], notes: [String]) {
        self.method = method
        self.points = points
        self.cumulative = cumulative
        self.backtest = backtest
        self.candidates = candidates
        self.notes = notes
    }
}
