import MPesaCore
import StatementGeneration
import StatementParsing

/// Random transactions of every kind an SMS confirms, with facts shaped the way SMS print them (times to the
/// minute, the counterparty fields each template carries), so a render → parse round trip must give them back
/// unchanged.
enum SMSTransactionFactory {
    /// The shapes the factory draws from, one per §3 template.
    enum Shape: String, CaseIterable, Sendable {
        case sendMoney, pochiPayment, pochiReceived, paybill, globalPay, bundles, buyGoods
        case receivedFromPerson, remittance, businessPayment, agentWithdrawal, agentDeposit
        case airtimeSelf, airtimeOther, mShwariIn, mShwariOut, kcbIn, kcbOut
        case fulizaDraw, fulizaRepayment, reversalCredit, reversalDebit
    }

    static let people = ["JOHN DOE", "JANE DOE", "MARY WANJIKU KAMAU", "PETER OTIENO", "AMINA HASSAN ALI", "Brian Kiprop"]
    static let phones = ["0712345678", "0110987654", "254712345678", "0799***123", "2547******321", "07******456", "0711 111 111"]
    static let paybills = ["KPLC PREPAID", "Equity Paybill Account", "KCB Paybill AC", "NAIROBI WATER", "ZUKU FIBER LIMITED"]
    static let tills = ["SHOP NAME", "NAIVAS LANG'ATA", "KOKO NETWORKS LTD.", "JOHN DOE 1", "FAIRMART SUPERMARKET-KIKUYU"]
    static let businesses = ["BANK OF BARODA KENYA LIMITED", "Equity Bulk Account", "KCB 1", "NCBA BANK", "CELLIPAY LIMITED", "EDENBRIDGE CAPITAL LIMITED 2"]
    static let agents = [
        "Neovilla Management Ltd Jubilee Shop Kithimani mkt", "Casha Marketeers LTD Demtilas Shop",
        "TUKO NET LIMITED Ernest enterprises shop elgons building", "Neypart Gituamba Shopping center STEVE SHOP Agg",
    ]
    static let cardMerchants = ["AMAZON RETAIL +1401XXXXXXX US", "SPOTIFY AB STOCKHOLM +4686XXXXXXX SE", "NETFLIX.COM +1866XXXXXXX US"]

    static func random(_ random: inout SMSTestRandom) -> SMSTransaction {
        make(random.element(Shape.allCases), &random)
    }

