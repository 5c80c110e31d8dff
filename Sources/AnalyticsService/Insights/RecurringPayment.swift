import MPesaCore

/// A payment that repeats on a cadence (rent, salaries, subscriptions), as the recurring-payment detector reports it.
struct RecurringPayment: Sendable, Hashable, Codable {
    var counterpartyKey: String
    var counterpartyName: String?
    /// `weekly`, `biweekly`, `monthly` or `quarterly`.
    var cadence: String
    var typicalAmountCents: Int64
    var direction: Direction
    /// `YYYY-MM-DD` of the latest occurrence.
    var lastDay: String
    /// `YYYY-MM-DD` when the next occurrence is due.
    var nextExpectedDay: String
    var occurrences: Int
    var category: String?
    var evidence: [String]
}
