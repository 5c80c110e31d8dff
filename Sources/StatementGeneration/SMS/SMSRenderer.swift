import Foundation
import MPesaCore
import StatementParsing

/// Writes the SMS confirmation Safaricom would send for a transaction, in the templates of §3 of the formats
/// reference and with their real quirks (`Confirmed.You`, `PMWithdraw`, `Ksh 20.00` in Fuliza notices,
/// `Transaction cost Ksh.0.00`, padded GlobalPay accounts, occasional marketing tails).
///
/// Every choice comes from the random source passed in, so a seed always gives the same text. `SMSParser`
/// reads back exactly `recoverableFacts(of:)`: the facts an SMS prints.
public struct SMSRenderer: Sendable {
    public init() {}

    /// The SMS for a transaction, or nil when Safaricom sends none of its own (charges, settlements, loans,
    /// `other`), when the direction does not fit the kind, or when a fact the template needs is missing (the
    /// number of a send-money recipient; the name of a paybill, till, agent, Pochi or paying business).
    public func render(_ transaction: SMSTransaction, using random: inout some RandomNumberGenerator) -> String? {
        guard let template = Self.template(for: transaction) else { return nil }
        let style = Style(random: &random)
        return Self.text(template, transaction, style: style, random: &random).trimmingCharacters(in: .whitespaces)
    }

    /// Several messages as a user pastes them: separated by blank lines, single line breaks (`\n` or `\r\n`),
    /// a space or nothing at all. Transactions without an SMS are left out.
    public func renderPaste(_ transactions: [SMSTransaction], using random: inout some RandomNumberGenerator) -> String {
        var paste = ""
        for transaction in transactions {
            guard let message = render(transaction, using: &random) else { continue }
            if !paste.isEmpty { paste += Self.pick(["\n\n", "\n", "\r\n", "\r\n\r\n", " ", ""], &random) }
            paste += message
        }
        return paste
    }

    /// What `SMSParser` reads back from this transaction's SMS, nil when `render` writes none.
    ///
    /// SMS print times to the minute, only some of them print a transaction cost, and none prints a paybill or
    /// till number, the number of a Pochi recipient, a B2C payment's reason or a deposit agent's number. A Fuliza
    /// draw's access fee is charged to the Fuliza debt, not the wallet, so it is no fee here. Fuliza notices
    /// print no time at all: the parser dates them from the payment with the same receipt, or from the receipt's
    /// date code, so their `localTime` here is the time the paste must supply.
    ///
    /// Names are printed as given, whitespace collapsed. A name that reads like part of a template — ending in a
    /// phone number or a 5–7 digit code, or holding ` for account ` or ` in … via ` — parses back differently.
    public func recoverableFacts(of transaction: SMSTransaction) -> SMSTransaction? {
        guard let template = Self.template(for: transaction) else { return nil }
        var facts = transaction
        let time = transaction.localTime
        facts.localTime = LocalDateTime(year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute) ?? time
        let counterparty = transaction.counterparty
        let name = Self.name(of: transaction)
        if !template.printsCost { facts.feeCents = 0 }
        if template != .reversal { facts.reversedReceipt = nil }
        switch template {
        case .sendMoney:
            facts.counterparty = Counterparty(kind: .person, name: name, phone: counterparty?.phone)
        case .pochiPayment:
            facts.counterparty = Counterparty(kind: .person, name: name)
        case .pochiReceived:
            facts.counterparty = Counterparty(kind: .person, name: name, phone: counterparty?.phone.flatMap(Self.printablePhone))
            facts.balanceCents = nil
        case .paybill:
            facts.counterparty = Counterparty(kind: .paybill, name: name, accountReference: Self.account(of: transaction))
        case .bundlePaybill:
            facts.kind = .airtimeBundles
            facts.counterparty = Counterparty(kind: .telco, name: Self.bundleName(of: transaction), accountReference: Self.account(of: transaction))
        case .buyGoods:
            facts.counterparty = Counterparty(kind: .till, name: name)
        case .receivedFromPerson:
            facts.counterparty = Counterparty(kind: .person, name: name, phone: counterparty?.phone)
        case .remittance:
            facts.counterparty = Counterparty(kind: .person, name: name)
        case .businessPayment:
            facts.kind = .businessPayment
            facts.counterparty = Counterparty(kind: .business, name: name, shortcode: Self.businessShortcode(of: transaction))
        case .agentWithdrawal:
            facts.counterparty = Counterparty(kind: .agent, name: name, shortcode: Self.agentNumber(of: transaction))
        case .agentDeposit:
            facts.counterparty = Counterparty(kind: .agent, name: name)
        case .airtime:
            facts.counterparty = Counterparty(kind: .telco, name: "Safaricom", phone: Self.airtimeNumber(of: transaction))
        case .mShwari:
            facts.counterparty = Counterparty(kind: .bank, name: "M-Shwari")
        case .kcbMPesa:
            facts.counterparty = Counterparty(kind: .bank, name: "KCB M-PESA")
        case .fulizaDraw, .fulizaRepayment:
            facts.counterparty = Counterparty(kind: .telco, name: "Fuliza M-PESA")
        case .reversal:
            facts.counterparty = nil
            facts.reversedReceipt = transaction.reversedReceipt?.uppercased()
        }
        return facts
    }