    static func make(_ shape: Shape, _ random: inout SMSTestRandom) -> SMSTransaction {
        let time = SMSFixtures.time(2024 + random.below(3), 1 + random.below(12), 1 + random.below(28), random.below(24), random.below(60))
        let receipt = SMSFixtures.receipt(for: time, &random)
        let amount = Int64(100 + random.below(15_000_000))
        let fee = Int64(random.below(3) == 0 ? 0 : random.below(11_000))
        let balance = Int64(random.below(50_000_000))
        let person = random.element(people)
        func tx(_ kind: TransactionKind, _ direction: Direction, fee: Int64 = 0, balance: Int64?, _ counterparty: Counterparty?, reversed: String? = nil) -> SMSTransaction {
            SMSTransaction(
                receipt: receipt, localTime: time, kind: kind, direction: direction, amountCents: amount, feeCents: fee, balanceCents: balance,
                counterparty: counterparty, reversedReceipt: reversed
            )
        }
        switch shape {
        case .sendMoney:
            return tx(.sendMoney, .out, fee: fee, balance: balance, Counterparty(kind: .person, name: person, phone: random.element(phones)))
        case .pochiPayment:
            return tx(.pochi, .out, fee: fee, balance: balance, Counterparty(kind: .person, name: person))
        case .pochiReceived:
            let phone = random.below(2) == 0 ? random.element(phones) : nil
            return tx(.pochi, .in, balance: nil, Counterparty(kind: .person, name: person, phone: phone))
        case .paybill:
            let account = random.below(5) == 0 ? nil : String(random.below(1_000_000_000))
            return tx(.paybill, .out, fee: fee, balance: balance, Counterparty(kind: .paybill, name: random.element(paybills), accountReference: account))
        case .globalPay:
            return tx(.paybill, .out, fee: fee, balance: balance, Counterparty(kind: .paybill, name: "M-PESA CARD", accountReference: random.element(cardMerchants)))
        case .bundles:
            let name = random.element(["SAFARICOM DATA BUNDLES", "Safaricom Offers"])
            return tx(.airtimeBundles, .out, fee: fee, balance: balance, Counterparty(kind: .telco, name: name, accountReference: random.below(2) == 0 ? name : "0712345678"))
        case .buyGoods:
            return tx(.buyGoods, .out, fee: fee, balance: balance, Counterparty(kind: .till, name: random.element(tills)))
        case .receivedFromPerson:
            return tx(.receiveMoney, .in, balance: balance, Counterparty(kind: .person, name: person, phone: random.element(phones)))
        case .remittance:
            return tx(.receiveMoney, .in, balance: balance, Counterparty(kind: .person, name: person))
        case .businessPayment:
            let code = random.below(3) == 0 ? nil : String(100_000 + random.below(900_000))
            return tx(.businessPayment, .in, balance: balance, Counterparty(kind: .business, name: random.element(businesses), shortcode: code))
        case .agentWithdrawal:
            return tx(.agentWithdrawal, .out, fee: fee, balance: balance, Counterparty(kind: .agent, name: random.element(agents), shortcode: String(100_000 + random.below(9_000_000))))
        case .agentDeposit:
            return tx(.agentDeposit, .in, balance: random.below(6) == 0 ? nil : balance, Counterparty(kind: .agent, name: random.element(agents)))
        case .airtimeSelf:
            return tx(.airtimeBundles, .out, fee: fee, balance: balance, Counterparty(kind: .telco, name: "Safaricom"))
        case .airtimeOther:
            return tx(.airtimeBundles, .out, fee: fee, balance: balance, Counterparty(kind: .telco, name: "Safaricom", phone: random.element(["0722000111", "254711222333"])))
        case .mShwariIn:
            return tx(.savingsDeposit, .out, fee: fee, balance: balance, Counterparty(kind: .bank, name: "M-Shwari"))
        case .mShwariOut:
            return tx(.savingsWithdrawal, .in, fee: fee, balance: balance, Counterparty(kind: .bank, name: "M-Shwari"))
        case .kcbIn:
            return tx(.savingsDeposit, .out, fee: fee, balance: balance, Counterparty(kind: .bank, name: "KCB M-PESA"))
        case .kcbOut:
            return tx(.savingsWithdrawal, .in, fee: fee, balance: balance, Counterparty(kind: .bank, name: "KCB M-PESA"))
        case .fulizaDraw:
            return tx(.fulizaDraw, .in, balance: random.below(3) == 0 ? balance : nil, Counterparty(kind: .telco, name: "Fuliza M-PESA"))
        case .fulizaRepayment:
            return tx(.fulizaRepayment, .out, balance: balance, Counterparty(kind: .telco, name: "Fuliza M-PESA"))
        case .reversalCredit, .reversalDebit:
            let original = SMSFixtures.receipt(for: time, &random)
            return tx(.reversal, shape == .reversalCredit ? .in : .out, balance: balance, nil, reversed: original)
        }
    }

    /// What a paste of these transactions must parse back to: Fuliza notices print no time, so they are dated
    /// from the payment with the same receipt or, alone, from the receipt's date code at midnight.
    static func expectedTimes(_ transactions: [SMSTransaction]) -> [SMSTransaction] {
        var printed: [String: LocalDateTime] = [:]
        for transaction in transactions where ![.fulizaDraw, .fulizaRepayment].contains(transaction.kind) {
            if printed[transaction.receipt] == nil { printed[transaction.receipt] = transaction.localTime }
        }
        return transactions.map { transaction in
            guard [.fulizaDraw, .fulizaRepayment].contains(transaction.kind) else { return transaction }
            var dated = transaction
            let time = transaction.localTime
            dated.localTime = printed[transaction.receipt] ?? SMSFixtures.time(time.year, time.month, time.day, 0, 0)
            return dated
        }
    }
}
