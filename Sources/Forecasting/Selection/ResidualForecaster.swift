/// The statistical layer: chooses a model (or an equal-weight ensemble of the best two or three) by
/// rolling-origin cross-validation on MASE, refits it on the whole history, and attaches empirical
/// intervals from the chosen method's own backtest errors.
struct ResidualForecaster: Sendable {
    struct Result {
        var method: String
        var mean: [Double]
        var perStep: IntervalOffsets
        var cumulative: IntervalOffsets
        var backtest: BacktestSummary?
        var candidates: [CandidateScore]
        var notes: [String]
    }

    /// A pool member, optionally with the day-of-month effect removed first.
    private struct Candidate {
        let model: Int
        let monthAdjusted: Bool
        let name: String
        var forecasts: [[Double]] = []
        var mase = Double.infinity
        var mae = Double.infinity
    }

    let pool: [any ForecastingModel] = [
        NaiveModel(),
        SeasonalNaiveModel(),
        ExponentialSmoothingModel(trend: .none, seasonal: false),
        ExponentialSmoothingModel(trend: .additive, seasonal: false),
        ExponentialSmoothingModel(trend: .damped, seasonal: false),
        ExponentialSmoothingModel(trend: .none, seasonal: true),
        ExponentialSmoothingModel(trend: .additive, seasonal: true),
        ExponentialSmoothingModel(trend: .damped, seasonal: true),
        ThetaModel(),
        CombModel(),
    ]

