import Foundation
import MPesaCore
import StatementParsing

/// Generates realistic personal M-PESA statements (§1 of the formats reference): the Details vocabulary of real
/// statements, 2024 tariffs, Fuliza overdraft groups (draw, payment and charge sharing one receipt and one
/// second, printed in no fixed order), automatic Fuliza repayments a second after money arrives, receipts whose
/// first three characters encode the date, and a SUMMARY computed with Safaricom's category rules (§1.4).
public enum PersonalStatementGenerator {
    /// SUMMARY categories in printed order; nil for rows that belong to none (Fuliza credits funding paybill,
    /// till or agent payments).
    static let categoryLabels = [
        "SEND MONEY:", "RECEIVED MONEY:", "AGENT DEPOSIT:", "AGENT WITHDRAWAL:", "LIPA NA M-PESA (PAYBILL):",
        "LIPA NA M-PESA (BUY GOODS):", "OTHERS:",
    ]

    private enum Category: Int { case send = 0, received, agentDeposit, agentWithdrawal, paybill, buyGoods, others }

    /// One leg as generated, before it becomes a printed row.
    private struct Leg {
        var details: String
        var amountCents: Int64
        var isIn: Bool
        var truth: RowTruth
        var category: Category?
    }

    private struct Event {
        var time: LocalDateTime
        var receipt: String
        /// Legs in the order they happened (the order the balance chain follows).
        var legs: [Leg]
    }

    private enum Action: CaseIterable {
        case receiveFromCustomer, receiveFromPerson, sendMoney, pochiPayment, paybill, supplierPaybill, buyGoods, agentWithdrawal,
            agentDeposit, airtime, bundles, savingsDeposit, savingsWithdrawal, b2cIncome, reversalIn
    }

    public static func generate(_ configuration: GeneratorConfiguration) -> SyntheticStatement {
        var random = SeededRandom(seed: configuration.seed)
        var state = State(balance: configuration.openingBalanceCents, fulizaLimit: configuration.fuliza ? 300_000 : 0)
        let end = configuration.endDate
        let startInstant = end.instant.addingTimeInterval(-Double(configuration.months) * 30.4 * 86_400)
        let start = LocalDateTime(instant: startInstant)
        let firstDay = LocalDateTime(year: start.year, month: start.month, day: start.day)!
        var events: [Event] = []
        var usedReceipts: Set<String> = []
        let ownPhone = maskedPhone(configuration.mobileNumber)

        var day = firstDay
        while day <= end {
            let weekday = Int((day.ordinal / 86_400 + 4) % 7)  // 0 = Sunday
            let busy = weekday == 6 || weekday == 5 ? 1.3 : (weekday == 0 ? 0.8 : 1.0)
            var count = random.poisson(configuration.transactionsPerDay * busy)
            if day.day == 1 || day.day == 28 { count += 1 }
            var seconds = (0..<count).map { _ in 6 * 3600 + Int(random.next() % UInt64(16 * 3600)) }.sorted()
            // Distinct seconds, so only a receipt's own legs share one.
            for index in seconds.indices.dropFirst() where seconds[index] <= seconds[index - 1] + 2 { seconds[index] = seconds[index - 1] + 3 }
            for second in seconds where second < 86_000 {
                let time = LocalDateTime(year: day.year, month: day.month, day: day.day, hour: second / 3600, minute: second % 3600 / 60, second: second % 60)!
                let action = chooseAction(configuration.profile, day: day, random: &random)
                let produced = makeEvents(action, time: time, configuration: configuration, ownPhone: ownPhone, state: &state, random: &random, used: &usedReceipts)
                events += produced
            }
            day = day.adding(seconds: 86_400)
        }
        return render(events: events, configuration: configuration, random: &random)
    }

    // MARK: - State

    private struct State {
        var balance: Int64
        var fulizaLimit: Int64
        var fulizaOutstanding: Int64 = 0
        var savings: Int64 = 0
    }

