/// What a transaction is, in M-PESA's own terms, as the statement parser reads it from Details; the categorizer
/// maps kinds to business categories (so both pure libraries share it here).
public enum TransactionKind: String, Sendable, Codable, CaseIterable, Hashable {
    case sendMoney = "send_money"
    case receiveMoney = "receive_money"
    case paybill
    case buyGoods = "buy_goods"
    /// Pochi la Biashara / small-business payments, either way.
    case pochi
    case agentWithdrawal = "agent_withdrawal"
    case agentDeposit = "agent_deposit"
    case airtimeBundles = "airtime_bundles"
    case fulizaDraw = "fuliza_draw"
    case fulizaRepayment = "fuliza_repayment"
    /// Money moved from the wallet into M-Shwari or KCB M-PESA savings.
    case savingsDeposit = "savings_deposit"
    /// Money moved from M-Shwari or KCB M-PESA savings into the wallet.
    case savingsWithdrawal = "savings_withdrawal"
    /// An M-Shwari or KCB M-PESA loan paid into the wallet.
    case loanDisbursement = "loan_disbursement"
    /// A repayment of an M-Shwari or KCB M-PESA loan.
    case loanRepayment = "loan_repayment"
    /// B2C income: a business paying the customer (banks, lenders, aggregators).
    case businessPayment = "business_payment"
    case salaryPayment = "salary_payment"
    case promotionPayment = "promotion_payment"
    case reversal
    /// A transaction charge with no parent in the statement (normally charges are folded into `fee_cents`).
    case charge
    /// Org-portal movements between the organisation's own accounts (utility → settlement → MMF).
    case settlement
    case other
}

/// Which way money moved for the wallet (or the organisation's account).
public enum Direction: String, Sendable, Codable, Hashable {
    case `in`
    case out
}

/// The other side of a transaction, as far as the statement tells.
public struct Counterparty: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case person
        case paybill
        case till
        case agent
        case business
        case bank
        case telco
        case `internal`
    }

    public var kind: Kind
    public var name: String?
    /// A phone number as printed, masked or not (`2547******123`, `0712345678`).
    public var phone: String?
    /// A paybill, till, agent or B2C shortcode.
    public var shortcode: String?
    /// The account reference typed for a paybill payment (`Acc. …`).
    public var accountReference: String?

    public init(kind: Kind, name: String? = nil, phone: String? = nil, shortcode: String? = nil, accountReference: String? = nil) {
        self.kind = kind
        self.name = name
        self.phone = phone
        self.shortcode = shortcode
        self.accountReference = accountReference
    }
}
