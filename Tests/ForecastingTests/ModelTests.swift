import Testing
@testable import Forecasting

@Suite("Models")
struct ModelTests {
    let pureWeekly = SyntheticSeries.series(SyntheticSeries.weekly(days: 140))

    @Test("Holt-Winters repeats a pure weekly pattern to within a cent", arguments: [false, true])
    func holtWintersRecoversWeeklyPattern(damped: Bool) {
        let model = ExponentialSmoothingModel(trend: damped ? .damped : .additive, seasonal: true)
        let f = model.forecast(pureWeekly, parameters: model.estimate(pureWeekly), horizon: 21)
        for h in 0..<21 { #expect(abs(f[h] - SyntheticSeries.weeklyProfile[(140 + h) % 7]) < 1) }
    }

    @Test("seasonal SES, Theta, Comb and seasonal naive repeat a pure weekly pattern")
    func seasonalModelsRecoverPattern() {
        let models: [any ForecastingModel] = [
            ExponentialSmoothingModel(trend: .none, seasonal: true), ThetaModel(), CombModel(), SeasonalNaiveModel(),
        ]
        for model in models {
            let f = model.forecast(pureWeekly, parameters: model.estimate(pureWeekly), horizon: 14)
            for h in 0..<14 {
                #expect(abs(f[h] - SyntheticSeries.weeklyProfile[(140 + h) % 7]) < 5, "\(model.name) step \(h)")
            }
        }
    }

    @Test("Holt extrapolates a noiseless straight line")
    func holtRecoversLine() {
        let line = SyntheticSeries.series((0..<100).map { 5_000 + 250 * Double($0) })
        let model = ExponentialSmoothingModel(trend: .additive, seasonal: false)
        let f = model.forecast(line, parameters: model.estimate(line), horizon: 10)
        for h in 0..<10 { #expect(abs(f[h] - (5_000 + 250 * Double(100 + h))) < 1) }
    }

    @Test("Holt-Winters recovers level, slope and weekly pattern together")
    func holtWintersWithTrend() {
        let series = SyntheticSeries.series(SyntheticSeries.weekly(days: 210, level: 50_000, slope: 300))
        let model = ExponentialSmoothingModel(trend: .additive, seasonal: true)
        let f = model.forecast(series, parameters: model.estimate(series), horizon: 14)
        for h in 0..<14 {
            let truth = 50_000 + 300 * Double(210 + h) + SyntheticSeries.weeklyProfile[(210 + h) % 7]
            #expect(abs(f[h] - truth) < 2)
        }
    }

    @Test("SES and damped Holt settle on the level of a constant-plus-step series")
    func sesFindsLevel() {
        let series = SyntheticSeries.series([Double](repeating: 10_000, count: 60) + [Double](repeating: 30_000, count: 60))
        for model in [ExponentialSmoothingModel(trend: .none, seasonal: false), ExponentialSmoothingModel(trend: .damped, seasonal: false)] {
            let f = model.forecast(series, parameters: model.estimate(series), horizon: 5)
            #expect(abs(f[0] - 30_000) < 50, "\(model.name)")
        }
    }

    @Test("Theta adds half the regression slope as drift on a trending series")
    func thetaDrift() {
        let line = SyntheticSeries.series((0..<70).map { 1_000 + 100 * Double($0) })
        let model = ThetaModel()
        let f = model.forecast(line, parameters: model.estimate(line), horizon: 10)
        // With α → 1 the SES level tracks the last value; the drift is slope/2 = 50 per day.
        #expect(f[9] > f[0])
        #expect(abs((f[9] - f[0]) / 9 - 50) < 1)
    }

    @Test("the day-of-month effect picks up a month-end rent and nothing on plain weekly data")
    func dayOfMonthEffect() {
        var y = SyntheticSeries.seasonalNoise(days: 365, seed: 7, noise: 10_000)
        for t in 0..<365 where SyntheticSeries.start.advanced(by: t).isMonthEnd { y[t] -= 2_000_000 }
        let effect = DayOfMonthEffect.estimate(SyntheticSeries.series(y))
        #expect(effect.effects[40].map { abs($0 + 2_000_000) < 50_000 } == true, "\(effect.effects)")
        let clean = DayOfMonthEffect.estimate(SyntheticSeries.series(SyntheticSeries.seasonalNoise(days: 365, seed: 8, noise: 10_000)))
        #expect(clean.effects.count <= 1)
    }

    @Test("Nelder-Mead finds the minimum of a shifted quadratic")
    func nelderMead() {
        let result = NelderMeadOptimizer().minimize(start: [0, 0]) { x in (x[0] - 1.5) * (x[0] - 1.5) + 3 * (x[1] + 2) * (x[1] + 2) }
        #expect(abs(result.x[0] - 1.5) < 1e-2 && abs(result.x[1] + 2) < 1e-2)
    }
}
