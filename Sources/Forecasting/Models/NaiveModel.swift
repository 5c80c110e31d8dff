/// Random-walk forecast: tomorrow and every later day equal the last observed day.
struct NaiveModel: ForecastingModel {
    var name: String { "naive" }
    var minimumHistory: Int { 1 }

    func estimate(_ history: DailySeries) -> [Double] { [] }

    func forecast(_ history: DailySeries, parameters: [Double], horizon: Int) -> [Double] {
        [Double](repeating: history.values.last ?? 0, count: horizon)
    }
}
