/// Forecasts a business's daily net flow in two layers: known flows (detected rent, salaries, loan
/// repayments) are taken as given, and the remaining history is forecast statistically by a model chosen
/// per series with a rolling-origin backtest. Pure: values in, values out.
public struct Forecaster: Sendable {
    public init() {}

    public func forecast(_ series: DailySeries, options: ForecastOptions) throws(ForecastError) -> Forecast {
        try options.validate()
        guard series.count > 0 else { throw .emptySeries }
        let horizon = options.horizon
        let levels = Array(Set(options.levels + [80, 95])).sorted()

        var residual = series.values
        var known = [Double](repeating: 0, count: horizon)
        var removed = 0, added = 0
        for flow in options.knownFlows {
            let i = series.start.distance(to: flow.day)
            if i >= 0 && i < series.count {
                residual[i] -= Double(flow.amount)
                removed += 1
            } else if i >= series.count && i < series.count + horizon {
                known[i - series.count] += Double(flow.amount)
                added += 1
            }
        }
        let history = DailySeries(validated: residual, start: series.start)
        let result = ResidualForecaster().run(history, horizon: horizon, origins: options.backtestOrigins, levels: levels)

        var notes = result.notes
        if removed + added > 0 {
            notes.append("\(removed) known flows were removed from the history and \(added) added to the forecast; "
                + "the statistical model forecasts only the remainder")
        }

        let first = series.end.advanced(by: 1)
        var points: [ForecastPoint] = []
        var bands: [CumulativeFlowBand] = []
        var runningMean = 0.0
        for h in 0..<horizon {
            let mean = result.mean[h] + known[h]
            runningMean += mean
            let step = result.perStep, cumulative = result.cumulative
            // Mean and offsets are rounded separately so widths stay exactly monotone after rounding.
            let c = RobustStatistics.cents
            let add = RobustStatistics.saturatingAdd
            points.append(ForecastPoint(
                day: first.advanced(by: h), mean: c(mean),
                lower80: add(c(mean), c(step.lower[80]![h])), upper80: add(c(mean), c(step.upper[80]![h])),
                lower95: add(c(mean), c(step.lower[95]![h])), upper95: add(c(mean), c(step.upper[95]![h])),
                intervals: options.levels.map {
                    PredictionInterval(level: $0, lower: add(c(mean), c(step.lower[$0]![h])), upper: add(c(mean), c(step.upper[$0]![h])))
                }))
            bands.append(CumulativeFlowBand(
                day: first.advanced(by: h), mean: c(runningMean),
                lower80: add(c(runningMean), c(cumulative.lower[80]![h])), upper80: add(c(runningMean), c(cumulative.upper[80]![h])),
                lower95: add(c(runningMean), c(cumulative.lower[95]![h])), upper95: add(c(runningMean), c(cumulative.upper[95]![h]))))
        }
        return Forecast(method: result.method, points: points, cumulative: bands, backtest: result.backtest,
                        candidates: result.candidates, notes: notes)
    }
}
