import Foundation
import MPesaCore

/// Reads one whitespace-collapsed SMS into what it says: a money movement, a notice that moved no money, or
/// nothing we recognise.
///
/// Template order follows §3 of the formats reference: `sent to … for account` (paybill) is told apart from
/// `sent to` (send money, Pochi) by looking at the name part, and a received message is a person, a remittance,
/// a B2C payment or a Pochi payment depending on what follows the name and which balance it prints.
enum SMSMessageReader {
    /// What one message says.
    enum Reading: Sendable, Equatable {
        case movement(SMSMovement)
        /// `Transaction failed, M-PESA cannot complete payment of Ksh20.00 to …`: no money moved.
        case failedTransaction(amount: Money?, recipient: String?)
        /// `Dear Customer, the recipient has declined reversal transaction …`: no money moved.
        case declinedReversal(receipt: String, amount: Money?)
        /// `Your account balance was: …`: an enquiry, not a transaction.
        case balanceQuery(receipt: String, balance: Money?)
        /// `M-PESA is currently unable to process your request…` and similar service notices.
        case serviceNotice
        /// A template we know whose amount or date cannot be read.
        case invalid(receipt: String?, reason: String)
        case unrecognised(receipt: String?)
    }

    /// A value in a recognised template that cannot be read.
    struct InvalidValue: Error {
        var reason: String
    }

    static let fuliza = Counterparty(kind: .telco, name: "Fuliza M-PESA")

    /// Reads a message whose whitespace has been collapsed.
    static func read(_ text: String) -> Reading {
        guard let (receipt, body) = header(text) else { return readNotice(text) }
        do throws(InvalidValue) {
            switch opening(of: body) {
            case .balanceQuery:
                if let match = SMSPatterns.balanceQuery.prefixMatch(body) {
                    return .balanceQuery(receipt: receipt, balance: try? money(match[1]))
                }
            case .some(let opening):
                if let movement = try readMovement(body, opening: opening, receipt: receipt) { return .movement(movement) }
            case nil:
                break
            }
        } catch {
            return .invalid(receipt: receipt, reason: error.reason)
        }
        return .unrecognised(receipt: receipt)
    }

    /// `<receipt> Confirmed.` and its spacing variants (`Confirmed.You`, `confirmed. You`, `Confirmed.on`):
    /// the receipt and the body after it.
    static func header(_ text: String) -> (receipt: String, body: String)? {
        let utf8 = text.utf8
        var index = utf8.startIndex
        for _ in 0..<10 {
            guard index < utf8.endIndex else { return nil }
            let byte = utf8[index]
            guard (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            index = utf8.index(after: index)
        }
        let receiptEnd = index
        func skip(_ byte: UInt8) {
            if index < utf8.endIndex, utf8[index] == byte { index = utf8.index(after: index) }
        }
        skip(UInt8(ascii: " "))
        for expected in "confirmed".utf8 {
            guard index < utf8.endIndex, utf8[index] | 0x20 == expected else { return nil }
            index = utf8.index(after: index)
        }
        skip(UInt8(ascii: " "))
        skip(UInt8(ascii: "."))
        skip(UInt8(ascii: " "))
        return (String(text[..<receiptEnd]), String(text[index...]))
    }

    /// Which template a body can be, told by its first words, so one pattern runs per message instead of all.
    enum Opening {
        case sent, paid, savingsTransfer, fulizaRepayment, received, savingsWithdrawal, airtime, agent, fulizaDraw, reversal, balanceQuery
    }

    static func opening(of body: String) -> Opening? {
        let head = body.utf8.prefix(40).map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 | 0x20 : $0 }
        func starts(_ word: String, at offset: Int = 0) -> Bool {
            let expected = Array(word.utf8)
            return head.count >= offset + expected.count && Array(head[offset..<(offset + expected.count)]) == expected
        }
        if starts("ksh") {
            // The word after the amount: `Ksh50.00 sent`, `Ksh 781.02 from`, `Ksh1,000.00 transferred`.
            var offset = 3
            while offset < head.count, head[offset] == UInt8(ascii: ".") || head[offset] == UInt8(ascii: " ") || head[offset] == UInt8(ascii: ",")
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(head[offset])
            {
                offset += 1
            }
            if starts("sent ", at: offset) { return .sent }
            if starts("paid ", at: offset) { return .paid }
            if starts("transfer", at: offset) { return .savingsTransfer }
            if starts("from ", at: offset) { return .fulizaRepayment }
            return nil
        }
        if starts("you have received") { return .received }
        if starts("you have transfer") { return .savingsWithdrawal }
        if starts("you bought") { return .airtime }
        if starts("on ") { return .agent }
        if starts("fuliza") { return .fulizaDraw }
        if starts("reversal") { return .reversal }
        if starts("your account balance") { return .balanceQuery }
        return nil
    }

