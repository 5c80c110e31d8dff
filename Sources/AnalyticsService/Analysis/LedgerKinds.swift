import MPesaCore

/// Which M-PESA kinds are trade with customers and suppliers, and which are the owner's own financing, so that
/// "sales", concentration and retention are not inflated by loans, Fuliza, savings or own cash deposits.
enum LedgerKinds {
    /// Money in that is a customer paying (or a business paying the organisation), not borrowing or moving its own money.
    static let customerInflow: Set<TransactionKind> = [.receiveMoney, .buyGoods, .paybill, .pochi, .businessPayment, .salaryPayment, .other]
    static let financing: Set<TransactionKind> = [.fulizaDraw, .fulizaRepayment, .loanDisbursement, .loanRepayment, .savingsDeposit, .savingsWithdrawal]

    static func isCustomerInflow(kind: String, direction: String) -> Bool {
        direction == Direction.in.rawValue && TransactionKind(rawValue: kind).map(customerInflow.contains) == true
    }
}