    private static func chooseAction(_ profile: BusinessProfile, day: LocalDateTime, random: inout SeededRandom) -> Action {
        switch profile {
        case .retailShop:
            return random.weighted([
                (.receiveFromCustomer, 46), (.receiveFromPerson, 4), (.sendMoney, 6), (.pochiPayment, 2), (.paybill, 4), (.supplierPaybill, 9),
                (.buyGoods, 8), (.agentWithdrawal, 4), (.agentDeposit, 5), (.airtime, 3), (.bundles, 2), (.savingsDeposit, 2),
                (.savingsWithdrawal, 1), (.b2cIncome, 1), (.reversalIn, 0.3),
            ])
        case .salaried:
            if day.day == 28 { return .b2cIncome }
            return random.weighted([
                (.receiveFromPerson, 10), (.sendMoney, 18), (.pochiPayment, 5), (.paybill, 14), (.buyGoods, 22), (.agentWithdrawal, 6),
                (.agentDeposit, 2), (.airtime, 8), (.bundles, 6), (.savingsDeposit, 4), (.savingsWithdrawal, 2), (.b2cIncome, 1),
                (.reversalIn, 0.3),
            ])
        case .bodaRider:
            return random.weighted([
                (.receiveFromCustomer, 55), (.sendMoney, 6), (.buyGoods, 14), (.paybill, 3), (.agentWithdrawal, 6), (.airtime, 6),
                (.bundles, 5), (.receiveFromPerson, 3), (.savingsDeposit, 1), (.reversalIn, 0.2),
            ])
        }
    }

    private static func person(_ random: inout SeededRandom) -> (phone: String, name: String) {
        let digits = String(format: "%03d", Int(random.next() % 1000))
        let phone = random.chance(0.7) ? "2547******\(digits)" : (random.chance(0.5) ? "07******\(digits)" : "01******\(digits)")
        let name = random.chance(0.8) ? "\(random.pick(NamePools.firstNames)) \(random.pick(NamePools.lastNames))" : random.pick(NamePools.firstNames)
        return (phone, name)
    }

    static func maskedPhone(_ mobile: String) -> String {
        let digits = mobile.filter(\.isNumber)
        let national = digits.hasPrefix("0") ? "254" + digits.dropFirst() : digits
        return String(national.prefix(4)) + "******" + String(national.suffix(3))
    }

