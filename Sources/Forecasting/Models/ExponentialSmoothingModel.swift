#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Additive exponential smoothing in error-correction form (Hyndman & Athanasopoulos, FPP3 ch. 8): one type
/// covers SES, Holt, damped Holt (Gardner 2006) and additive Holt-Winters with weekly seasonality, because
/// they share one state update and differ only in which components are switched on.
struct ExponentialSmoothingModel: ForecastingModel {
    enum Trend: Sendable { case none, additive, damped }

    let trend: Trend
    let seasonal: Bool
    let period = 7

    var name: String {
        switch (trend, seasonal) {
        case (.none, false): return "ses"
        case (.additive, false): return "holt"
        case (.damped, false): return "holt_damped"
        case (.none, true): return "seasonal_ses"
        case (.additive, true): return "holt_winters"
        case (.damped, true): return "holt_winters_damped"
        }
    }

    var minimumHistory: Int { seasonal ? 2 * period : (trend == .none ? 2 : 4) }

    /// Smoothing weights in their natural scale; β and γ follow the usual admissible region
    /// 0 < β < α and 0 < γ < 1 − α, and φ is kept in [0.8, 0.98] as in Hyndman's ets().
    struct Smoothing: Sendable {
        var alpha: Double
        var beta: Double = 0
        var gamma: Double = 0
        var phi: Double = 1
    }

    struct State {
        var level: Double
        var slope: Double
        var season: [Double]
    }

    func estimate(_ history: DailySeries) -> [Double] {
        vector(fit(history.values))
    }

    func forecast(_ history: DailySeries, parameters: [Double], horizon: Int) -> [Double] {
        forecast(history.values, smoothing: smoothing(parameters), horizon: horizon)
    }

    // MARK: - Parameter vectors

    func vector(_ s: Smoothing) -> [Double] {
        var v = [s.alpha]
        if trend != .none { v.append(s.beta) }
        if seasonal { v.append(s.gamma) }
        if trend == .damped { v.append(s.phi) }
        return v
    }

    func smoothing(_ v: [Double]) -> Smoothing {
        var s = Smoothing(alpha: v.first ?? 0.1)
        var i = 1
        if trend != .none, i < v.count { s.beta = v[i]; i += 1 }
        if seasonal, i < v.count { s.gamma = v[i]; i += 1 }
        if trend == .damped, i < v.count { s.phi = v[i] }
        return s
    }

    /// Maps an unconstrained optimiser point into the admissible region.
    private func decode(_ theta: [Double]) -> Smoothing {
        let a = 1e-4 + (0.9998 - 1e-4) * ParameterTransform.toUnit(theta[0])
        var s = Smoothing(alpha: a)
        var i = 1
        if trend != .none { s.beta = a * 0.999 * ParameterTransform.toUnit(theta[i]); i += 1 }
        if seasonal { s.gamma = (1 - a) * 0.999 * ParameterTransform.toUnit(theta[i]); i += 1 }
        if trend == .damped { s.phi = 0.8 + 0.18 * ParameterTransform.toUnit(theta[i]) }
        return s
    }

    private func encode(alpha: Double, betaShare: Double, gammaShare: Double, phi: Double) -> [Double] {
        var t = [ParameterTransform.fromUnit((alpha - 1e-4) / (0.9998 - 1e-4))]
        if trend != .none { t.append(ParameterTransform.fromUnit(betaShare)) }
        if seasonal { t.append(ParameterTransform.fromUnit(gammaShare)) }
        if trend == .damped { t.append(ParameterTransform.fromUnit((phi - 0.8) / 0.18)) }
        return t
    }

    // MARK: - Fitting

