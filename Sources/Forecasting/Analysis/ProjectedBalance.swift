/// The projected end-of-day balance on one day, with 80% and 95% bands, in KES cents.
public struct ProjectedBalance: Sendable, Codable, Hashable {
    public let day: CalendarDay
    public let balance: Int64
    public let lower80: Int64
    public let upper80: Int64
    public let lower95: Int64
    public let upper95: Int64

    enum CodingKeys: String, CodingKey {
        case day, balance
        case lower80 = "lower_80", upper80 = "upper_80", lower95 = "lower_95", upper95 = "upper_95"
    }
}
