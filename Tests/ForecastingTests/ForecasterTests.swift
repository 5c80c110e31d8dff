import Foundation
import Testing
@testable import Forecasting

@Suite("Forecaster")
struct ForecasterTests {
    let forecaster = Forecaster()

    @Test("selection picks a seasonal model on weekly-seasonal data")
    func picksSeasonal() throws {
        let series = SyntheticSeries.series(SyntheticSeries.seasonalNoise(days: 365, seed: 11, noise: 15_000))
        let forecast = try forecaster.forecast(series, options: ForecastOptions(horizon: 28))
        let seasonal = ["seasonal", "holt_winters", "theta", "comb"]
        #expect(seasonal.contains { forecast.method.contains($0) }, "\(forecast.method)")
        #expect(!forecast.method.hasPrefix("naive") && !forecast.method.hasPrefix("ses"))
        #expect(forecast.points.count == 28)
        #expect(forecast.points[0].day == series.end.advanced(by: 1))
        let backtest = try #require(forecast.backtest)
        #expect(backtest.mase < 1)
        #expect(forecast.candidates.count > 5)
    }

    @Test("intervals never narrow as the horizon grows and are nested")
    func intervalsWiden() throws {
        let series = SyntheticSeries.series(SyntheticSeries.seasonalNoise(days: 400, seed: 12))
        let forecast = try forecaster.forecast(series, options: ForecastOptions(horizon: 120))
        var previous: (Int64, Int64)?
        for p in forecast.points {
            #expect(p.lower95 <= p.lower80 && p.lower80 <= p.mean && p.mean <= p.upper80 && p.upper80 <= p.upper95)
            let width = (p.upper80 - p.lower80, p.upper95 - p.lower95)
            if let previous { #expect(width.0 >= previous.0 - 1 && width.1 >= previous.1 - 1) }
            previous = width
        }
        #expect(forecast.points.last!.upper95 - forecast.points.last!.lower95 > forecast.points[0].upper95 - forecast.points[0].lower95)
    }

    @Test("80% intervals cover roughly 80% of held-out days across many seasonal-noise series")
    func coverage() throws {
        var inside80 = 0, inside95 = 0, total = 0
        for seed in 0..<30 {
            let y = SyntheticSeries.seasonalNoise(days: 300 + 28, seed: 100 + UInt64(seed))
            let series = SyntheticSeries.series(Array(y.prefix(300)))
            let forecast = try forecaster.forecast(series, options: ForecastOptions(horizon: 28))
            for (h, p) in forecast.points.enumerated() {
                let a = Int64(y[300 + h].rounded())
                if a >= p.lower80 && a <= p.upper80 { inside80 += 1 }
                if a >= p.lower95 && a <= p.upper95 { inside95 += 1 }
                total += 1
            }
        }
        let c80 = Double(inside80) / Double(total), c95 = Double(inside95) / Double(total)
        #expect(c80 > 0.72 && c80 < 0.88, "80% coverage \(c80)")
        #expect(c95 > 0.88 && c95 < 0.99, "95% coverage \(c95)")
    }

    @Test("fewer than 14 days gives a flat forecast at the mean with a note")
    func tooShort() throws {
        let series = SyntheticSeries.series([100, 300, 200, 0, 400, 500, 300, 100, 200])
        let forecast = try forecaster.forecast(series, options: ForecastOptions(horizon: 7))
        #expect(forecast.method == "flat_mean")
        #expect(forecast.points.allSatisfy { $0.mean == 233 && $0.lower95 < $0.mean && $0.upper95 > $0.mean })
        #expect(forecast.notes.contains { $0.contains("only 9 days of history") })
        #expect(forecast.backtest == nil)
    }

    @Test("three to eight weeks of history still forecasts, without a monthly effect, and says so")
    func fewWeeks() throws {
        for days in [14, 20, 40, 55] {
            let series = SyntheticSeries.series(SyntheticSeries.seasonalNoise(days: days, seed: UInt64(days)))
            let forecast = try forecaster.forecast(series, options: ForecastOptions(horizon: 30))
            #expect(forecast.points.count == 30)
            #expect(!forecast.method.contains("month_effect"))
            #expect(forecast.notes.contains { $0.contains("only \(days) days") })
        }
    }

    @Test("an all-zero history forecasts zero with zero-width intervals")
    func allZero() throws {
        let forecast = try forecaster.forecast(SyntheticSeries.series([Double](repeating: 0, count: 90)), options: ForecastOptions(horizon: 10))
        #expect(forecast.points.allSatisfy { $0.mean == 0 && $0.lower95 == 0 && $0.upper95 == 0 })
        #expect(forecast.cumulative.allSatisfy { $0.lower95 == 0 && $0.upper95 == 0 })
        #expect(!forecast.notes.isEmpty)
    }

    @Test("a constant history forecasts the constant")
    func constant() throws {
        let forecast = try forecaster.forecast(SyntheticSeries.series([Double](repeating: 1_234, count: 50)), options: ForecastOptions(horizon: 10))
        #expect(forecast.points.allSatisfy { $0.mean == 1_234 && $0.lower80 == 1_234 })
    }

    @Test("bad inputs are rejected with typed errors and messages")
    func badInputs() throws {
        let series = SyntheticSeries.series([1, 2, 3])
        #expect(throws: ForecastError.horizonOutOfRange(0)) { try forecaster.forecast(series, options: ForecastOptions(horizon: 0)) }
        #expect(throws: ForecastError.horizonOutOfRange(367)) { try forecaster.forecast(series, options: ForecastOptions(horizon: 367)) }
        #expect(throws: ForecastError.invalidLevel(100)) { try forecaster.forecast(series, options: ForecastOptions(horizon: 5, levels: [100])) }
        #expect(throws: ForecastError.emptySeries) { try forecaster.forecast(SyntheticSeries.series([]), options: ForecastOptions(horizon: 5)) }
        #expect(throws: ForecastError.nonFiniteValue(index: 1)) { try DailySeries(start: SyntheticSeries.start, values: [1, .nan]) }
        #expect(throws: ForecastError.nonFiniteValue(index: 0)) { try DailySeries(start: SyntheticSeries.start, values: [.infinity]) }
        #expect(ForecastError.horizonOutOfRange(0).message.contains("1 to 366"))
    }

    @Test("known flows are removed from history and added back on their future days")
    func knownFlows() throws {
        var y = SyntheticSeries.seasonalNoise(days: 200, seed: 5, noise: 5_000)
        var flows: [KnownFlow] = []
        for t in stride(from: 3, to: 200, by: 30) {
            y[t] -= 5_000_000
            flows.append(KnownFlow(day: SyntheticSeries.start.advanced(by: t), amount: -5_000_000, label: "rent"))
        }
        flows.append(KnownFlow(day: SyntheticSeries.start.advanced(by: 203), amount: -5_000_000, label: "rent"))
        let forecast = try forecaster.forecast(SyntheticSeries.series(y), options: ForecastOptions(horizon: 7, knownFlows: flows))
        let rentDay = forecast.points[3]
        #expect(rentDay.mean < -4_500_000)
        #expect(forecast.points[2].mean > 0)
        #expect(forecast.notes.contains { $0.contains("known flows") })
    }

    @Test("the Forecast encodes to snake_case JSON and decodes back")
    func codable() throws {
        let forecast = try forecaster.forecast(SyntheticSeries.series(SyntheticSeries.seasonalNoise(days: 100, seed: 3)), options: ForecastOptions(horizon: 5))
        let data = try JSONEncoder().encode(forecast)
        #expect(String(decoding: data, as: UTF8.self).contains("\"lower_80\""))
        let decoded = try JSONDecoder().decode(Forecast.self, from: data)
        #expect(decoded.points == forecast.points)
    }

    @Test("random awkward series never produce NaN, infinities or disordered bounds")
    func neverNaN() throws {
        var rng = SplitMix64(seed: 99)
        for trial in 0..<40 {
            let n = 1 + Int(rng.nextUnit() * 260)
            let y: [Double] = (0..<n).map { t in
                switch trial % 5 {
                case 0: return rng.nextUnit() < 0.8 ? 0 : 1e9 * rng.nextGaussian()      // sparse spikes
                case 1: return Double(t % 7 == 6 ? 0 : 1)                                  // tiny values
                case 2: return 1e12 * (rng.nextUnit() - 0.5)                               // huge
                case 3: return Double(t) * 1e6 + (t > n / 2 ? 5e8 : 0)                     // trend + shift
                default: return (rng.nextUnit() < 0.5 ? -1 : 1) * 1e5 * rng.nextUnit()    // white noise
                }
            }
            let horizon = 1 + Int(rng.nextUnit() * 366)
            let forecast = try forecaster.forecast(SyntheticSeries.series(y), options: ForecastOptions(horizon: horizon))
            #expect(forecast.points.count == horizon)
            for p in forecast.points {
                #expect(p.lower95 <= p.lower80 && p.lower80 <= p.mean && p.mean <= p.upper80 && p.upper80 <= p.upper95)
            }
            let data = try JSONEncoder().encode(forecast)  // would throw on NaN or infinity
            #expect(!data.isEmpty)
            if let backtest = forecast.backtest { #expect(backtest.mase.isFinite && backtest.coverage80.isFinite) }
        }
    }
}