    func run(_ history: DailySeries, horizon: Int, origins: Int, levels: [Int]) -> Result {
        let y = history.values
        let n = y.count
        if y.allSatisfy({ $0 == 0 }) {
            return flat(value: 0, sigma: 0, n: n, horizon: horizon, levels: levels, method: "zero",
                        note: "every day in the history has zero net flow: the forecast is zero with zero-width intervals")
        }
        if y.allSatisfy({ $0 == y[0] }) {
            return flat(value: y[0], sigma: 0, n: n, horizon: horizon, levels: levels, method: "constant",
                        note: "every day in the history has the same net flow: the forecast repeats it with zero-width intervals")
        }
        if n < 14 {
            let sigma = RobustStatistics.variance(y).squareRoot()
            return flat(value: RobustStatistics.mean(y), sigma: sigma, n: n, horizon: horizon, levels: levels,
                        method: "flat_mean",
                        note: "only \(n) days of history: a flat forecast at the daily mean with wide intervals")
        }
        var notes: [String] = []
        if n < DayOfMonthEffect.minimumHistory {
            notes.append("only \(n) days of history: no day-of-month effect, and the model was chosen on fewer backtest origins")
        }

        let plan = BacktestPlan(count: n, horizon: horizon, origins: origins)
        let estimationOrigin = plan.estimationOrigin
        let estimationHistory = history.prefix(estimationOrigin)
        let usable = pool.indices.filter { pool[$0].minimumHistory <= estimationOrigin }
        let params = Dictionary(uniqueKeysWithValues: usable.map { ($0, pool[$0].estimate(estimationHistory)) })
        let tryMonth = n >= DayOfMonthEffect.minimumHistory && estimationOrigin >= DayOfMonthEffect.minimumHistory
            && !DayOfMonthEffect.estimate(history).isEmpty

        // Selection backtest.
        let actuals = plan.selectionOrigins.map { Array(y[$0..<min(n, $0 + plan.window)]) }
        let scales = plan.selectionOrigins.map { ForecastAccuracy.seasonalNaiveScale(Array(y[0..<$0])) }
        var candidates: [Candidate] = usable.map { Candidate(model: $0, monthAdjusted: false, name: pool[$0].name) }
        if tryMonth {
            candidates += usable.filter { $0 >= 2 }.map {
                Candidate(model: $0, monthAdjusted: true, name: pool[$0].name + "+month_effect")
            }
        }
        for (k, origin) in plan.selectionOrigins.enumerated() {
            let prefix = history.prefix(origin)
            let effect = tryMonth ? DayOfMonthEffect.estimate(prefix) : DayOfMonthEffect(effects: [:])
            let adjusted = effect.adjust(prefix)
            let length = actuals[k].count
            for c in candidates.indices {
                let f = forecastMember(candidates[c].model, monthAdjusted: candidates[c].monthAdjusted,
                                       prefix: prefix, adjusted: adjusted, effect: effect,
                                       parameters: params[candidates[c].model]!, horizon: length)
                candidates[c].forecasts.append(f)
            }
        }
        for c in candidates.indices {
            (candidates[c].mase, candidates[c].mae) = score(candidates[c].forecasts, actuals: actuals, scales: scales)
        }
        candidates.sort { $0.mase < $1.mase }
        var scores = candidates.map { CandidateScore(method: $0.name, mase: finite($0.mase), mae: finite($0.mae)) }

        // Equal-weight combinations of the best two and three (M4: combinations beat single picks).
        var members = [candidates[0]]
        var bestForecasts = candidates[0].forecasts
        var bestScore = candidates[0].mase
        for size in [2, 3] where candidates.count >= size {
            let group = Array(candidates.prefix(size))
            let combined = (0..<actuals.count).map { k in
                (0..<actuals[k].count).map { h in group.reduce(0.0) { $0 + $1.forecasts[k][h] } / Double(size) }
            }
            let (m, a) = score(combined, actuals: actuals, scales: scales)
            scores.append(CandidateScore(method: ensembleName(group), mase: finite(m), mae: finite(a)))
            if m < bestScore { bestScore = m; members = group; bestForecasts = combined }
        }
        scores.sort { $0.mase < $1.mase }
        let method = members.count == 1 ? members[0].name : ensembleName(members)

        // Final fit on the whole history.
        var mean = [Double](repeating: 0, count: horizon)
        for member in members {
            let model: any ForecastingModel = member.monthAdjusted ? MonthAdjustedModel(base: pool[member.model]) : pool[member.model]
            let f = model.forecast(history, parameters: model.estimate(history), horizon: horizon)
            for h in 0..<horizon { mean[h] += f[h] / Double(members.count) }
        }
        let fallback = RobustStatistics.mean(y)
        mean = mean.map { $0.isFinite ? $0 : fallback }

        // Interval backtest: whole error paths of the chosen method from the denser origins.
        var paths: [[Double]] = []
        for origin in plan.intervalOrigins {
            let length = min(plan.intervalWindow, n - origin)
            guard length > 0 else { continue }
            let prefix = history.prefix(origin)
            let needsEffect = members.contains { $0.monthAdjusted }
            let effect = needsEffect ? DayOfMonthEffect.estimate(prefix) : DayOfMonthEffect(effects: [:])
            let adjusted = effect.adjust(prefix)
            var f = [Double](repeating: 0, count: length)
            for member in members {
                let g = forecastMember(member.model, monthAdjusted: member.monthAdjusted, prefix: prefix, adjusted: adjusted,
                                       effect: effect, parameters: params[member.model]!, horizon: length)
                for h in 0..<length { f[h] += g[h] / Double(members.count) }
            }
            let path = (0..<length).map { y[origin + $0] - f[$0] }
            if path.allSatisfy(\.isFinite) { paths.append(path) }
        }
        let sigma = RobustStatistics.variance(y).squareRoot()
        let perStep = EmpiricalIntervals.perStep(errorPaths: paths, horizon: horizon, levels: levels)
            ?? EmpiricalIntervals.gaussian(sigma: sigma, sampleSize: n, horizon: horizon, levels: levels, cumulative: false)
        let cumulative = EmpiricalIntervals.cumulative(errorPaths: paths, horizon: horizon, levels: levels)
            ?? EmpiricalIntervals.gaussian(sigma: sigma, sampleSize: n, horizon: horizon, levels: levels, cumulative: true)
        if paths.count < EmpiricalIntervals.minimumPaths {
            notes.append("few backtest errors were available, so the intervals rest partly on a √h widening rule")
        }

        let backtest = summary(plan: plan, forecasts: bestForecasts, actuals: actuals, scales: scales,
                               perStep: perStep, history: history)
        if let backtest {
            notes.append("chose \(method) by rolling-origin backtest over \(backtest.origins) origins: MASE "
                + format(backtest.mase) + " (seasonal naive MAE \(RobustStatistics.cents(backtest.seasonalNaiveMAE)) cents/day)")
        }
        if members.contains(where: { $0.monthAdjusted }) {
            notes.append("a day-of-month effect (month-end rent, salaries or paydays) is included because it improved the backtest")
        }
        return Result(method: method, mean: mean, perStep: perStep, cumulative: cumulative, backtest: backtest,
                      candidates: scores, notes: notes)
    }

