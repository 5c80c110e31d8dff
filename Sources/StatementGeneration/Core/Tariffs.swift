/// Safaricom's customer charges (2024 tariff), in cents, used to give generated statements realistic fees.
public enum Tariffs {
    /// (upper bound of the band in shillings, charge in shillings).
    static let sendMoney: [(Int64, Int64)] = [
        (100, 0), (500, 7), (1_000, 13), (1_500, 23), (2_500, 33), (3_500, 53), (5_000, 57), (7_500, 78), (10_000, 90),
        (15_000, 100), (20_000, 105), (250_000, 108),
    ]
    static let agentWithdrawal: [(Int64, Int64)] = [
        (100, 11), (2_500, 29), (3_500, 52), (5_000, 69), (7_500, 87), (10_000, 115), (15_000, 167), (20_000, 185),
        (35_000, 197), (50_000, 278), (250_000, 309),
    ]

    static func charge(_ bands: [(Int64, Int64)], amountCents: Int64) -> Int64 {
        let shillings = (amountCents + 99) / 100
        for (upper, fee) in bands where shillings <= upper { return fee * 100 }
        return bands.last!.1 * 100
    }

    public static func sendMoneyCharge(_ amountCents: Int64) -> Int64 { charge(sendMoney, amountCents: amountCents) }
    public static func withdrawalCharge(_ amountCents: Int64) -> Int64 { charge(agentWithdrawal, amountCents: amountCents) }
}