    /// Minimises the in-sample one-step SSE; a coarse grid of starting points picks where Nelder–Mead
    /// begins, because daily cash-flow SSE surfaces are flat and multi-modal in α.
    func fit(_ y: [Double]) -> Smoothing {
        guard y.count >= minimumHistory else { return Smoothing(alpha: 0.2, beta: 0.01, gamma: 0.05, phi: 0.9) }
        let initial = initialState(y)
        let objective: ([Double]) -> Double = { theta in
            self.sse(y, self.decode(theta), initial)
        }
        var bestStart = encode(alpha: 0.1, betaShare: 0.05, gammaShare: 0.1, phi: 0.9)
        var bestValue = objective(bestStart)
        for alpha in [0.02, 0.3, 0.7] {
            let start = encode(alpha: alpha, betaShare: 0.05, gammaShare: 0.1, phi: 0.9)
            let value = objective(start)
            if value < bestValue { bestValue = value; bestStart = start }
        }
        let optimiser = NelderMeadOptimizer(maxEvaluations: 150 * (bestStart.count + 1))
        let result = optimiser.minimize(start: bestStart, objective)
        return decode(result.x)
    }

    /// Heuristic initial states from the first weeks (classical-decomposition style), as in Hyndman et al.
    /// (2008) §2.6.1; they are not optimised, which keeps the fit to 1–4 parameters.
    func initialState(_ y: [Double]) -> State {
        let n = y.count
        if seasonal && n >= 2 * period {
            let k = min(8, n / period)
            var means = [Double](repeating: 0, count: k)
            for j in 0..<k {
                var s = 0.0
                for i in 0..<period { s += y[j * period + i] }
                means[j] = s / Double(period)
            }
            let slope = trend == .none ? 0 : (means[k - 1] - means[0]) / Double((k - 1) * period)
            var season = [Double](repeating: 0, count: period)
            for i in 0..<period {
                var s = 0.0
                for j in 0..<k { s += y[j * period + i] - (means[j] + Double(i - (period - 1) / 2) * slope) }
                season[i] = s / Double(k)
            }
            let centre = season.reduce(0, +) / Double(period)
            for i in 0..<period { season[i] -= centre }
            let level = means[0] - Double((period - 1) / 2 + 1) * slope
            return State(level: level, slope: slope, season: season)
        }
        if trend == .none {
            let k = min(n, 7)
            return State(level: k == 0 ? 0 : y.prefix(k).reduce(0, +) / Double(k), slope: 0, season: [])
        }
        let fit = RobustStatistics.linearFit(y.prefix(min(n, 28)))
        return State(level: fit.intercept - fit.slope, slope: fit.slope, season: [])
    }

    private func sse(_ y: [Double], _ s: Smoothing, _ initial: State) -> Double {
        var state = initial
        return run(y, s, &state)
    }

    /// The state recursion; returns the one-step SSE and leaves the final state in `state`.
    func run(_ y: [Double], _ s: Smoothing, _ state: inout State) -> Double {
        var l = state.level, b = state.slope
        let alpha = s.alpha, beta = s.beta, gamma = s.gamma, phi = trend == .damped ? s.phi : 1
        var sse = 0.0
        if seasonal {
            let m = period
            state.season.withUnsafeMutableBufferPointer { season in
                y.withUnsafeBufferPointer { yb in
                    var si = 0
                    for t in 0..<yb.count {
                        let sv = season[si]
                        let trendPart = l + phi * b
                        let e = yb[t] - (trendPart + sv)
                        sse += e * e
                        l = trendPart + alpha * e
                        b = phi * b + beta * e
                        season[si] = sv + gamma * e
                        si += 1
                        if si == m { si = 0 }
                    }
                }
            }
        } else {
            y.withUnsafeBufferPointer { yb in
                for t in 0..<yb.count {
                    let trendPart = l + phi * b
                    let e = yb[t] - trendPart
                    sse += e * e
                    l = trendPart + alpha * e
                    b = phi * b + beta * e
                }
            }
        }
        state.level = l
        state.slope = b
        return sse
    }

    func forecast(_ y: [Double], smoothing s: Smoothing, horizon: Int) -> [Double] {
        guard y.count >= minimumHistory else {
            return [Double](repeating: y.last ?? 0, count: horizon)
        }
        var state = initialState(y)
        _ = run(y, s, &state)
        let phi = trend == .damped ? s.phi : 1
        var out = [Double](repeating: 0, count: horizon)
        var damp = 0.0, power = 1.0
        for h in 1...max(horizon, 1) where h <= horizon {
            power *= phi
            damp += power
            var v = state.level + damp * state.slope
            if seasonal { v += state.season[(y.count + h - 1) % period] }
            out[h - 1] = v
        }
        return out
    }
}
