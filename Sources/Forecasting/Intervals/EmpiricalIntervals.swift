#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Prediction intervals from the empirical distribution of rolling-origin forecast errors (FPP3 §5.5,
/// "prediction intervals from bootstrapped residuals", using genuine multi-step errors instead of
/// simulated ones), so they reflect the model's real misses including its bias and fat tails.
enum EmpiricalIntervals {
    /// Fewest pooled errors a step needs before its own quantiles are trusted.
    static let minimumErrorsPerStep = 30
    /// Fewest whole error paths a cumulative step needs.
    static let minimumPaths = 20

    /// Per-day offsets. Step h pools the errors of neighbouring steps (±max(1, h/7)) to steady the tail
    /// quantiles; past the last step with enough errors the width grows like √h (the random-walk rate).
    static func perStep(errorPaths: [[Double]], horizon: Int, levels: [Int]) -> IntervalOffsets? {
        let maxLength = errorPaths.map(\.count).max() ?? 0
        var byStep = [[Double]](repeating: [], count: maxLength)
        for path in errorPaths {
            for (h, e) in path.enumerated() { byStep[h].append(e) }
        }
        var offsets = IntervalOffsets.zero(levels: levels, horizon: horizon)
        var lastGood = -1
        for h in 0..<min(horizon, maxLength) {
            let r = max(1, (h + 1) / 7)
            var pool: [Double] = []
            for j in max(0, h - r)...min(maxLength - 1, h + r) { pool.append(contentsOf: byStep[j]) }
            guard pool.count >= minimumErrorsPerStep else { break }
            pool.sort()
            for level in levels {
                let tail = (1 - Double(level) / 100) / 2
                offsets.lower[level]![h] = RobustStatistics.quantile(sorted: pool, tail)
                offsets.upper[level]![h] = RobustStatistics.quantile(sorted: pool, 1 - tail)
            }
            lastGood = h
        }
        if lastGood < 0 {
            // Too few errors per step: pool all of them, normalised by √step, and scale back up by √h.
            var pooled: [Double] = []
            for path in errorPaths {
                for (h, e) in path.enumerated() { pooled.append(e / Double(h + 1).squareRoot()) }
            }
            guard pooled.count >= 10 else { return nil }
            pooled.sort()
            for level in levels {
                let tail = (1 - Double(level) / 100) / 2
                let lo = RobustStatistics.quantile(sorted: pooled, tail)
                let hi = RobustStatistics.quantile(sorted: pooled, 1 - tail)
                offsets.lower[level] = (0..<horizon).map { lo * Double($0 + 1).squareRoot() }
                offsets.upper[level] = (0..<horizon).map { hi * Double($0 + 1).squareRoot() }
            }
        } else if lastGood + 1 < horizon {
            for level in levels {
                let lo = offsets.lower[level]![lastGood], hi = offsets.upper[level]![lastGood]
                for h in (lastGood + 1)..<horizon {
                    let growth = (Double(h + 1) / Double(lastGood + 1)).squareRoot()
                    offsets.lower[level]![h] = lo * growth
                    offsets.upper[level]![h] = hi * growth
                }
            }
        }
        offsets.makeMonotone(levels: levels)
        return offsets
    }

    /// Offsets for the cumulative sum of daily flows, from quantiles of cumulative error paths. Past the
    /// observed steps the width grows like h^p, with p in [0.5, 1] fitted from how the observed width grew
    /// (0.5 when errors are independent day to day, 1 when they are a persistent level error).
    static func cumulative(errorPaths: [[Double]], horizon: Int, levels: [Int]) -> IntervalOffsets? {
        let maxLength = errorPaths.map(\.count).max() ?? 0
        var offsets = IntervalOffsets.zero(levels: levels, horizon: horizon)
        var sums = [Double](repeating: 0, count: errorPaths.count)
        var lastGood = -1
        for h in 0..<min(horizon, maxLength) {
            var column: [Double] = []
            for (i, path) in errorPaths.enumerated() where path.count > h {
                sums[i] += path[h]
                column.append(sums[i])
            }
            guard column.count >= minimumPaths else { break }
            column.sort()
            for level in levels {
                let tail = (1 - Double(level) / 100) / 2
                offsets.lower[level]![h] = RobustStatistics.quantile(sorted: column, tail)
                offsets.upper[level]![h] = RobustStatistics.quantile(sorted: column, 1 - tail)
            }
            lastGood = h
        }
        guard lastGood >= 0 else { return nil }
        if lastGood + 1 < horizon {
            let reference = levels.contains(80) ? 80 : levels[0]
            let half = lastGood / 2
            let wideAtEnd = offsets.upper[reference]![lastGood] - offsets.lower[reference]![lastGood]
            let wideAtHalf = offsets.upper[reference]![half] - offsets.lower[reference]![half]
            var exponent = 0.5
            if lastGood >= 3, wideAtHalf > 0, wideAtEnd > 0 {
                exponent = log(wideAtEnd / wideAtHalf) / log(Double(lastGood + 1) / Double(half + 1))
                exponent = min(max(exponent.isFinite ? exponent : 0.5, 0.5), 1)
            }
            for level in levels {
                let lo = offsets.lower[level]![lastGood], hi = offsets.upper[level]![lastGood]
                for h in (lastGood + 1)..<horizon {
                    let growth = pow(Double(h + 1) / Double(lastGood + 1), exponent)
                    offsets.lower[level]![h] = lo * growth
                    offsets.upper[level]![h] = hi * growth
                }
            }
        }
        offsets.makeMonotone(levels: levels)
        return offsets
    }

    /// Gaussian fallback for histories too short to backtest: the daily spread σ, inflated for the error in
    /// the estimated mean (per day σ·√(1 + 1/n); cumulative over h days σ·√(h + h²/n)).
    static func gaussian(sigma: Double, sampleSize n: Int, horizon: Int, levels: [Int], cumulative: Bool) -> IntervalOffsets {
        var offsets = IntervalOffsets.zero(levels: levels, horizon: horizon)
        let nn = Double(max(n, 1))
        for level in levels {
            let z = RobustStatistics.normalQuantile(0.5 + Double(level) / 200)
            let widths = (0..<horizon).map { h -> Double in
                let d = Double(h + 1)
                return z * sigma * (cumulative ? (d + d * d / nn).squareRoot() : (1 + 1 / nn).squareRoot())
            }
            offsets.lower[level] = widths.map { -$0 }
            offsets.upper[level] = widths
        }
        offsets.makeMonotone(levels: levels)
        return offsets
    }
}
