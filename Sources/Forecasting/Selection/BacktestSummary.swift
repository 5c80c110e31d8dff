/// Rolling-origin accuracy of the chosen method: MASE scaled by the in-sample weekly seasonal-naive MAE
/// (Hyndman & Koehler 2006), sMAPE and WAPE (nil when undefined because actuals are all zero), and how often
/// the intervals covered the actual day.
public struct BacktestSummary: Sendable, Codable, Hashable {
    public let origins: Int
    public let horizon: Int
    public let mase: Double
    /// Symmetric MAPE in percent (0–200), over days where actual and forecast are not both zero.
    public let smape: Double?
    /// Σ|error| / Σ|actual|.
    public let wape: Double?
    public let coverage80: Double
    public let coverage95: Double
    /// Mean absolute error of weekly seasonal naive on the same origins, in cents.
    public let seasonalNaiveMAE: Double

    public init(origins: Int, horizon: Int, mase: Double, smape: Double?, wape: Double?, coverage80: Double,
                coverage95: Double, seasonalNaiveMAE: Double) {
        self.origins = origins
        self.horizon = horizon
        self.mase = mase
        self.smape = smape
        self.wape = wape
        self.coverage80 = coverage80
        self.coverage95 = coverage95
        self.seasonalNaiveMAE = seasonalNaiveMAE
    }

    enum CodingKeys: String, CodingKey {
        case origins, horizon, mase, smape, wape
        case coverage80 = "coverage_80", coverage95 = "coverage_95", seasonalNaiveMAE = "seasonal_naive_mae"
    }
}
