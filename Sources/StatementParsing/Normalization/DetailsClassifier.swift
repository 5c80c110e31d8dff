import MPesaCore
import Foundation

/// Reads a Details string (personal statements and org-portal exports alike) into a transaction kind, the role
/// the row plays within its receipt, and the counterparty.
///
/// Hand-written prefix dispatch rather than a list of regular expressions: it runs once per row on statements
/// of tens of thousands of rows, and each branch pulls out the shortcode, phone, name and account in one pass.
/// The vocabulary follows §1.10–1.11 and §2.1 of the formats reference; text that matches nothing is `.other`
/// with the Details kept verbatim.
public enum DetailsClassifier {
    /// What one row is within its receipt group.
    public enum Role: Sendable, Equatable {
        case primary
        /// A transaction charge, to be folded onto its parent.
        case charge(ChargeKind)
        /// A Fuliza overdraft credit funding the payment it shares a receipt with.
        case overdraft
    }

    public enum ChargeKind: String, Sendable, Equatable {
        case transfer
        case paybill
        case merchant
        case withdrawal
        case other
    }

    public struct Classification: Sendable, Equatable {
        public var kind: TransactionKind
        public var role: Role
        public var counterparty: Counterparty?

        public init(kind: TransactionKind, role: Role = .primary, counterparty: Counterparty? = nil) {
            self.kind = kind
            self.role = role
            self.counterparty = counterparty
        }
    }

    /// Classifies Details text, collapsed as every reader delivers it (``TextNormalization/collapse(_:)``).
    /// `direction` is the column the amount was printed in, which settles
    /// the few strings that read the same both ways.
    public static func classify(_ details: String, direction: Direction) -> Classification {
        let text = Substring(details)
        if text.isEmpty { return Classification(kind: .other) }
        if let charge = chargeKind(text) { return Classification(kind: .charge, role: .charge(charge)) }
        if text.hasPrefixIgnoringCase("OverDraft of Credit Party") || text.hasPrefixIgnoringCase("Overdraft of Credit") {
            return Classification(kind: .fulizaDraw, role: .overdraft, counterparty: Counterparty(kind: .telco, name: "Fuliza M-PESA"))
        }
        if let rest = text.dropPrefixIgnoringCase("OD Loan Repayment to ") {
            let (code, name) = splitCodeAndName(rest)
            return Classification(kind: .fulizaRepayment, counterparty: Counterparty(kind: .telco, name: name ?? "M-PESA Overdraw", shortcode: code))
        }
        if text.containsIgnoringCase("Reversal") {
            return Classification(kind: .reversal, counterparty: reversalCounterparty(text))
        }
        if let result = personToPerson(text) { return result }
        if let result = pochi(text, direction: direction) { return result }
        if let result = paybill(text, direction: direction) { return result }
        if let result = merchant(text) { return result }
        if let result = agent(text) { return result }
        if let result = airtime(text) { return result }
        if let result = savings(text) { return result }
        if let result = businessToCustomer(text) { return result }
        if let result = settlement(text) { return result }
        return Classification(kind: .other)
    }

    // MARK: - Families

    static func chargeKind(_ text: Substring) -> ChargeKind? {
        guard text.utf8.count < 60, text.hasSuffixIgnoringCase("charge") else { return nil }
        let lower = text.lowercased()
        if lower.hasPrefix("customer transfer of funds") { return .transfer }
        if lower.hasPrefix("pay bill") || lower.hasPrefix("business pay bill") { return .paybill }
        if lower.hasPrefix("pay merchant") || lower.hasPrefix("merchant") { return .merchant }
        if lower.hasPrefix("withdrawal") || lower.hasPrefix("customer withdrawal") { return .withdrawal }
        return .other
    }

