/// One payment to or from a counterparty: the day and the signed amount in KES cents.
public struct DatedAmount: Sendable, Codable, Hashable {
    public let day: CalendarDay
    public let amount: Int64

    public init(day: CalendarDay, amount: Int64) {
        self.day = day
        self.amount = amount
    }

    enum CodingKeys: String, CodingKey {
        case day, amount = "amount_cents"
    }
}
