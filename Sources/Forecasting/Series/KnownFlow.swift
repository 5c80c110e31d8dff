/// A flow the caller knows about (a detected rent, salary or loan repayment): occurrences dated inside the
/// history are removed before modelling, occurrences dated inside the horizon are added to the forecast.
public struct KnownFlow: Sendable, Codable, Hashable {
    public let day: CalendarDay
    /// Signed KES cents: negative for money going out.
    public let amount: Int64
    public let label: String

    public init(day: CalendarDay, amount: Int64, label: String) {
        self.day = day
        self.amount = amount
        self.label = label
    }

    enum CodingKeys: String, CodingKey {
        case day, label
        case amount = "amount_cents"
    }
}
