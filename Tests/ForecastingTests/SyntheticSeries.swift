import Forecasting

/// Deterministic synthetic series for the tests.
enum SyntheticSeries {
    static let start = try! CalendarDay(year: 2024, month: 1, day: 1)  // a Monday

    static let weeklyProfile: [Double] = [100_000, 110_000, 120_000, 130_000, 180_000, 200_000, 40_000]

    static func weekly(days: Int, level: Double = 0, slope: Double = 0) -> [Double] {
        (0..<days).map { level + slope * Double($0) + weeklyProfile[$0 % 7] }
    }

    static func seasonalNoise(days: Int, seed: UInt64, noise: Double = 30_000) -> [Double] {
        var rng = SplitMix64(seed: seed)
        return (0..<days).map { weeklyProfile[$0 % 7] + noise * rng.nextGaussian() }
    }

    static func series(_ values: [Double], start: CalendarDay = start) -> DailySeries {
        try! DailySeries(start: start, values: values)
    }
}
