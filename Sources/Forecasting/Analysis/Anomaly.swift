/// A day whose net flow is far from what its weekday and recent level lead us to expect.
public struct Anomaly: Sendable, Codable, Hashable {
    public enum Direction: String, Sendable, Codable { case high, low }

    public let day: CalendarDay
    public let value: Int64
    public let expected: Int64
    /// Robust z-score of the day's residual: 0.6745·(r − median)/MAD.
    public let score: Double
    public let direction: Direction
}
