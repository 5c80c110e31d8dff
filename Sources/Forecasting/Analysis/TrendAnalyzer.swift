#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Trend direction, strength, slope and level shifts of a daily series. Works on the weekday-adjusted,
/// outlier-clipped series so a strong Saturday or one huge sale does not read as a trend or a shift.
public enum TrendAnalyzer {
    /// Change points need segments at least this long: a week, so a weekday pattern cannot fake one.
    static let minimumSegment = 7

    public static func analyze(_ series: DailySeries) -> TrendAnalysis {
        let y = series.values
        let n = y.count
        guard n >= 14 else {
            return TrendAnalysis(direction: .flat, strength: 0, slopePerDay: 0, slopePercentPer30Days: nil, changePoints: [])
        }
        let cleaned = adjustedAndClipped(y)
        let window = min(31, max(7, (n / 3) | 1))
        let trend = ClassicalDecomposition.centredMovingAverage(cleaned, window: window)
        let remainder = (0..<n).map { cleaned[$0] - trend[$0] }
        let total = RobustStatistics.variance((0..<n).map { trend[$0] + remainder[$0] })
        let strength = total > 0 ? min(1, max(0, 1 - RobustStatistics.variance(remainder) / total)) : 0

        // Slope and its significance from weekly means: they cancel any leftover weekday pattern and their
        // errors are closer to independent than daily ones.
        let weeks = n / 7
        let weekly = (0..<weeks).map { w in cleaned[(w * 7)..<(w * 7 + 7)].reduce(0, +) / 7 }
        let fit = RobustStatistics.linearFit(weekly[...])
        var tStat = 0.0
        if weeks >= 3 {
            var rss = 0.0, sxx = 0.0
            let tMean = Double(weeks - 1) / 2
            for (i, v) in weekly.enumerated() {
                let r = v - (fit.intercept + fit.slope * Double(i))
                rss += r * r
                sxx += (Double(i) - tMean) * (Double(i) - tMean)
            }
            let se = (rss / Double(weeks - 2) / sxx).squareRoot()
            tStat = se > 0 ? fit.slope / se : (fit.slope == 0 ? 0 : .infinity * (fit.slope > 0 ? 1 : -1))
        }
        let slopePerDay = fit.slope / 7
        let direction: TrendAnalysis.Direction = abs(tStat) < 2.5 ? .flat : (slopePerDay > 0 ? .rising : .falling)
        let level = RobustStatistics.mean(cleaned)
        let percent = abs(level) >= 1 ? slopePerDay * 30 / abs(level) * 100 : nil

        let changes = changePoints(cleaned).map { segment in
            ChangePoint(day: series.start.advanced(by: segment.index),
                        meanBefore: RobustStatistics.cents(segment.before), meanAfter: RobustStatistics.cents(segment.after))
        }
        return TrendAnalysis(direction: direction, strength: strength, slopePerDay: RobustStatistics.cents(slopePerDay),
                             slopePercentPer30Days: percent.flatMap { $0.isFinite ? $0 : nil }, changePoints: changes)
    }

    /// Removes the median weekday profile and winsorises days more than 3.5 robust σ from a 15-day rolling
    /// median, keeping the level.
    static func adjustedAndClipped(_ y: [Double]) -> [Double] {
        let level = RobustStatistics.rollingMedian(y, window: 7)
        let profile = RobustStatistics.weekdayProfile(y, level: level)
        let adjusted = (0..<y.count).map { y[$0] - profile[$0 % 7] }
        let local = RobustStatistics.rollingMedian(adjusted, window: 15)
        let deviations = (0..<y.count).map { adjusted[$0] - local[$0] }
        let sigma = RobustStatistics.robustScale(deviations)
        guard sigma > 0 else { return adjusted }
        return (0..<y.count).map { local[$0] + min(max(deviations[$0], -3.5 * sigma), 3.5 * sigma) }
    }

    /// Binary segmentation for changes in mean (Scott & Knott 1974; Killick et al. 2012 review) with a
    /// BIC-type penalty 3·σ²·log n per change, σ estimated from first differences so the shifts themselves
    /// do not inflate it. Returns (first index of the new segment, mean before, mean after), by day.
    static func changePoints(_ x: [Double], maximum: Int = 10) -> [(index: Int, before: Double, after: Double)] {
        let n = x.count
        guard n >= 2 * minimumSegment else { return [] }
        var s1 = [Double](repeating: 0, count: n + 1), s2 = s1
        for i in 0..<n {
            s1[i + 1] = s1[i] + x[i]
            s2[i + 1] = s2[i] + x[i] * x[i]
        }
        func cost(_ a: Int, _ b: Int) -> Double {
            let m = Double(b - a)
            let s = s1[b] - s1[a]
            return (s2[b] - s2[a]) - s * s / m
        }
        let differences = (1..<n).map { x[$0] - x[$0 - 1] }
        let sigma = RobustStatistics.robustScale(differences) / 2.0.squareRoot()
        let penalty = 3 * max(sigma * sigma, 1e-9) * log(Double(n))
        var cuts: [Int] = []
        var stack = [(0, n)]
        while let (a, b) = stack.popLast(), cuts.count < maximum {
            guard b - a >= 2 * minimumSegment else { continue }
            let whole = cost(a, b)
            var best = (gain: 0.0, k: -1)
            for k in (a + minimumSegment)...(b - minimumSegment) {
                let gain = whole - cost(a, k) - cost(k, b)
                if gain > best.gain { best = (gain, k) }
            }
            if best.k >= 0 && best.gain > penalty {
                cuts.append(best.k)
                stack.append((a, best.k))
                stack.append((best.k, b))
            }
        }
        let bounds = [0] + cuts.sorted() + [n]
        var out: [(index: Int, before: Double, after: Double)] = []
        for i in 1..<(bounds.count - 1) {
            let before = (s1[bounds[i]] - s1[bounds[i - 1]]) / Double(bounds[i] - bounds[i - 1])
            let after = (s1[bounds[i + 1]] - s1[bounds[i]]) / Double(bounds[i + 1] - bounds[i])
            out.append((bounds[i], before, after))
        }
        return out
    }
}
