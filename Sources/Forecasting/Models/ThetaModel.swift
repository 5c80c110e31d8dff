#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The standard Theta method (Assimakopoulos & Nikolopoulos 2000) in its Hyndman & Billah (2003) form:
/// SES with drift equal to half the least-squares slope, on the seasonally adjusted series, reseasonalised.
struct ThetaModel: ForecastingModel {
    var name: String { "theta" }
    var minimumHistory: Int { 14 }

    private let smoother = ExponentialSmoothingModel(trend: .none, seasonal: false)

    func estimate(_ history: DailySeries) -> [Double] {
        let adjusted = ClassicalDecomposition.fit(history.values).adjust(history.values)
        return [smoother.fit(adjusted).alpha]
    }

    func forecast(_ history: DailySeries, parameters: [Double], horizon: Int) -> [Double] {
        let y = history.values
        let decomposition = ClassicalDecomposition.fit(y)
        let x = decomposition.adjust(y)
        let alpha = min(max(parameters.first ?? 0.2, 1e-4), 0.9998)
        let flat = smoother.forecast(x, smoothing: .init(alpha: alpha), horizon: 1).first ?? 0
        let slope = RobustStatistics.linearFit(x[...]).slope
        let n = Double(x.count)
        // Drift term b/2·(h − 1 + (1 − (1 − α)^n)/α): the θ = 2 line's contribution, as in forecast::thetaf.
        let start = (1 - pow(1 - alpha, n)) / alpha
        return (1...max(horizon, 1)).prefix(horizon).map { h in
            decomposition.reseasonalise(flat + slope / 2 * (Double(h - 1) + start), at: y.count + h - 1)
        }
    }
}