    static func personToPerson(_ text: Substring) -> Classification? {
        for prefix in ["Customer Transfer Fuliza MPesa to", "Customer Transfer Fuliza M-Pesa to", "Customer Transfer to"] {
            if let rest = text.dropPrefixIgnoringCase(prefix) {
                let (phone, name) = splitPhoneAndName(rest)
                return Classification(kind: .sendMoney, counterparty: Counterparty(kind: .person, name: name, phone: phone))
            }
        }
        if let rest = text.dropPrefixIgnoringCase("Funds received from") {
            let trimmed = trimDash(rest)
            if let first = trimmed.first, first.isNumber, !looksLikePhone(firstToken(trimmed)) {
                let (code, name) = splitCodeAndName(trimmed)
                return Classification(kind: .receiveMoney, counterparty: Counterparty(kind: .till, name: name, shortcode: code))
            }
            let (phone, name) = splitPhoneAndName(rest)
            return Classification(kind: .receiveMoney, counterparty: Counterparty(kind: .person, name: name, phone: phone))
        }
        if let rest = text.dropPrefixIgnoringCase("Loan Payments to") {
            let (phone, name) = splitPhoneAndName(rest)
            return Classification(kind: .receiveMoney, counterparty: Counterparty(kind: .person, name: name, phone: phone))
        }
        if let rest = text.dropPrefixIgnoringCase("Offnet B2C Transfer by ") {
            let head = rest.rangeIgnoringCase(" via API").map { rest[..<$0.lowerBound] } ?? rest
            let (code, name) = splitCodeAndName(head)
            return Classification(kind: .receiveMoney, counterparty: Counterparty(kind: .business, name: name, shortcode: code))
        }
        return nil
    }

    static func pochi(_ text: Substring, direction: Direction) -> Classification? {
        for prefix in [
            "Customer Payment to Small Business to", "Customer Send Money to Micro SME Business with Fuliza MPesa to",
            "Customer Send Money to Micro SME Business to", "Small Business Payment to Customer via API from",
            "Small Business Payment to Customer from",
        ] {
            if let rest = text.dropPrefixIgnoringCase(prefix) {
                let (phone, name) = splitPhoneAndName(rest)
                return Classification(kind: .pochi, counterparty: Counterparty(kind: .person, name: name, phone: phone))
            }
        }
        if text.hasPrefixIgnoringCase("Small Business Withdrawal from Business Account") {
            return Classification(kind: .settlement, counterparty: Counterparty(kind: .internal, name: "Pochi la Biashara"))
        }
        return nil
    }

    static func paybill(_ text: Substring, direction: Direction) -> Classification? {
        // Incoming paybill payments, as organisations see them in portal exports.
        for prefix in ["Small Business Pay Bill from", "Pay Bill Online from", "Pay Bill from"] {
            if let rest = text.dropPrefixIgnoringCase(prefix) {
                let (body, account) = splitAccount(rest)
                let (phone, name) = splitPhoneAndName(body)
                return Classification(kind: .paybill, counterparty: Counterparty(kind: .person, name: name, phone: phone, accountReference: account))
            }
        }
        for prefix in ["Merchant Pay Utility Received from", "Business Pay Bill via API by", "FSI to Pay Bill by"] {
            if let rest = text.dropPrefixIgnoringCase(prefix) {
                let (body, account) = splitAccount(rest)
                let (code, name) = splitCodeAndName(body)
                return Classification(kind: .paybill, counterparty: Counterparty(kind: .business, name: name, shortcode: code, accountReference: account))
            }
        }
        // Outgoing: [Card ]Pay Bill[ Online][ Fuliza M-Pesa][ Online] to <code>[ -] <name> Acc. <account>
        var rest = text
        if let afterCard = rest.dropPrefixIgnoringCase("Card ") { rest = afterCard }
        guard let afterPayBill = rest.dropPrefixIgnoringCase("Pay Bill") else { return nil }
        guard let toRange = afterPayBill.rangeIgnoringCase(" to ") else { return nil }
        let modifiers = afterPayBill[afterPayBill.startIndex..<toRange.lowerBound].lowercased()
        guard modifiers.isEmpty || modifiers.allSatisfy({ $0.isLetter || $0 == " " || $0 == "-" }) else { return nil }
        let target = afterPayBill[toRange.upperBound...]
        let (body, account) = splitAccount(target)
        let (code, name) = splitCodeAndName(body)
        return Classification(kind: .paybill, counterparty: Counterparty(kind: .paybill, name: name, shortcode: code, accountReference: account))
    }

    static func merchant(_ text: Substring) -> Classification? {
        if let rest = text.dropPrefixIgnoringCase("Merchant Customer Payment from ") {
            let (code, name) = splitCodeAndName(rest)
            return Classification(kind: .receiveMoney, counterparty: Counterparty(kind: .till, name: name, shortcode: code))
        }
        guard let afterMerchant = text.dropPrefixIgnoringCase("Merchant Payment") ?? text.dropPrefixIgnoringCase("Buy Goods") else { return nil }
        guard let toRange = afterMerchant.rangeIgnoringCase(" to ") ?? afterMerchant.rangeIgnoringCase(" from ")
        else { return nil }
        let (code, name) = splitCodeAndName(afterMerchant[toRange.upperBound...])
        return Classification(kind: .buyGoods, counterparty: Counterparty(kind: .till, name: name, shortcode: code))
    }