    static func readNotice(_ text: String) -> Reading {
        if let match = SMSPatterns.declinedReversal.prefixMatch(text), let receipt = match[1] {
            return .declinedReversal(receipt: receipt, amount: try? money(match[2]))
        }
        if SMSPatterns.failed.prefixMatch(text) != nil {
            let payment = SMSPatterns.failedPayment.firstMatch(in: text)
            return .failedTransaction(amount: try? money(payment?[1]), recipient: payment?[2])
        }
        if SMSPatterns.serviceNotice.prefixMatch(text) != nil { return .serviceNotice }
        return .unrecognised(receipt: nil)
    }

    // MARK: - Templates

    static func readMovement(_ body: String, opening: Opening, receipt: String) throws(InvalidValue) -> SMSMovement? {
        switch opening {
        case .sent:
            return try SMSPatterns.sent.prefixMatch(body).map { match throws(InvalidValue) in try sent(match, receipt: receipt) }
        case .paid:
            guard let match = SMSPatterns.paid.prefixMatch(body) else { return nil }
            return try movement(
                receipt, match, amountGroup: 1, dateGroup: 3, kind: .buyGoods, direction: .out, counterparty: Counterparty(kind: .till, name: nonEmpty(match[2]))
            )
        case .received:
            return try SMSPatterns.received.prefixMatch(body).map { match throws(InvalidValue) in try received(match, receipt: receipt) }
        case .agent:
            if let match = SMSPatterns.withdraw.prefixMatch(body) {
                let agent = match[8] ?? ""
                let counterparty: Counterparty
                if let split = SMSPatterns.shortcodeNamed.wholeMatch(agent) {
                    counterparty = Counterparty(kind: .agent, name: nonEmpty(split[2]), shortcode: split[1])
                } else {
                    counterparty = Counterparty(kind: .agent, name: nonEmpty(agent))
                }
                return try movement(receipt, match, amountGroup: 7, dateGroup: 1, kind: .agentWithdrawal, direction: .out, counterparty: counterparty)
            }
            guard let match = SMSPatterns.deposit.prefixMatch(body) else { return nil }
            let counterparty = Counterparty(kind: .agent, name: nonEmpty(match[8]))
            return try movement(receipt, match, amountGroup: 7, dateGroup: 1, kind: .agentDeposit, direction: .in, counterparty: counterparty)
        case .airtime:
            guard let match = SMSPatterns.airtime.prefixMatch(body) else { return nil }
            let counterparty = Counterparty(kind: .telco, name: "Safaricom", phone: match[2])
            return try movement(receipt, match, amountGroup: 1, dateGroup: 3, kind: .airtimeBundles, direction: .out, counterparty: counterparty)
        case .savingsTransfer:
            guard let match = SMSPatterns.savingsTransfer.prefixMatch(body) else { return nil }
            let toSavings = match[2]?.lowercased() == "to"
            return try movement(
                receipt, match, amountGroup: 1, dateGroup: 4, kind: toSavings ? .savingsDeposit : .savingsWithdrawal,
                direction: toSavings ? .out : .in, counterparty: savingsProduct(match[3])
            )
        case .savingsWithdrawal:
            guard let match = SMSPatterns.savingsWithdrawal.prefixMatch(body) else { return nil }
            return try movement(
                receipt, match, amountGroup: 1, dateGroup: 3, kind: .savingsWithdrawal, direction: .in, counterparty: savingsProduct(match[2])
            )
        case .fulizaDraw:
            // The access fee is added to the Fuliza debt, not taken from the wallet, and statements never print
            // it: the draw's fee stays zero so its net effect on the balance is the amount, as for the statement's
            // `OverDraft of Credit Party` row with the same identity.
            guard let match = SMSPatterns.fulizaDraw.prefixMatch(body) else { return nil }
            return SMSMovement(
                receipt: receipt, time: nil, kind: .fulizaDraw, direction: .in, lineKind: .overdraft, amount: try money(match[1]),
                fee: .zero, balance: try balance(in: match.suffix), counterparty: fuliza
            )
        case .fulizaRepayment:
            guard let match = SMSPatterns.fulizaRepayment.prefixMatch(body) else { return nil }
            return SMSMovement(
                receipt: receipt, time: nil, kind: .fulizaRepayment, direction: .out, lineKind: .main, amount: try money(match[1]),
                fee: .zero, balance: try balance(in: match.suffix), counterparty: fuliza
            )
        case .reversal:
            guard let match = SMSPatterns.reversal.prefixMatch(body) else { return nil }
            let credited = match[9]?.lowercased() == "credited"
            var movement = try movement(receipt, match, amountGroup: 8, dateGroup: 2, kind: .reversal, direction: credited ? .in : .out, counterparty: nil)
            movement.linkedReceipt = match[1]?.uppercased()
            return movement
        case .balanceQuery:
            return nil
        }
    }

