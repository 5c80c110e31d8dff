/// Point-forecast accuracy measures. MASE is primary; MAPE is deliberately absent because cash-flow series
/// have zero days where it is undefined.
public enum ForecastAccuracy {
    /// In-sample mean absolute error of the lag-`period` seasonal naive forecast: the MASE denominator.
    public static func seasonalNaiveScale(_ history: [Double], period: Int = 7) -> Double {
        guard history.count > period else { return 0 }
        var s = 0.0
        for t in period..<history.count { s += abs(history[t] - history[t - period]) }
        return s / Double(history.count - period)
    }

    public static func meanAbsoluteError(actual: [Double], forecast: [Double]) -> Double {
        let n = min(actual.count, forecast.count)
        guard n > 0 else { return 0 }
        var s = 0.0
        for i in 0..<n { s += abs(actual[i] - forecast[i]) }
        return s / Double(n)
    }

    /// MAE divided by `scale`; a zero scale (a constant weekly history) falls back to 1 cent so the result
    /// stays finite.
    public static func mase(actual: [Double], forecast: [Double], scale: Double) -> Double {
        meanAbsoluteError(actual: actual, forecast: forecast) / max(scale, 1)
    }

    /// Symmetric MAPE in percent over days where actual and forecast are not both zero; nil if none are.
    public static func smape(actual: [Double], forecast: [Double]) -> Double? {
        var s = 0.0, n = 0
        for i in 0..<min(actual.count, forecast.count) {
            let d = abs(actual[i]) + abs(forecast[i])
            guard d > 0 else { continue }
            s += 2 * abs(actual[i] - forecast[i]) / d
            n += 1
        }
        return n == 0 ? nil : 100 * s / Double(n)
    }

    /// Weighted APE: Σ|error| / Σ|actual|; nil when every actual is zero.
    public static func wape(actual: [Double], forecast: [Double]) -> Double? {
        var e = 0.0, a = 0.0
        for i in 0..<min(actual.count, forecast.count) {
            e += abs(actual[i] - forecast[i])
            a += abs(actual[i])
        }
        return a > 0 ? e / a : nil
    }
}
