#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A member of the model pool: parameters are estimated once from a history, then the same parameters can
/// forecast from any longer history. Splitting the two is what makes the rolling-origin backtest cheap:
/// estimate at the earliest origin, re-run only the (linear-time) filter at each later one.
protocol ForecastingModel: Sendable {
    /// Stable snake_case name reported in `Forecast.method` and `candidates`.
    var name: String { get }
    /// Fewest days of history the model can be fitted on.
    var minimumHistory: Int { get }
    func estimate(_ history: DailySeries) -> [Double]
    func forecast(_ history: DailySeries, parameters: [Double], horizon: Int) -> [Double]
}

/// The logistic map used to keep smoothing parameters inside their bounds during optimisation.
enum ParameterTransform {
    static func toUnit(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
    static func fromUnit(_ p: Double) -> Double {
        let q = min(max(p, 1e-6), 1 - 1e-6)
        return log(q / (1 - q))
    }
}