    /// `sent to NAME for account ACC` is a paybill (or a bundle purchase through one); `sent to NAME PHONE` is
    /// send money; `sent to NAME` with no number is a Pochi la Biashara payment.
    static func sent(_ match: SMSPattern.Match, receipt: String) throws(InvalidValue) -> SMSMovement {
        let target = match[2] ?? ""
        if let (name, account) = splitAccount(target) {
            let isBundle = name.map { SMSPatterns.bundleName.firstMatch(in: $0) != nil } ?? false
            let counterparty = Counterparty(kind: isBundle ? .telco : .paybill, name: name, accountReference: account)
            return try movement(receipt, match, amountGroup: 1, dateGroup: 3, kind: isBundle ? .airtimeBundles : .paybill, direction: .out, counterparty: counterparty)
        }
        if let person = SMSPatterns.namedPhone.wholeMatch(target) {
            let counterparty = Counterparty(kind: .person, name: nonEmpty(person[1]), phone: person[2])
            return try movement(receipt, match, amountGroup: 1, dateGroup: 3, kind: .sendMoney, direction: .out, counterparty: counterparty)
        }
        let counterparty = Counterparty(kind: .person, name: nonEmpty(target))
        return try movement(receipt, match, amountGroup: 1, dateGroup: 3, kind: .pochi, direction: .out, counterparty: counterparty)
    }

    /// A Pochi balance makes it a Pochi payment; a number, a person; `in <country> via <service>`, a remittance
    /// from a person; anything else (a name, with or without a shortcode) a bank or other B2C payment.
    static func received(_ match: SMSPattern.Match, receipt: String) throws(InvalidValue) -> SMSMovement {
        let source = match[2] ?? ""
        let toPochi = SMSMessageTail(match.suffix).printsPochiBalance
        let kind: TransactionKind
        let counterparty: Counterparty
        if let person = SMSPatterns.namedPhone.wholeMatch(source) {
            kind = toPochi ? .pochi : .receiveMoney
            counterparty = Counterparty(kind: .person, name: nonEmpty(person[1]), phone: person[2])
        } else if toPochi {
            kind = .pochi
            counterparty = Counterparty(kind: .person, name: nonEmpty(source))
        } else if let remittance = SMSPatterns.remittance.wholeMatch(source) {
            kind = .receiveMoney
            counterparty = Counterparty(kind: .person, name: nonEmpty(remittance[1]))
        } else if let business = SMSPatterns.namedShortcode.wholeMatch(source) {
            kind = .businessPayment
            counterparty = Counterparty(kind: .business, name: nonEmpty(business[1]), shortcode: business[2])
        } else {
            kind = .businessPayment
            counterparty = Counterparty(kind: .business, name: nonEmpty(source))
        }
        return try movement(receipt, match, amountGroup: 1, dateGroup: 3, kind: kind, direction: .in, counterparty: counterparty)
    }

    /// The common tail: amount and time from the template's groups, balance and cost from the text after it.
    static func movement(
        _ receipt: String, _ match: SMSPattern.Match, amountGroup: Int, dateGroup: Int, kind: TransactionKind, direction: Direction,
        counterparty: Counterparty?
    ) throws(InvalidValue) -> SMSMovement {
        let tail = SMSMessageTail(match.suffix)
        return SMSMovement(
            receipt: receipt, time: try time(match, from: dateGroup), kind: kind, direction: direction, lineKind: .main,
            amount: try money(match[amountGroup]), fee: try tail.cost.map { text throws(InvalidValue) in try money(text) } ?? .zero,
            balance: try tail.balance.map { text throws(InvalidValue) in try money(text) }, counterparty: counterparty
        )
    }

    // MARK: - Values

