/// A level shift: from `day` on, the (weekday-adjusted) mean net flow moved from `meanBefore` to `meanAfter`.
public struct ChangePoint: Sendable, Codable, Hashable {
    public let day: CalendarDay
    public let meanBefore: Int64
    public let meanAfter: Int64

    enum CodingKeys: String, CodingKey {
        case day, meanBefore = "mean_before", meanAfter = "mean_after"
    }
}