    static func agent(_ text: Substring) -> Classification? {
        for prefix in ["Customer Withdrawal At Agent Till with Fuliza to ", "Customer Withdrawal At Agent Till "] {
            if let rest = text.dropPrefixIgnoringCase(prefix) {
                let (code, name) = splitCodeAndName(rest)
                return Classification(kind: .agentWithdrawal, counterparty: Counterparty(kind: .agent, name: name, shortcode: code))
            }
        }
        if let rest = text.dropPrefixIgnoringCase("Deposit of Funds at Agent Till ") {
            let (code, name) = splitCodeAndName(rest)
            return Classification(kind: .agentDeposit, counterparty: Counterparty(kind: .agent, name: name, shortcode: code))
        }
        return nil
    }

    static func airtime(_ text: Substring) -> Classification? {
        if text.hasPrefixIgnoringCase("Airtime Purchase") || text.hasPrefixIgnoringCase("Buy Bundles") || text.hasPrefixIgnoringCase("OTC Buy Airtime") {
            return Classification(kind: .airtimeBundles, counterparty: Counterparty(kind: .telco, name: "Safaricom"))
        }
        for prefix in ["Customer Bundle Purchase with Fuliza to ", "Customer Bundle Purchase to ", "Recharge for Customer With Fuliza to ", "Recharge for Customer to "] {
            if let rest = text.dropPrefixIgnoringCase(prefix) {
                let target = rest.rangeIgnoringCase(" by ", backwards: true).map { rest[..<$0.lowerBound] } ?? rest
                let (code, name) = splitCodeAndName(target)
                return Classification(kind: .airtimeBundles, counterparty: Counterparty(kind: .telco, name: name, shortcode: code))
            }
        }
        if text.hasPrefixIgnoringCase("Recharge for Customer") || text.hasPrefixIgnoringCase("Customer Bundle Purchase") {
            return Classification(kind: .airtimeBundles, counterparty: Counterparty(kind: .telco, name: "Safaricom"))
        }
        return nil
    }

    static func savings(_ text: Substring) -> Classification? {
        let product: String
        if text.hasPrefixIgnoringCase("m-shwari") || text.hasPrefixIgnoringCase("mshwari") {
            product = "M-Shwari"
        } else if text.hasPrefixIgnoringCase("kcb m-pesa") || text.hasPrefixIgnoringCase("kcb mpesa") {
            product = "KCB M-PESA"
        } else {
            return nil
        }
        let lower = text.lowercased()
        let counterparty = Counterparty(kind: .bank, name: product)
        if lower.contains("loan repayment") { return Classification(kind: .loanRepayment, counterparty: counterparty) }
        if lower.contains("loan") { return Classification(kind: .loanDisbursement, counterparty: counterparty) }
        if lower.contains("withdraw") { return Classification(kind: .savingsWithdrawal, counterparty: counterparty) }
        if lower.contains("deposit") { return Classification(kind: .savingsDeposit, counterparty: counterparty) }
        return Classification(kind: .other, counterparty: counterparty)
    }

    static func businessToCustomer(_ text: Substring) -> Classification? {
        let families: [(String, TransactionKind)] = [
            ("Business Payment from ", .businessPayment), ("Salary Payment from ", .salaryPayment), ("Promotion Payment from ", .promotionPayment),
        ]
        for (prefix, kind) in families {
            if let rest = text.dropPrefixIgnoringCase(prefix) {
                let (code, name) = splitCodeAndName(stripAPITail(rest))
                return Classification(kind: kind, counterparty: Counterparty(kind: .business, name: name, shortcode: code))
            }
        }
        return nil
    }

    static func settlement(_ text: Substring) -> Classification? {
        guard text.hasPrefixIgnoringCase("utility") || text.hasPrefixIgnoringCase("organization") || text.hasPrefixIgnoringCase("settlement")
            || text.hasPrefixIgnoringCase("agency withdrawal") || text.hasPrefixIgnoringCase("withdraw funds")
        else { return nil }
        let lower = text.lowercased()
        if lower.hasPrefix("utility account to organization") || lower.hasPrefix("organization settlement account to")
            || lower == "settlement" || lower.hasPrefix("organization utility account to")
        {
            return Classification(kind: .settlement, counterparty: Counterparty(kind: .internal, name: String(text)))
        }
        if lower.hasPrefix("agency withdrawal of funds to bank") || lower.hasPrefix("withdraw funds to bank") {
            return Classification(kind: .settlement, counterparty: Counterparty(kind: .bank, name: "Bank"))
        }
        return nil
    }

