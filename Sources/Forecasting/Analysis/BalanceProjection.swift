/// Projects the end-of-day balance from an opening balance and a forecast. The bands come from the
/// forecast's cumulative bands — quantiles of whole cumulative backtest error paths — not from adding up
/// daily bounds, which would ignore that daily errors partly cancel and partly persist.
public struct BalanceProjection: Sendable, Codable {
    public let openingBalance: Int64
    public let days: [ProjectedBalance]

    public init(openingBalance: Int64, forecast: Forecast) {
        self.openingBalance = openingBalance
        days = forecast.cumulative.map { band in
            ProjectedBalance(day: band.day, balance: openingBalance &+ band.mean,
                             lower80: openingBalance &+ band.lower80, upper80: openingBalance &+ band.upper80,
                             lower95: openingBalance &+ band.lower95, upper95: openingBalance &+ band.upper95)
        }
    }

    /// Probability that the balance at the end of `days[index]` is below `threshold`, read off a
    /// piecewise-linear distribution through the 2.5/10/50/90/97.5% points (tails taper linearly).
    public func probabilityBelow(_ threshold: Int64, at index: Int) -> Double {
        guard days.indices.contains(index) else { return 0 }
        let d = days[index]
        let x = Double(threshold)
        let knots: [(Double, Double)] = [
            (Double(d.lower95), 0.025), (Double(d.lower80), 0.10), (Double(d.balance), 0.5),
            (Double(d.upper80), 0.90), (Double(d.upper95), 0.975),
        ]
        let span = max(Double(d.upper95) - Double(d.lower95), 0) / 4
        if span == 0 { return x > Double(d.balance) ? 1 : 0 }
        if x <= knots[0].0 { return 0.025 * max(0, 1 - (knots[0].0 - x) / span) }
        if x > knots[4].0 { return 0.975 + 0.025 * min(1, (x - knots[4].0) / span) }
        for i in 0..<4 where x <= knots[i + 1].0 {
            let (x0, p0) = knots[i], (x1, p1) = knots[i + 1]
            return x1 > x0 ? p0 + (p1 - p0) * (x - x0) / (x1 - x0) : p1
        }
        return 0.975
    }

    /// The first projected day on which the balance is below `threshold` with at least `minimumProbability`
    /// (0.5 = the median path crosses), with that day's probability; nil when it never happens in the horizon.
    public func firstDayBelow(threshold: Int64, minimumProbability: Double = 0.5) -> (day: CalendarDay, probability: Double)? {
        for i in days.indices {
            let p = probabilityBelow(threshold, at: i)
            if p >= minimumProbability { return (days[i].day, p) }
        }
        return nil
    }
}
