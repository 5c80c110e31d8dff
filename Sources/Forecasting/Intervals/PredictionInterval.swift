/// A central prediction interval at `level` percent, in KES cents.
public struct PredictionInterval: Sendable, Codable, Hashable {
    public let level: Int
    public let lower: Int64
    public let upper: Int64

    public init(level: Int, lower: Int64, upper: Int64) {
        self.level = level
        self.lower = lower
        self.upper = upper
    }
}