    static func reversalCounterparty(_ text: Substring) -> Counterparty? {
        for marker in [" to - ", " from - ", " to ", " from "] {
            if let range = text.rangeIgnoringCase(marker) {
                let (phone, name) = splitPhoneAndName(text[range.upperBound...])
                if phone != nil || name != nil { return Counterparty(kind: .person, name: name, phone: phone) }
            }
        }
        return nil
    }

    // MARK: - Pieces

    /// `"- 2547******123 JANE DOE"` → (`2547******123`, `JANE DOE`). A leading dash and spaces are dropped; a
    /// first token that is not a phone number leaves the whole text as the name.
    static func splitPhoneAndName(_ text: Substring) -> (phone: String?, name: String?) {
        let trimmed = trimDash(text)
        let token = firstToken(trimmed)
        guard looksLikePhone(token) else { return (nil, cleanName(trimmed)) }
        let rest = trimDash(trimmed.dropFirst(token.count))
        return (String(token), cleanName(rest))
    }

    /// `"4109505 - BYTECH CREDIT LIMITED"` or `"826915Safaricom Offers"` → (`4109505`, `BYTECH CREDIT LIMITED`).
    static func splitCodeAndName(_ text: Substring) -> (code: String?, name: String?) {
        let trimmed = trimDash(text)
        let digits = trimmed.prefix(while: { $0.isASCII && $0.isNumber })
        guard digits.count >= 4, digits.count <= 8 else { return (nil, cleanName(trimmed)) }
        let rest = trimDash(trimmed.dropFirst(digits.count))
        return (String(digits), cleanName(rest))
    }

    /// Splits `… Acc. <account>` into the part before and the account (nil when there is no `Acc.`).
    static func splitAccount(_ text: Substring) -> (Substring, String?) {
        guard let range = text.rangeIgnoringCase(" Acc.", backwards: true) ?? (text.hasPrefixIgnoringCase("Acc.") ? text.startIndex..<text.index(text.startIndex, offsetBy: 4) : nil)
        else { return (text, nil) }
        let account = DetailsClassifier.trimDash(text[range.upperBound...])
        let cleaned = account.rangeIgnoringCase(" via ").map { account[..<$0.lowerBound] } ?? account
        return (text[..<range.lowerBound], cleaned.isEmpty ? nil : String(cleaned))
    }

    static func stripAPITail(_ text: Substring) -> Substring {
        for marker in [" via API", " Original conversation", " Orginal conversation"] {
            if let range = text.rangeIgnoringCase(marker) { return text[..<range.lowerBound] }
        }
        return text
    }

    static func looksLikePhone(_ token: Substring) -> Bool {
        let bytes = token.utf8
        guard bytes.count >= 9, bytes.count <= 13, let first = bytes.first, first == UInt8(ascii: "0") || first == UInt8(ascii: "2") || first == UInt8(ascii: "+")
        else { return false }
        guard token.hasPrefix("0") || token.hasPrefix("254") || token.hasPrefix("+254") else { return false }
        var digits = 0
        for byte in bytes {
            if (48...57).contains(byte) {
                digits += 1
            } else if byte != UInt8(ascii: "*") && byte != UInt8(ascii: "+") {
                return false
            }
        }
        return digits >= 5
    }

    static func firstToken(_ text: Substring) -> Substring {
        let utf8 = text.utf8
        let end = utf8.firstIndex(of: UInt8(ascii: " ")) ?? utf8.endIndex
        return text[text.startIndex..<end]
    }

    static func trimDash(_ text: Substring) -> Substring {
        let utf8 = text.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, utf8[start] == UInt8(ascii: " ") || utf8[start] == UInt8(ascii: "-") { start = utf8.index(after: start) }
        while end > start, utf8[utf8.index(before: end)] == UInt8(ascii: " ") { end = utf8.index(before: end) }
        return text[start..<end]
    }

    /// Details arrive collapsed (one space between words), so a name needs trimming only.
    static func cleanName(_ text: Substring) -> String? {
        let name = trimDash(stripAPITail(trimDash(text)))
        return name.isEmpty ? nil : String(name)
    }
}