    static func receipt(for time: LocalDateTime, random: inout SeededRandom, used: inout Set<String>) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        while true {
            var code = ReceiptDateCode.encode(time)
            for _ in 0..<7 { code.append(alphabet[Int(random.next() % UInt64(alphabet.count))]) }
            if used.insert(code).inserted { return code }
        }
    }

    // MARK: - Events

    private static func makeEvents(
        _ action: Action, time: LocalDateTime, configuration: GeneratorConfiguration, ownPhone: String, state: inout State,
        random: inout SeededRandom, used: inout Set<String>
    ) -> [Event] {
        let profile = configuration.profile
        switch action {
        case .receiveFromCustomer:
            let amount = random.shillings(median: profile == .bodaRider ? 150 : 420, spread: 0.8, range: 10...25_000)
            let (phone, name) = person(&random)
            return incoming(Leg(details: "Funds received from - \(phone) \(name)", amountCents: amount, isIn: true, truth: .init(kind: .receiveMoney, role: .primary), category: .received), time: time, state: &state, random: &random, used: &used)
        case .receiveFromPerson:
            let amount = random.shillings(median: 1_500, spread: 0.9, range: 50...60_000)
            let (phone, name) = person(&random)
            let details = random.chance(0.1)
                ? "Small Business Payment to Customer via API from - \(phone) \(name)"
                : "Funds received from - \(phone) \(name)"
            let kind: TransactionKind = details.hasPrefix("Small") ? .pochi : .receiveMoney
            return incoming(Leg(details: details, amountCents: amount, isIn: true, truth: .init(kind: kind, role: .primary), category: .received), time: time, state: &state, random: &random, used: &used)
        case .b2cIncome:
            let (family, code, name) = profile == .salaried && time.day == 28 ? ("Salary", "334700", "PREMIER KENYA LIMITED") : random.pick(NamePools.employers)
            let amount = family == "Salary" ? random.shillings(median: 85_000, spread: 0.1, range: 40_000...150_000)
                : random.shillings(median: 5_000, spread: 1.0, range: 200...200_000) + Int64(random.next() % 100)
            let conversation = "\(random.chance(0.5) ? "EQ" : "FTC")\(random.next() % 1_000_000_000)"
            let details = "\(family) Payment from \(code) - \(name) via API. Original conversation ID is \(conversation)"
            let kind: TransactionKind = family == "Salary" ? .salaryPayment : (family == "Promotion" ? .promotionPayment : .businessPayment)
            return incoming(Leg(details: details, amountCents: amount, isIn: true, truth: .init(kind: kind, role: .primary), category: .others), time: time, state: &state, random: &random, used: &used)
        case .agentDeposit:
            let amount = random.shillings(median: 3_000, spread: 0.7, range: 100...70_000)
            let (code, agent) = random.pick(NamePools.agents)
            return incoming(Leg(details: "Deposit of Funds at Agent Till \(code) - \(agent)", amountCents: amount, isIn: true, truth: .init(kind: .agentDeposit, role: .primary), category: .agentDeposit), time: time, state: &state, random: &random, used: &used)
        case .savingsWithdrawal:
            guard state.savings > 10_000 else { return [] }
            let amount = min(state.savings, random.shillings(median: 1_000, spread: 0.6, range: 100...50_000))
            state.savings -= amount
            let product = random.chance(0.5) ? "M-Shwari Withdraw" : "KCB M-PESA Withdraw"
            return incoming(Leg(details: product, amountCents: amount, isIn: true, truth: .init(kind: .savingsWithdrawal, role: .primary), category: .others), time: time, state: &state, random: &random, used: &used)
        case .reversalIn:
            let amount = random.shillings(median: 300, spread: 0.8, range: 10...5_000)
            let (phone, name) = person(&random)
            return incoming(Leg(details: "Send Money Reversal via API from - \(phone) \(name)", amountCents: amount, isIn: true, truth: .init(kind: .reversal, role: .primary), category: .others), time: time, state: &state, random: &random, used: &used)
        case .sendMoney:
            let amount = random.shillings(median: profile == .salaried ? 1_500 : 800, spread: 0.9, range: 10...70_000)
            let (phone, name) = person(&random)
            return outgoing(
                main: { fuliza in Leg(details: "Customer Transfer \(fuliza ? "Fuliza MPesa " : "")to - \(phone) \(name)", amountCents: amount, isIn: false, truth: .init(kind: .sendMoney, role: .primary), category: .send) },
                charge: Tariffs.sendMoneyCharge(amount).nonZero.map { Leg(details: "Customer Transfer of Funds Charge", amountCents: $0, isIn: false, truth: .init(kind: .sendMoney, role: .charge), category: .send) },
                overdraftCategory: .received, time: time, state: &state, random: &random, used: &used
            )
        case .pochiPayment:
            let amount = random.shillings(median: 400, spread: 0.8, range: 10...20_000)
            let (phone, name) = person(&random)
            return outgoing(
                main: { fuliza in
                    Leg(details: fuliza ? "Customer Send Money to Micro SME Business with Fuliza MPesa to - \(phone) \(name)" : "Customer Payment to Small Business to - \(phone) \(name)",
                        amountCents: amount, isIn: false, truth: .init(kind: .pochi, role: .primary), category: .send)
                },
                charge: nil, overdraftCategory: .received, time: time, state: &state, random: &random, used: &used
            )
        case .paybill, .supplierPaybill:
            let bills = action == .supplierPaybill ? NamePools.paybills.filter { ["4016891", "7171717", "4109505", "333713"].contains($0.code) } : NamePools.paybills
            let bill = random.pick(bills)
            let amount = random.shillings(median: action == .supplierPaybill ? 6_000 : 1_200, spread: 0.8, range: 20...150_000)
            let online = random.chance(0.3)
            return outgoing(
                main: { fuliza in
                    let modifier = (online ? " Online" : "") + (fuliza ? " Fuliza M-Pesa" : "")
                    return Leg(details: "Pay Bill\(modifier) to \(bill.code) - \(bill.name) Acc. \(bill.account)", amountCents: amount, isIn: false, truth: .init(kind: .paybill, role: .primary), category: .paybill)
                },
                charge: bill.chargeCents.nonZero.map { Leg(details: "Pay Bill Charge", amountCents: $0, isIn: false, truth: .init(kind: .paybill, role: .charge), category: .paybill) },
                overdraftCategory: nil, time: time, state: &state, random: &random, used: &used
            )
        case .buyGoods:
            let (till, name) = random.pick(NamePools.tills)
            let amount = random.shillings(median: profile == .bodaRider ? 350 : 900, spread: 0.9, range: 10...60_000)
            let online = random.chance(0.25)
            return outgoing(
                main: { fuliza in
                    Leg(details: "Merchant Payment\(fuliza ? " Fuliza M-Pesa" : "")\(online ? " Online" : "") to \(till) - \(name)", amountCents: amount, isIn: false, truth: .init(kind: .buyGoods, role: .primary), category: .buyGoods)
                },
                charge: nil, overdraftCategory: nil, time: time, state: &state, random: &random, used: &used
            )
        case .agentWithdrawal:
            let (code, agent) = random.pick(NamePools.agents)
            let amount = random.shillings(median: 2_000, spread: 0.7, range: 50...70_000)
            return outgoing(
                main: { fuliza in
                    Leg(details: fuliza ? "Customer Withdrawal at Agent Till with Fuliza to \(code) - \(agent)" : "Customer Withdrawal At Agent Till \(code) - \(agent)",
                        amountCents: amount, isIn: false, truth: .init(kind: .agentWithdrawal, role: .primary), category: .agentWithdrawal)
                },
                charge: Leg(details: "Withdrawal Charge", amountCents: Tariffs.withdrawalCharge(amount), isIn: false, truth: .init(kind: .agentWithdrawal, role: .charge), category: .agentWithdrawal),
                overdraftCategory: nil, time: time, state: &state, random: &random, used: &used
            )
        case .airtime:
            let amount = random.shillings(median: 50, spread: 0.7, range: 5...1_000)
            return outgoing(
                main: { fuliza in Leg(details: fuliza ? "Airtime Purchase with Fuliza" : "Airtime Purchase", amountCents: amount, isIn: false, truth: .init(kind: .airtimeBundles, role: .primary), category: .others) },
                charge: nil, overdraftCategory: .others, time: time, state: &state, random: &random, used: &used
            )
        case .bundles:
            let amount = random.pick([Int64(2_000), 5_000, 9_900, 25_000, 50_000, 100_000])
            let target = random.chance(0.7) ? "826915Safaricom Offers" : "244441SAFARICOM POSTPAID BUNDLES"
            return outgoing(
                main: { fuliza in
                    Leg(details: "Customer Bundle Purchase \(fuliza ? "with Fuliza " : "")to \(target) by - \(ownPhone) \(configuration.customerName)", amountCents: amount, isIn: false,
                        truth: .init(kind: .airtimeBundles, role: .primary), category: .others)
                },
                charge: nil, overdraftCategory: .others, time: time, state: &state, random: &random, used: &used
            )
        case .savingsDeposit:
            guard state.balance > 50_000 else { return [] }
            let amount = min(state.balance / 2, random.shillings(median: 1_000, spread: 0.7, range: 50...30_000))
            let product = random.chance(0.5) ? "M-Shwari Deposit" : "KCB M-PESA Deposit"
            guard amount > 0 else { return [] }
            state.savings += amount
            return outgoing(
                main: { _ in Leg(details: product, amountCents: amount, isIn: false, truth: .init(kind: .savingsDeposit, role: .primary), category: .others) },
                charge: nil, overdraftCategory: nil, time: time, state: &state, random: &random, used: &used, allowFuliza: false
            )
        }
    }

    /// Money in, followed a second later by an automatic Fuliza repayment when an overdraft is outstanding.
    private static func incoming(_ leg: Leg, time: LocalDateTime, state: inout State, random: inout SeededRandom, used: inout Set<String>) -> [Event] {
        state.balance += leg.amountCents
        var events = [Event(time: time, receipt: receipt(for: time, random: &random, used: &used), legs: [leg])]
        if state.fulizaOutstanding > 0, state.balance > 0 {
            let repay = min(state.fulizaOutstanding, state.balance)
            state.fulizaOutstanding -= repay
            state.balance -= repay
            let repayTime = time.adding(seconds: 1)
            events.append(Event(
                time: repayTime,
                receipt: receipt(for: repayTime, random: &random, used: &used),
                legs: [Leg(details: "OD Loan Repayment to 232323 - M-PESA Overdraw", amountCents: repay, isIn: false, truth: .init(kind: .fulizaRepayment, role: .primary), category: .others)]
            ))
        }
        return events
    }

    /// Money out with its charge; when the balance is short, a Fuliza draw funds it (the draw, the payment and the
    /// charge share the receipt and the second).
    private static func outgoing(
        main: (Bool) -> Leg, charge: Leg?, overdraftCategory: Category?, time: LocalDateTime, state: inout State, random: inout SeededRandom,
        used: inout Set<String>, allowFuliza: Bool = true
    ) -> [Event] {
        let needed = main(false).amountCents + (charge?.amountCents ?? 0)
        if state.balance >= needed {
            state.balance -= needed
            return [Event(time: time, receipt: receipt(for: time, random: &random, used: &used), legs: [main(false)] + (charge.map { [$0] } ?? []))]
        }
        let shortfall = needed - state.balance
        guard allowFuliza, state.fulizaLimit - state.fulizaOutstanding >= shortfall else { return [] }
        // The access fee (1%) is owed on top of the draw and repaid with it.
        state.fulizaOutstanding += shortfall + (shortfall + 99) / 100
        state.balance = 0
        let draw = Leg(details: "OverDraft of Credit Party", amountCents: shortfall, isIn: true, truth: .init(kind: .fulizaDraw, role: .overdraft), category: overdraftCategory)
        return [Event(time: time, receipt: receipt(for: time, random: &random, used: &used), legs: [draw, main(true)] + (charge.map { [$0] } ?? []))]
    }

    // MARK: - Rendering into rows

    private static func render(events: [Event], configuration: GeneratorConfiguration, random: inout SeededRandom) -> SyntheticStatement {
        var balance = configuration.openingBalanceCents
        var chronological: [(row: StatementRow, truth: RowTruth, category: Category?)] = []
        for event in events.sorted(by: { $0.time < $1.time }) {
            var group: [(StatementRow, RowTruth, Category?)] = []
            for leg in event.legs {
                balance += leg.isIn ? leg.amountCents : -leg.amountCents
                let row = StatementRow(
                    receipt: event.receipt,
                    completedAt: event.time,
                    details: leg.details,
                    paidIn: leg.isIn ? Money(cents: leg.amountCents) : nil,
                    withdrawn: leg.isIn ? nil : Money(cents: leg.amountCents),
                    balance: Money(cents: balance),
                    source: RowSource(line: 0, index: 0)
                )
                group.append((row, leg.truth, leg.category))
            }
            // Legs of one receipt and second are printed in no fixed order (§1.8).
            if group.count > 1, random.chance(0.5) { group.shuffle(using: &random) }
            chronological += group.map { ($0.0, $0.1, $0.2) }
        }
        let printed = Array(chronological.reversed())
        var rows: [StatementRow] = []
        var truth: [RowTruth] = []
        var paidInByCategory = [Int64](repeating: 0, count: 7)
        var paidOutByCategory = [Int64](repeating: 0, count: 7)
        var totalIn: Int64 = 0
        var totalOut: Int64 = 0
        for (index, item) in printed.enumerated() {
            var row = item.row
            row.source = RowSource(line: index + 1, index: index)
            rows.append(row)
            truth.append(item.truth)
            totalIn += row.paidIn?.cents ?? 0
            totalOut += row.withdrawn?.cents ?? 0
            if let category = item.category {
                paidInByCategory[category.rawValue] += row.paidIn?.cents ?? 0
                paidOutByCategory[category.rawValue] += row.withdrawn?.cents ?? 0
            }
        }
        let summary = StatementSummary(
            lines: categoryLabels.indices.map { StatementSummary.Line(label: categoryLabels[$0], paidInCents: paidInByCategory[$0], paidOutCents: paidOutByCategory[$0]) },
            totalPaidInCents: totalIn,
            totalPaidOutCents: totalOut
        )
        var metadata = StatementMetadata(format: .personalPDF)
        metadata.customerName = configuration.customerName
        metadata.maskedMobile = StatementMetadata.mask(configuration.mobileNumber)
        metadata.email = configuration.customerName.split(separator: " ").first.map { "\($0.lowercased())@example.com" }
        let end = configuration.endDate
        let start = LocalDateTime(instant: end.instant.addingTimeInterval(-Double(configuration.months) * 30.4 * 86_400))
        metadata.periodStart = LocalDateTime(year: start.year, month: start.month, day: start.day)
        metadata.periodEnd = LocalDateTime(year: end.year, month: end.month, day: end.day)
        metadata.requestDate = metadata.periodEnd
        let codeAlphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        metadata.verificationCode = String((0..<8).map { _ in codeAlphabet[Int(random.next() % UInt64(codeAlphabet.count))] })
        metadata.openingBalanceCents = configuration.openingBalanceCents
        metadata.closingBalanceCents = balance
        return SyntheticStatement(metadata: metadata, mobileNumber: configuration.mobileNumber, summary: summary, rows: rows, truth: truth)
    }
}

extension Int64 {
    /// Self, or nil when zero (a charge of 0 prints no row).
    var nonZero: Int64? { self == 0 ? nil : self }
}
