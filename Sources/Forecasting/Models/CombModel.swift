/// The M4 "Comb" benchmark (Makridakis et al. 2020): the mean of SES, Holt and damped Holt fitted to the
/// seasonally adjusted series, reseasonalised. Averaging three trend assumptions hedges against each.
struct CombModel: ForecastingModel {
    var name: String { "comb" }
    var minimumHistory: Int { 14 }

    private let members = [
        ExponentialSmoothingModel(trend: .none, seasonal: false),
        ExponentialSmoothingModel(trend: .additive, seasonal: false),
        ExponentialSmoothingModel(trend: .damped, seasonal: false),
    ]

    func estimate(_ history: DailySeries) -> [Double] {
        let adjusted = ClassicalDecomposition.fit(history.values).adjust(history.values)
        return members.flatMap { $0.vector($0.fit(adjusted)) }
    }

    func forecast(_ history: DailySeries, parameters: [Double], horizon: Int) -> [Double] {
        let y = history.values
        let decomposition = ClassicalDecomposition.fit(y)
        let x = decomposition.adjust(y)
        var sum = [Double](repeating: 0, count: horizon)
        var offset = 0
        for member in members {
            let width = member.vector(.init(alpha: 0)).count
            let slice = Array(parameters.dropFirst(offset).prefix(width))
            offset += width
            let f = member.forecast(x, smoothing: member.smoothing(slice), horizon: horizon)
            for h in 0..<horizon { sum[h] += f[h] }
        }
        return (0..<horizon).map { decomposition.reseasonalise(sum[$0] / Double(members.count), at: y.count + $0) }
    }
}
