/// Wraps a pool model with a day-of-month effect: the effect is estimated from the history, removed before
/// the base model sees the data, and added back on the forecast days.
struct MonthAdjustedModel: ForecastingModel {
    let base: any ForecastingModel

    var name: String { base.name + "+month_effect" }
    var minimumHistory: Int { max(base.minimumHistory, DayOfMonthEffect.minimumHistory) }

    func estimate(_ history: DailySeries) -> [Double] {
        base.estimate(DayOfMonthEffect.estimate(history).adjust(history))
    }

    func forecast(_ history: DailySeries, parameters: [Double], horizon: Int) -> [Double] {
        let effect = DayOfMonthEffect.estimate(history)
        let f = base.forecast(effect.adjust(history), parameters: parameters, horizon: horizon)
        let next = history.start.advanced(by: history.count)
        return (0..<horizon).map { f[$0] + effect.effect(on: next.advanced(by: $0)) }
    }
}
