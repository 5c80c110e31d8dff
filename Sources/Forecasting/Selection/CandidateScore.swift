/// A model's rolling-origin score during selection.
public struct CandidateScore: Sendable, Codable, Hashable {
    public let method: String
    public let mase: Double
    /// Mean absolute error in cents.
    public let mae: Double

    public init(method: String, mase: Double, mae: Double) {
        self.method = method
        self.mase = mase
        self.mae = mae
    }
}