    /// `d/M/yy` and `h:mm AM` as printed; two-digit years are 20yy and seconds are zero.
    static func time(_ match: SMSPattern.Match, from group: Int) throws(InvalidValue) -> LocalDateTime {
        guard let day = match[group].flatMap({ Int($0) }), let month = match[group + 1].flatMap({ Int($0) }),
            let yearText = match[group + 2], let printedYear = Int(yearText),
            let hour = match[group + 3].flatMap({ Int($0) }), let minute = match[group + 4].flatMap({ Int($0) }),
            let meridiem = match[group + 5]?.uppercased()
        else { throw InvalidValue(reason: "the date or time is missing") }
        let year: Int
        switch yearText.count {
        case 2: year = 2000 + printedYear
        case 4: year = printedYear
        default: throw InvalidValue(reason: "the year \(yearText) is neither yy nor yyyy")
        }
        guard (0...12).contains(hour) else { throw InvalidValue(reason: "\(hour):\(minute) \(meridiem) is not a 12-hour time") }
        let hour24 = meridiem == "PM" ? (hour == 12 ? 12 : hour + 12) : (hour == 12 ? 0 : hour)
        guard let time = LocalDateTime(year: year, month: month, day: day, hour: hour24, minute: minute) else {
            throw InvalidValue(reason: "\(day)/\(month)/\(yearText) at \(hour):\(minute) \(meridiem) is not a valid date and time")
        }
        return time
    }

    /// An amount as printed, without `Ksh`; a trailing comma belongs to the sentence, not the number.
    static func money(_ text: String?) throws(InvalidValue) -> Money {
        guard let text, !text.isEmpty else { throw InvalidValue(reason: "an amount is missing") }
        var digits = Substring(text)
        while digits.last == "," { digits = digits.dropLast() }
        guard let cents = cents(digits) else { throw InvalidValue(reason: "the amount Ksh\(digits) cannot be read") }
        return Money(cents: cents)
    }

    /// The rules of `Money(parsing:)` for the bare amounts the templates capture (`1,234.50`, `1000`, `0.2`):
    /// thousands separators only in groups of three, at most two decimals, overflow refused. A byte loop,
    /// because a paste of 10,000 messages reads some 30,000 amounts.
    static func cents(_ text: Substring) -> Int64? {
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var groupLength = 0
        var groups = 0
        var inFraction = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int64(byte - UInt8(ascii: "0"))
                if inFraction {
                    fractionDigits += 1
                    guard fractionDigits <= 2 else { return nil }
                    fraction = fraction * 10 + digit
                } else {
                    let (shifted, overflow1) = whole.multipliedReportingOverflow(by: 10)
                    let (added, overflow2) = shifted.addingReportingOverflow(digit)
                    guard !overflow1, !overflow2 else { return nil }
                    whole = added
                    groupLength += 1
                }
            case UInt8(ascii: ","):
                guard !inFraction, groupLength > 0, groups == 0 ? groupLength <= 3 : groupLength == 3 else { return nil }
                groups += 1
                groupLength = 0
            case UInt8(ascii: "."):
                guard !inFraction, groupLength > 0, groups == 0 || groupLength == 3 else { return nil }
                inFraction = true
            default:
                return nil
            }
        }
        guard inFraction ? fractionDigits > 0 : (groupLength > 0 && (groups == 0 || groupLength == 3)) else { return nil }
        if fractionDigits == 1 { fraction *= 10 }
        let (scaled, overflow1) = whole.multipliedReportingOverflow(by: 100)
        let (total, overflow2) = scaled.addingReportingOverflow(fraction)
        return overflow1 || overflow2 ? nil : total
    }

    /// The M-PESA balance after the template; nil when not printed.
    static func balance(in rest: Substring) throws(InvalidValue) -> Money? {
        try SMSMessageTail(rest).balance.map { text throws(InvalidValue) in try money(text) }
    }

    // MARK: - Names

    /// Splits `NAME for account ACC` (ACC may be empty); nil when the target names no account.
    static func splitAccount(_ target: String) -> (name: String?, account: String?)? {
        if let range = target.range(of: " for account ") {
            return (nonEmpty(String(target[..<range.lowerBound])), nonEmpty(String(target[range.upperBound...])))
        }
        if target.hasSuffix(" for account") {
            return (nonEmpty(String(target.dropLast(" for account".count))), nil)
        }
        return nil
    }

    static func savingsProduct(_ printed: String?) -> Counterparty {
        let isKCB = printed?.uppercased().hasPrefix("KCB") ?? false
        return Counterparty(kind: .bank, name: isKCB ? "KCB M-PESA" : "M-Shwari")
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text else { return nil }
        let trimmed = SMSText.collapse(text)
        return trimmed.isEmpty ? nil : trimmed
    }
}
