/// Flags unusual days with robust z-scores (Iglewicz & Hoaglin 1993, the 3.5 cut-off) of the residuals
/// after removing a rolling-median level and a median weekday profile. Medians, not means, so the spikes
/// being hunted cannot hide themselves by inflating the scale.
public struct AnomalyDetector: Sendable {
    public init() {}

    public func detect(_ series: DailySeries, threshold: Double = 3.5) -> [Anomaly] {
        let y = series.values
        guard y.count >= 3 else { return [] }
        var expected: [Double]
        if y.count >= 14 {
            // A week-long median finds the weekday profile; the level is then a 3-week median of the
            // weekday-adjusted series, long enough that its own noise does not thin the residual scale.
            let weekLevel = RobustStatistics.rollingMedian(y, window: 7)
            let profile = RobustStatistics.weekdayProfile(y, level: weekLevel)
            let level = RobustStatistics.rollingMedian((0..<y.count).map { y[$0] - profile[$0 % 7] }, window: 21)
            expected = (0..<y.count).map { level[$0] + profile[$0 % 7] }
        } else {
            expected = [Double](repeating: RobustStatistics.median(y), count: y.count)
        }
        let residuals = (0..<y.count).map { y[$0] - expected[$0] }
        let scores = AnomalyDetector.robustZScores(residuals)
        return y.indices.compactMap { t in
            guard abs(scores[t]) >= threshold else { return nil }
            return Anomaly(day: series.start.advanced(by: t), value: RobustStatistics.cents(y[t]),
                           expected: RobustStatistics.cents(expected[t]), score: scores[t],
                           direction: scores[t] > 0 ? .high : .low)
        }
    }

    /// Robust z-scores 0.6745·(x − median)/MAD. When MAD is 0 (over half the values identical, e.g. many
    /// zero days) it falls back to (x − median)/(1.2533·mean absolute deviation); when every value is the
    /// same all scores are 0. Usable on any list, e.g. one spending category's amounts.
    public static func robustZScores(_ values: [Double]) -> [Double] {
        guard !values.isEmpty else { return [] }
        let median = RobustStatistics.median(values)
        let mad = RobustStatistics.mad(values)
        if mad > 0 { return values.map { 0.6745 * ($0 - median) / mad } }
        let meanAD = RobustStatistics.mean(values.map { abs($0 - median) })
        guard meanAD > 0 else { return values.map { _ in 0 } }
        return values.map { ($0 - median) / (1.2533 * meanAD) }
    }
}
