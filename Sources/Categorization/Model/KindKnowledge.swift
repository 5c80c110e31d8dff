import MPesaCore

/// What the M-PESA kind alone says about the category. Some kinds settle it (a Fuliza draw is a loan, an agent
/// withdrawal is cash, a charge is a fee); others only give a default for when nothing better is known (money from
/// a person is a sale; money sent to a person is a personal transfer).
public enum KindKnowledge {
    /// The category a kind always has, whatever the counterparty.
    public static func certain(_ kind: TransactionKind, _ direction: Direction) -> (category: String, reason: String)? {
        switch kind {
        case .fulizaDraw: ("loans_in", "a Fuliza draw is an overdraft loan")
        case .loanDisbursement: ("loans_in", "an M-Shwari or KCB M-PESA loan paid into the wallet")
        case .fulizaRepayment: ("loan_repayment", "an OD Loan Repayment repays Fuliza")
        case .loanRepayment: ("loan_repayment", "a repayment of an M-Shwari or KCB M-PESA loan")
        case .charge: ("fees_charges", "an M-PESA transaction charge")
        case .savingsDeposit: ("savings", "money moved into M-Shwari or KCB M-PESA savings")
        case .savingsWithdrawal: ("transfers_in", "money moved back from M-Shwari or KCB M-PESA savings")
        case .agentWithdrawal: ("cash_withdrawal", "cash withdrawn at an agent")
        case .agentDeposit: ("cash_deposit", "cash deposited at an agent")
        case .reversal: direction == .in ? ("transfers_in", "a reversal returns the wallet's own money") : nil
        case .salaryPayment: direction == .in ? ("other_income", "a salary payment received") : nil
        case .promotionPayment: direction == .in ? ("other_income", "a promotion payment received") : nil
        default: nil
        }
    }

    /// The category to use when neither the directory nor the model is confident; nil means `uncategorized`.
    public static func fallback(_ kind: TransactionKind, _ direction: Direction) -> (category: String, reason: String)? {
        switch (kind, direction) {
        case (.receiveMoney, .in), (.pochi, .in), (.paybill, .in), (.buyGoods, .in), (.businessPayment, .in):
            ("sales", "money received from a customer, with no sign it is anything else")
        case (.sendMoney, .out):
            ("personal_transfers", "money sent to a person, with no sign it is anything else")
        case (.pochi, .out):
            ("other", "a payment to a small business's Pochi la Biashara, with no sign what it bought")
        case (.airtimeBundles, .out):
            ("airtime_data", "airtime or a bundle")
        case (.settlement, .in):
            ("transfers_in", "a movement between the organisation's own accounts")
        case (.settlement, .out):
            ("other", "a movement between the organisation's own accounts")
        default:
            nil
        }
    }
}
