import MPesaCore

/// What kind of business a generated statement belongs to: it sets the mix and size of transactions.
public enum BusinessProfile: String, Sendable, CaseIterable, Codable {
    /// A shop paid by customers through M-PESA, buying stock by paybill and till, banking through agents.
    case retailShop = "retail_shop"
    /// A salaried individual: salary at month start, bills, family transfers.
    case salaried
    /// A boda-boda rider: many small fares in, fuel at tills, heavy Fuliza use.
    case bodaRider = "boda_rider"
}

/// The knobs of a generated statement. Equal configurations give byte-identical statements.
public struct GeneratorConfiguration: Sendable {
    public var seed: UInt64
    public var months: Int
    /// Average money-moving events per day (a payment with its charge and Fuliza draw counts once).
    public var transactionsPerDay: Double
    public var profile: BusinessProfile
    /// The last day of the statement period.
    public var endDate: LocalDateTime
    public var customerName: String
    public var mobileNumber: String
    /// Whether overdraft (Fuliza) is used when the balance runs short.
    public var fuliza: Bool
    public var openingBalanceCents: Int64

    public init(
        seed: UInt64 = 42,
        months: Int = 3,
        transactionsPerDay: Double = 12,
        profile: BusinessProfile = .retailShop,
        endDate: LocalDateTime = LocalDateTime(year: 2026, month: 3, day: 31)!,
        customerName: String = "JANE WANJIRU DOE",
        mobileNumber: String = "0712345678",
        fuliza: Bool = true,
        openingBalanceCents: Int64 = 250_000
    ) {
        self.seed = seed
        self.months = months
        self.transactionsPerDay = transactionsPerDay
        self.profile = profile
        self.endDate = endDate
        self.customerName = customerName
        self.mobileNumber = mobileNumber
        self.fuliza = fuliza
        self.openingBalanceCents = openingBalanceCents
    }
}
