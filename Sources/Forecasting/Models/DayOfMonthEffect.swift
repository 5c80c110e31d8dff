/// Additive day-of-month effects for rent, salary and payday spikes. Days are bucketed month-end aware
/// (the last three days of any month share buckets "last", "second last", "third last"; other days use their
/// date), and a bucket's effect is the median of its de-weekly-ised remainders, kept only when it clears a
/// significance bar — with 2–24 months of history most buckets are pure noise and must stay at zero.
struct DayOfMonthEffect: Sendable {
    /// Effect per bucket; buckets without a significant effect are absent.
    let effects: [Int: Double]

    static let minimumHistory = 56

    var isEmpty: Bool { effects.isEmpty }

    static func bucket(_ day: CalendarDay) -> Int {
        let toEnd = day.daysToMonthEnd
        return toEnd < 3 ? 40 + toEnd : day.dayOfMonth
    }

    func effect(on day: CalendarDay) -> Double {
        effects[DayOfMonthEffect.bucket(day)] ?? 0
    }

    func adjust(_ series: DailySeries) -> DailySeries {
        guard !effects.isEmpty else { return series }
        var v = series.values
        for t in 0..<v.count { v[t] -= effect(on: series.start.advanced(by: t)) }
        return DailySeries(validated: v, start: series.start)
    }

    static func estimate(_ series: DailySeries) -> DayOfMonthEffect {
        let y = series.values
        guard y.count >= minimumHistory else { return DayOfMonthEffect(effects: [:]) }
        let remainder = weeklyRemainder(y)
        let sigma = RobustStatistics.robustScale(remainder)
        guard sigma > 0 else { return DayOfMonthEffect(effects: [:]) }
        var buckets: [Int: [Double]] = [:]
        for t in 0..<y.count {
            buckets[bucket(series.start.advanced(by: t)), default: []].append(remainder[t])
        }
        var effects: [Int: Double] = [:]
        for (key, values) in buckets where values.count >= 2 {
            let effect = RobustStatistics.median(values)
            // 1.2533·σ/√n is the standard error of a median; 2.5 of them keeps false month-end effects rare
            // across ~31 buckets while a rent payment several σ large is always kept.
            let standardError = 1.2533 * sigma / Double(values.count).squareRoot()
            if abs(effect) > 2.5 * standardError { effects[key] = effect }
        }
        return DayOfMonthEffect(effects: effects)
    }

    /// y minus a centred 7-day rolling median minus the median weekday profile. Medians, because a moving
    /// average would smear each rent spike over its neighbours and invent effects next to it.
    static func weeklyRemainder(_ y: [Double]) -> [Double] {
        let level = RobustStatistics.rollingMedian(y, window: 7)
        let profile = RobustStatistics.weekdayProfile(y, level: level)
        return (0..<y.count).map { y[$0] - level[$0] - profile[$0 % 7] }
    }
}
