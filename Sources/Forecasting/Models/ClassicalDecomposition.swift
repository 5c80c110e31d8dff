/// Classical (moving-average) seasonal decomposition with period 7, as used by the Theta method and the M4
/// Comb benchmark to seasonally adjust before smoothing. Multiplicative only when every value is positive,
/// because cash-flow series with zero or negative days make ratios meaningless.
struct ClassicalDecomposition: Sendable {
    enum Kind: Sendable { case additive, multiplicative }

    let kind: Kind
    let period: Int
    /// Seasonal index for each position `t % period` (t counted from the start of the fitted history).
    let indices: [Double]

    static func none(period: Int = 7) -> ClassicalDecomposition {
        ClassicalDecomposition(kind: .additive, period: period, indices: [Double](repeating: 0, count: period))
    }

    private init(kind: Kind, period: Int, indices: [Double]) {
        self.kind = kind
        self.period = period
        self.indices = indices
    }

    /// Decomposes when the series is long enough and the seasonal autocorrelation is significant at 90%
    /// (the test in Hyndman's thetaf / M4 benchmarks); otherwise returns the identity adjustment.
    static func fit(_ y: [Double], period: Int = 7, requireSignificance: Bool = true) -> ClassicalDecomposition {
        guard y.count >= 2 * period else { return none(period: period) }
        if requireSignificance && !seasonalityIsSignificant(y, period: period) { return none(period: period) }
        let kind: Kind = y.allSatisfy { $0 > 0 } ? .multiplicative : .additive
        let trend = centredMovingAverage(y, window: period)
        var sums = [Double](repeating: 0, count: period)
        var counts = [Double](repeating: 0, count: period)
        let half = period / 2
        for t in half..<(y.count - half) {
            let d = kind == .additive ? y[t] - trend[t] : y[t] / trend[t]
            guard d.isFinite else { continue }
            sums[t % period] += d
            counts[t % period] += 1
        }
        var idx = (0..<period).map { counts[$0] > 0 ? sums[$0] / counts[$0] : (kind == .additive ? 0 : 1) }
        let centre = idx.reduce(0, +) / Double(period)
        if kind == .additive {
            idx = idx.map { $0 - centre }
        } else {
            guard centre > 0 else { return none(period: period) }
            idx = idx.map { $0 / centre }
            if idx.contains(where: { $0 <= 0 || !$0.isFinite }) { return none(period: period) }
        }
        return ClassicalDecomposition(kind: kind, period: period, indices: idx)
    }

    func adjust(_ y: [Double]) -> [Double] {
        var out = y
        for t in 0..<y.count {
            out[t] = kind == .additive ? y[t] - indices[t % period] : y[t] / indices[t % period]
        }
        return out
    }

    func reseasonalise(_ value: Double, at t: Int) -> Double {
        kind == .additive ? value + indices[t % period] : value * indices[t % period]
    }

    /// Lag-`period` autocorrelation test: |r_m| > 1.645·sqrt((1 + 2·Σ_{k<m} r_k²)/n).
    static func seasonalityIsSignificant(_ y: [Double], period: Int) -> Bool {
        let n = y.count
        guard n > period + 2 else { return false }
        let mean = y.reduce(0, +) / Double(n)
        var c0 = 0.0
        for v in y { c0 += (v - mean) * (v - mean) }
        guard c0 > 0 else { return false }
        var r = [Double](repeating: 0, count: period + 1)
        for k in 1...period {
            var c = 0.0
            for t in k..<n { c += (y[t] - mean) * (y[t - k] - mean) }
            r[k] = c / c0
        }
        var s = 1.0
        for k in 1..<period { s += 2 * r[k] * r[k] }
        let limit = 1.645 * (s / Double(n)).squareRoot()
        return abs(r[period]) > limit
    }

    /// Centred moving average; near the ends the window shrinks symmetrically so every day gets a value.
    static func centredMovingAverage(_ y: [Double], window: Int) -> [Double] {
        let n = y.count
        guard n > 0 else { return [] }
        var prefix = [Double](repeating: 0, count: n + 1)
        for i in 0..<n { prefix[i + 1] = prefix[i] + y[i] }
        let half = window / 2
        var out = [Double](repeating: 0, count: n)
        for t in 0..<n {
            let h = min(half, t, n - 1 - t)
            out[t] = (prefix[t + h + 1] - prefix[t - h]) / Double(2 * h + 1)
        }
        return out
    }
}
