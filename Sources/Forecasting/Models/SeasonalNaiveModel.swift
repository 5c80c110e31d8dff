/// Weekly seasonal naive: each future day repeats the same weekday of the last observed week. It is both a
/// pool member and the yardstick MASE is scaled by.
struct SeasonalNaiveModel: ForecastingModel {
    let period = 7
    var name: String { "seasonal_naive" }
    var minimumHistory: Int { period }

    func estimate(_ history: DailySeries) -> [Double] { [] }

    func forecast(_ history: DailySeries, parameters: [Double], horizon: Int) -> [Double] {
        let y = history.values
        guard y.count >= period else { return [Double](repeating: y.last ?? 0, count: horizon) }
        return (0..<horizon).map { y[y.count - period + ($0 % period)] }
    }
}
