import Testing
@testable import Forecasting

@Suite("Balance projection and runway")
struct BalanceProjectionTests {
    @Test("balance bands widen with the cumulative horizon and firstDayBelow finds the crossing")
    func bandsAndCrossing() throws {
        // A business losing about KES 1,000 a day on average with weekly noise.
        let y = SyntheticSeries.seasonalNoise(days: 300, seed: 21).map { $0 - 240_000 }
        let forecast = try Forecaster().forecast(SyntheticSeries.series(y), options: ForecastOptions(horizon: 90))
        let projection = BalanceProjection(openingBalance: 5_000_000, forecast: forecast)
        #expect(projection.days.count == 90)
        for (a, b) in zip(projection.days, projection.days.dropFirst()) {
            #expect(b.upper95 - b.lower95 >= a.upper95 - a.lower95)
            #expect(b.upper80 - b.lower80 >= a.upper80 - a.lower80)
        }
        let last = projection.days[89]
        // Bands from summed daily bounds would be ~90 daily widths; cumulative bands must be far narrower.
        let summedDaily = forecast.points.reduce(Int64(0)) { $0 + ($1.upper80 - $1.lower80) }
        #expect(last.upper80 - last.lower80 < summedDaily / 2)

        let crossing = try #require(projection.firstDayBelow(threshold: 0))
        let meanCrossing = try #require(projection.days.firstIndex { $0.balance < 0 })
        #expect(abs(projection.days[0].day.distance(to: crossing.day) - meanCrossing) <= 3)
        #expect(crossing.probability >= 0.5 && crossing.probability <= 1)
        #expect(projection.firstDayBelow(threshold: -1_000_000_000) == nil)
        #expect(projection.probabilityBelow(0, at: 89) > projection.probabilityBelow(0, at: 10))
    }

    @Test("runway is balance over the trailing average outflow, and absent when cash is growing")
    func runway() {
        let burning = SyntheticSeries.series([Double](repeating: -10_000, count: 120))
        let estimate = RunwayEstimate(balance: 1_000_000, history: burning, trailingDays: 90)
        #expect(estimate.burnRate == 10_000)
        #expect(estimate.runwayDays == 100)
        #expect(estimate.runOutDay == burning.end.advanced(by: 100))
        let growing = RunwayEstimate(balance: 1_000_000, history: SyntheticSeries.series(SyntheticSeries.weekly(days: 60)))
        #expect(!growing.isBurning && growing.runwayDays == nil && growing.averageDailyNetFlow > 0)
        let overdrawn = RunwayEstimate(balance: -5, history: burning)
        #expect(overdrawn.runwayDays == 0)
    }
}