    // MARK: - Templates

    /// The §3 templates, one per kind of message.
    enum Template: Sendable, Equatable {
        case sendMoney, pochiPayment, paybill, bundlePaybill, buyGoods
        case receivedFromPerson, remittance, businessPayment, pochiReceived
        case agentWithdrawal, agentDeposit, airtime, mShwari, kcbMPesa
        case fulizaDraw, fulizaRepayment, reversal

        /// Whether the template prints `Transaction cost`. (A Fuliza draw prints an access fee, but that is charged
        /// to the Fuliza debt, not to the wallet, so the parser does not count it as the transaction's fee.)
        var printsCost: Bool {
            switch self {
            case .receivedFromPerson, .remittance, .businessPayment, .pochiReceived, .agentDeposit, .fulizaDraw, .fulizaRepayment, .reversal: false
            default: true
            }
        }
    }

    static func template(for transaction: SMSTransaction) -> Template? {
        guard transaction.amountCents >= 0, transaction.feeCents >= 0, transaction.balanceCents.map({ $0 >= 0 }) ?? true,
            transaction.receipt.count == 10, transaction.receipt.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) })
        else { return nil }
        let name = name(of: transaction)
        let phone = transaction.counterparty?.phone.flatMap(printablePhone)
        switch (transaction.kind, transaction.direction) {
        case (.sendMoney, .out): return phone != nil ? .sendMoney : nil
        case (.pochi, .out): return name != nil ? .pochiPayment : nil
        case (.pochi, .in): return name != nil || phone != nil ? .pochiReceived : nil
        case (.paybill, .out):
            guard let name else { return nil }
            return isBundleName(name) ? .bundlePaybill : .paybill
        case (.airtimeBundles, .out):
            return transaction.counterparty?.accountReference != nil || name.map(isBundleName) == true ? .bundlePaybill : .airtime
        case (.buyGoods, .out): return name != nil ? .buyGoods : nil
        case (.receiveMoney, .in): return phone != nil ? .receivedFromPerson : (name != nil ? .remittance : nil)
        case (.businessPayment, .in), (.salaryPayment, .in), (.promotionPayment, .in): return name != nil ? .businessPayment : nil
        case (.agentWithdrawal, .out): return name != nil ? .agentWithdrawal : nil
        case (.agentDeposit, .in): return name != nil ? .agentDeposit : nil
        case (.savingsDeposit, .out), (.savingsWithdrawal, .in): return isKCB(transaction) ? .kcbMPesa : .mShwari
        case (.fulizaDraw, .in): return .fulizaDraw
        case (.fulizaRepayment, .out): return .fulizaRepayment
        case (.reversal, _): return .reversal
        default: return nil
        }
    }

    static func text(_ template: Template, _ t: SMSTransaction, style: Style, random: inout some RandomNumberGenerator) -> String {
        let receipt = t.receipt
        let amount = style.ksh(t.amountCents)
        let cost = style.ksh(t.feeCents)
        let on = "on \(printedDate(t.localTime)) at \(printedTime(t.localTime))"
        let name = name(of: t) ?? ""
        func balance(_ sentence: (String) -> String) -> String {
            t.balanceCents.map { sentence(style.ksh($0)) } ?? ""
        }
        switch template {
        case .sendMoney:
            let phone = t.counterparty?.phone.flatMap(printablePhone) ?? ""
            let who = name.isEmpty ? phone : "\(name) \(phone)"
            let tail = pick(["", "", "  Amount you can transact within the day is \(dailyLimit(&random)). Earn interest daily on Ziidi MMF,Dial *334#"], &random)
            return "\(receipt) Confirmed. \(amount) sent to \(who) \(on).\(balance { " New M-PESA balance is \($0)." }) Transaction cost, \(cost).\(tail)"
        case .pochiPayment:
            return "\(receipt) Confirmed. \(amount) sent to \(name) \(on).\(balance { " New M-PESA balance is \($0)." }) Transaction cost, \(cost)."
        case .paybill, .bundlePaybill:
            let payee = template == .bundlePaybill ? bundleName(of: t) : name
            let account = account(of: t).map { paddedAccount($0, payee: payee) }
            let target = account.map { "\(payee) for account \($0)" } ?? "\(payee) for account"
            let stop = chance(30, &random) ? "." : ""
            let tail = pick(
                ["", "Amount you can transact within the day is \(dailyLimit(&random)). Save frequent paybills for quick payment on M-PESA app https://bit.ly/mpesalnk"],
                &random
            )
            return "\(receipt) Confirmed. \(amount) sent to \(target) \(on)\(stop)\(balance { " New M-PESA balance is \($0)." }) Transaction cost, \(cost).\(tail)"
        case .buyGoods:
            let tail = pick(
                [
                    "", "Amount you can transact within the day is \(dailyLimit(&random)). Save frequent Tills for quick payment on M-PESA app https://bit.ly/mpesalnk",
                    "Sign up for Lipa Na M-PESA Till online https://m-pesaforbusiness.co.ke",
                ],
                &random
            )
            return "\(receipt) Confirmed. \(amount) paid to \(name). \(on).\(balance { "New M-PESA balance is \($0). " })Transaction cost, \(cost). \(tail)"
        case .receivedFromPerson, .pochiReceived:
            let phone = t.counterparty?.phone.flatMap(printablePhone)
            let who = [name.isEmpty ? nil : name, phone].compactMap { $0 }.joined(separator: " ")
            if template == .pochiReceived {
                let pochiBalance = style.ksh(t.amountCents + Int64(random.next() % 500_000))
                return "\(receipt) Confirmed.You have received \(amount) from \(who) \(on) New Pochi balance is \(pochiBalance). To access your funds, Dial *334#,select Pochi la Biashara & Withdraw funds."
            }
            let tail = pick(["", "Earn interest daily on Ziidi MMF,Dial *334#", "Separate personal and business funds through Pochi la Biashara on *334#."], &random)
            return "\(receipt) Confirmed.You have received \(amount) from \(who) \(on) \(balance { " New M-PESA balance is \($0). " })\(tail)"
        case .remittance:
            let (country, service) = pick([("US", "Sendwave"), ("UK", "Sendwave"), ("US", "WorldRemit")], &random)
            return "\(receipt) confirmed. You have received \(amount) from \(name) in \(country) via \(service) \(on).\(balance { " New M-PESA balance is \($0)." })"
        case .businessPayment:
            let who = businessShortcode(of: t).map { "\(name) \($0)" } ?? name
            let stop = chance(50, &random) ? "." : ""
            let tail = pick(["", " Separate personal and business funds through Pochi la Biashara on *334#."], &random)
            return "\(receipt) Confirmed.You have received \(amount) from \(who) \(on)\(stop)\(balance { " New M-PESA balance is \($0)." })\(tail)"
        case .agentWithdrawal:
            let agent = agentNumber(of: t).map { "\($0) - \(name)" } ?? name
            return "\(receipt) Confirmed.\(on)Withdraw \(amount) from \(agent)\(balance { " New M-PESA balance is \($0)." }) Transaction cost, \(cost)."
        case .agentDeposit:
            let opening = pick(["On", "On", "on"], &random)
            return "\(receipt) Confirmed. \(opening) \(on.dropFirst(3)) Give \(amount) cash to \(name)\(t.balanceCents == nil ? "." : balance { " New M-PESA balance is \($0)." })"
        case .airtime:
            if let number = airtimeNumber(of: t) {
                return "\(receipt) confirmed.You bought \(amount) of airtime for \(number) \(on).\(balance { "New balance is \($0). " })Transaction cost, \(cost)."
            }
            return "\(receipt) confirmed.You bought \(amount) of airtime \(on).\(balance { "New M-PESA balance is \($0). " })Transaction cost, \(cost)."
        case .mShwari:
            let savings = style.ksh(Int64(random.next() % 5_000_000))
            let plainCost = "Ksh.\(Money(cents: t.feeCents).decimalString)"
            if t.direction == .out {
                return "\(receipt) Confirmed.\(amount) transferred to M-Shwari account \(on).\(balance { " M-PESA balance is \($0) ." })New M-Shwari saving account balance is \(savings). Transaction cost \(plainCost)"
            }
            return "\(receipt) Confirmed.\(amount) transferred from M-Shwari account \(on). M-Shwari balance is \(savings) .\(balance { "M-PESA balance is \($0) ." })Transaction cost \(plainCost)"
        case .kcbMPesa:
            let verb = pick(["transfered", "transferred"], &random)
            let savings = style.ksh(Int64(random.next() % 5_000_000))
            let opening = t.direction == .out
                ? "\(amount) \(verb) to KCB M-PESA account \(on)." : "You have \(verb) \(amount) from your KCB M-PESA account \(on)."
            return "\(receipt) Confirmed. \(opening)\(balance { " New M-PESA balance is \($0)." }) New KCB M-PESA balance is \(savings). Transaction cost, \(cost)."
        case .fulizaDraw:
            let interest = chance(25, &random)
            // Fuliza's access fee is 1% of the draw; a fee given in the facts is printed as it is.
            let accessFee = t.feeCents > 0 ? t.feeCents : (t.amountCents + 50) / 100
            let outstanding = t.amountCents + accessFee + Int64(random.next() % 500_000)
            let due = t.localTime.adding(seconds: 30 * 86_400)
            let dueDate = "\(pad(due.day))/\(pad(due.month))/\(pad(due.year % 100))"
            let head = "\(receipt) Confirmed. Fuliza M-PESA amount is \(style.spacedKsh(t.amountCents)). \(interest ? "Interest" : "Access Fee") charged \(style.spacedKsh(accessFee)). Total Fuliza M-PESA outstanding amount is \(style.ksh(outstanding)) due on \(dueDate)."
            if let balanceCents = t.balanceCents { return "\(head) New M-PESA balance is \(style.ksh(balanceCents))." }
            return "\(head) To check daily charges, Dial \(interest ? "*234*0#" : "*334#")OK Select Query Charges"
        case .fulizaRepayment:
            let separator = chance(15, &random) ? "\n" : " "
            let how = pick(["fully", "partially"], &random)
            let limit = style.spacedKsh((t.amountCents + Int64(random.next() % 1_000_000)) / 100 * 100)
            let newer = chance(60, &random)
            let balanceText = t.balanceCents.map {
                newer ? " Your M-PESA balance is \(Money(cents: $0).decimalString.replacingOccurrences(of: ",", with: ""))." : " M-PESA balance is \(style.ksh($0))."
            } ?? ""
            return "\(receipt)\(separator)Confirmed. \(style.spacedKsh(t.amountCents)) from your M-PESA has been used to \(how) pay your outstanding Fuliza M-PESA. Available Fuliza M-PESA limit is \(limit).\(balanceText)"
        case .reversal:
            let original = t.reversedReceipt?.uppercased() ?? madeUpReceipt(like: receipt, &random)
            let effect = t.direction == .in ? "is credited to your M-PESA account" : "is debited from your M-PESA account"
            return "\(receipt) confirmed. Reversal of transaction \(original) has been successfully reversed \(on) and \(amount) \(effect).\(balance { " New M-PESA account balance is \($0)." })"
        }
    }

    // MARK: - Facts as printed

    /// Per-message choices that recur in several places of one message.
    struct Style {
        /// Some paybill messages print `Ksh1000.00` without the thousands separator.
        var groupThousands: Bool

        init(random: inout some RandomNumberGenerator) {
            groupThousands = SMSRenderer.chance(85, &random)
        }

        func ksh(_ cents: Int64) -> String {
            let digits = Money(cents: cents).decimalString
            return "Ksh" + (groupThousands ? digits : digits.replacingOccurrences(of: ",", with: ""))
        }

        /// Fuliza notices write `Ksh 20.00`, with a space.
        func spacedKsh(_ cents: Int64) -> String {
            "Ksh " + Money(cents: cents).decimalString
        }
    }

    static func name(of transaction: SMSTransaction) -> String? {
        guard let name = transaction.counterparty?.name else { return nil }
        let collapsed = name.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return collapsed.isEmpty ? nil : collapsed
    }

    static func account(of transaction: SMSTransaction) -> String? {
        guard let account = transaction.counterparty?.accountReference else { return nil }
        let collapsed = account.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return collapsed.isEmpty ? nil : collapsed
    }

    /// Paybill names the parser reads as bundle purchases (`SAFARICOM DATA BUNDLES`, `Safaricom Offers`).
    static func isBundleName(_ name: String) -> Bool {
        let upper = name.uppercased()
        return upper.contains("BUNDLE") || upper.contains("SAFARICOM OFFERS")
    }

    static func bundleName(of transaction: SMSTransaction) -> String {
        name(of: transaction).flatMap { isBundleName($0) ? $0 : nil } ?? "SAFARICOM DATA BUNDLES"
    }

    static func isKCB(_ transaction: SMSTransaction) -> Bool {
        transaction.counterparty?.name?.uppercased().hasPrefix("KCB") ?? false
    }

    /// The number shapes SMS print and the parser recognises: `0712345678`, `254712345678`, `0799***123`,
    /// `2547******123`, `0711 111 111`.
    static let phoneShape = try? NSRegularExpression(
        pattern: #"^(?:(?:\+?254|0)[0-9]{1,4}\*{2,8}[0-9]{2,4}|(?:\+?254|0)[0-9]{9}|0[0-9]{3} [0-9]{3} [0-9]{3})$"#
    )

    static func printablePhone(_ phone: String) -> String? {
        let range = NSRange(location: 0, length: phone.utf16.count)
        return phoneShape?.firstMatch(in: phone, range: range) != nil ? phone : nil
    }

    /// Airtime messages print the other number as one token.
    static func airtimeNumber(of transaction: SMSTransaction) -> String? {
        guard let phone = transaction.counterparty?.phone else { return nil }
        let token = phone.filter { !$0.isWhitespace }
        return token.isEmpty ? nil : token
    }

    /// B2C shortcodes print after the name; the parser knows them by their 5–7 digits.
    static func businessShortcode(of transaction: SMSTransaction) -> String? {
        transaction.counterparty?.shortcode.flatMap { code in
            (5...7).contains(code.count) && code.allSatisfy { $0.isASCII && $0.isNumber } ? code : nil
        }
    }

    static func agentNumber(of transaction: SMSTransaction) -> String? {
        transaction.counterparty?.shortcode.flatMap { code in
            (4...8).contains(code.count) && code.allSatisfy { $0.isASCII && $0.isNumber } ? code : nil
        }
    }

    /// M-PESA GlobalPay (`M-PESA CARD`) pads the merchant to a fixed width before the `+<phone> <country>` part.
    static func paddedAccount(_ account: String, payee: String) -> String {
        guard payee.uppercased() == "M-PESA CARD", let plus = account.range(of: " +") else { return account }
        let merchant = account[..<plus.lowerBound]
        return merchant + String(repeating: " ", count: max(1, 25 - merchant.count)) + account[account.index(after: plus.lowerBound)...]
    }

    /// `d/M/yy`, no zero padding; four digits outside 2000–2099.
    static func printedDate(_ time: LocalDateTime) -> String {
        let year = (2000...2099).contains(time.year) ? pad(time.year % 100) : String(time.year)
        return "\(time.day)/\(time.month)/\(year)"
    }

    /// `h:mm AM`.
    static func printedTime(_ time: LocalDateTime) -> String {
        let hour = time.hour % 12 == 0 ? 12 : time.hour % 12
        return "\(hour):\(pad(time.minute)) \(time.hour < 12 ? "AM" : "PM")"
    }

    static func pad(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }

    static func dailyLimit(_ random: inout some RandomNumberGenerator) -> String {
        Money(cents: 49_000_000 + Int64(random.next() % 10_000) * 100).decimalString
    }

    /// A receipt from the same day as `receipt`, for reversals whose original is not given.
    static func madeUpReceipt(like receipt: String, _ random: inout some RandomNumberGenerator) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return String(receipt.prefix(3)) + String((0..<7).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
    }

    // MARK: - Random choices (only `next()`, so a seed gives the same text on every platform and release)

    static func pick<T>(_ options: [T], _ random: inout some RandomNumberGenerator) -> T {
        options[Int(random.next() % UInt64(options.count))]
    }

    static func chance(_ percent: UInt64, _ random: inout some RandomNumberGenerator) -> Bool {
        random.next() % 100 < percent
    }
}