    private func forecastMember(_ model: Int, monthAdjusted: Bool, prefix: DailySeries, adjusted: DailySeries,
                                effect: DayOfMonthEffect, parameters: [Double], horizon: Int) -> [Double] {
        guard monthAdjusted else { return pool[model].forecast(prefix, parameters: parameters, horizon: horizon) }
        // The base model's parameters are reused for the adjusted series: the adjustment only moves a few
        // days a month, and re-estimating per variant would double the fitting cost.
        let f = pool[model].forecast(adjusted, parameters: parameters, horizon: horizon)
        let next = prefix.start.advanced(by: prefix.count)
        return (0..<horizon).map { f[$0] + effect.effect(on: next.advanced(by: $0)) }
    }

    private func score(_ forecasts: [[Double]], actuals: [[Double]], scales: [Double]) -> (mase: Double, mae: Double) {
        guard !actuals.isEmpty else { return (.infinity, .infinity) }
        var mase = 0.0, mae = 0.0
        for k in actuals.indices {
            guard forecasts[k].allSatisfy(\.isFinite) else { return (.infinity, .infinity) }
            let e = ForecastAccuracy.meanAbsoluteError(actual: actuals[k], forecast: forecasts[k])
            mae += e
            mase += e / max(scales[k], 1)
        }
        return (mase / Double(actuals.count), mae / Double(actuals.count))
    }

    private func summary(plan: BacktestPlan, forecasts: [[Double]], actuals: [[Double]], scales: [Double],
                         perStep: IntervalOffsets, history: DailySeries) -> BacktestSummary? {
        guard !actuals.isEmpty else { return nil }
        let (mase, _) = score(forecasts, actuals: actuals, scales: scales)
        var allActual: [Double] = [], allForecast: [Double] = []
        var inside80 = 0, inside95 = 0, total = 0
        var naiveError = 0.0
        let naive = SeasonalNaiveModel()
        for k in actuals.indices {
            let naiveForecast = naive.forecast(history.prefix(plan.selectionOrigins[k]), parameters: [], horizon: actuals[k].count)
            naiveError += ForecastAccuracy.meanAbsoluteError(actual: actuals[k], forecast: naiveForecast)
            for h in actuals[k].indices {
                let a = actuals[k][h], f = forecasts[k][h]
                allActual.append(a)
                allForecast.append(f)
                if a >= f + perStep.lower[80]![h] && a <= f + perStep.upper[80]![h] { inside80 += 1 }
                if a >= f + perStep.lower[95]![h] && a <= f + perStep.upper[95]![h] { inside95 += 1 }
                total += 1
            }
        }
        return BacktestSummary(
            origins: actuals.count, horizon: plan.window, mase: finite(mase),
            smape: ForecastAccuracy.smape(actual: allActual, forecast: allForecast),
            wape: ForecastAccuracy.wape(actual: allActual, forecast: allForecast),
            coverage80: total == 0 ? 0 : Double(inside80) / Double(total),
            coverage95: total == 0 ? 0 : Double(inside95) / Double(total),
            seasonalNaiveMAE: finite(naiveError / Double(actuals.count)))
    }

    private func flat(value: Double, sigma: Double, n: Int, horizon: Int, levels: [Int], method: String, note: String) -> Result {
        Result(method: method, mean: [Double](repeating: value, count: horizon),
               perStep: EmpiricalIntervals.gaussian(sigma: sigma, sampleSize: n, horizon: horizon, levels: levels, cumulative: false),
               cumulative: EmpiricalIntervals.gaussian(sigma: sigma, sampleSize: n, horizon: horizon, levels: levels, cumulative: true),
               backtest: nil, candidates: [], notes: [note])
    }

    private func ensembleName(_ group: [Candidate]) -> String {
        "ensemble(" + group.map(\.name).joined(separator: ", ") + ")"
    }

    private func finite(_ x: Double) -> Double { x.isFinite ? x : Double.greatestFiniteMagnitude }

    private func format(_ x: Double) -> String {
        let r = (x * 100).rounded() / 100
        return String(r)
    }
}
