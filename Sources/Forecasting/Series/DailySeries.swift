/// A dense daily series of net flow (KES cents as Double) starting on `start`; a day without transactions is 0.
public struct DailySeries: Sendable, Hashable {
    public let start: CalendarDay
    public let values: [Double]

    /// Rejects NaN and infinities so no model ever sees them.
    public init(start: CalendarDay, values: [Double]) throws(ForecastError) {
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw .nonFiniteValue(index: index)
        }
        self.start = start
        self.values = values
    }

    /// Convenience for the product's integer cents.
    public init(start: CalendarDay, cents: [Int64]) {
        self.start = start
        self.values = cents.map { Double($0) }
    }

    /// Internal initialiser for slices of an already validated series.
    init(validated values: [Double], start: CalendarDay) {
        self.start = start
        self.values = values
    }

    /// The last day of the series (the day before `start` when empty).
    public var end: CalendarDay { start.advanced(by: values.count - 1) }
    public var count: Int { values.count }

    public func day(at index: Int) -> CalendarDay { start.advanced(by: index) }

    /// The first `length` days, used by the rolling-origin backtest.
    func prefix(_ length: Int) -> DailySeries {
        DailySeries(validated: Array(values.prefix(length)), start: start)
    }
}
