import MPesaCore

/// Which kind of money a ledger row moves, decided in one place so insights, the monthly report and the lender
/// summary agree on what counts as income, borrowing, betting or the owner's own money.
enum LedgerFlow {
    /// Kinds that bring money in without anyone paying for goods or services.
    private static let nonIncomeKinds: Set<TransactionKind> = [
        .fulizaDraw, .loanDisbursement, .agentDeposit, .reversal, .savingsWithdrawal, .settlement,
    ]
    private static let nonIncomeCategories: Set<String> = [
        CategoryTable.loansIn, CategoryTable.transfersIn, CategoryTable.cashDeposit,
    ]

    /// Money earned: payments in, excluding loans, Fuliza, cash deposits, reversals, own savings and own transfers.
    static func isBusinessInflow(_ row: LedgerRow) -> Bool {
        row.direction == .in && !nonIncomeKinds.contains(row.kind) && !nonIncomeCategories.contains(row.category)
    }

    /// Money paid by customers: business inflow that is not a salary or a promotion.
    static func isCustomerInflow(_ row: LedgerRow) -> Bool {
        isBusinessInflow(row) && row.kind != .salaryPayment && row.kind != .promotionPayment
    }

    static func isFulizaDraw(_ row: LedgerRow) -> Bool { row.kind == .fulizaDraw }

    static func isFulizaRepayment(_ row: LedgerRow) -> Bool { row.kind == .fulizaRepayment }

    /// M-Shwari, KCB M-PESA and app lenders (categorized by their paybills); Fuliza is counted separately.
    static func isMobileLoanDisbursement(_ row: LedgerRow) -> Bool {
        guard row.direction == .in, !isFulizaDraw(row) else { return false }
        return row.kind == .loanDisbursement || row.category == CategoryTable.loansIn
    }

    static func isMobileLoanRepayment(_ row: LedgerRow) -> Bool {
        guard row.direction == .out, !isFulizaRepayment(row) else { return false }
        return row.kind == .loanRepayment || row.category == CategoryTable.loanRepayment
    }

    static func isSavingsMovement(_ row: LedgerRow) -> Bool {
        row.kind == .savingsDeposit || row.kind == .savingsWithdrawal || row.category == CategoryTable.savings
    }

    static func isBetting(_ row: LedgerRow) -> Bool {
        row.direction == .out && row.category == CategoryTable.betting
    }

    /// Money spent, excluding moving the owner's money into savings; includes the fee.
    static func isSpending(_ row: LedgerRow) -> Bool {
        row.direction == .out && row.kind != .savingsDeposit && row.category != CategoryTable.savings
    }

    /// The line of the monthly statement of cash flows a row's amount lands on; fees always go to the fees line.
    static func lineKey(for row: LedgerRow) -> String {
        switch row.kind {
        case .fulizaDraw, .fulizaRepayment: return CategoryTable.fulizaLine
        case .loanDisbursement, .loanRepayment: return CategoryTable.mobileLoansLine
        case .savingsDeposit, .savingsWithdrawal: return CategoryTable.savings
        case .charge: return CategoryTable.feesCharges
        default: break
        }
        if row.category == CategoryTable.loansIn || row.category == CategoryTable.loanRepayment {
            return CategoryTable.mobileLoansLine
        }
        return row.category.isEmpty ? CategoryTable.uncategorized : row.category
    }

    /// The section of a line key; tenant-defined slugs are operating.
    static func section(ofLine key: String) -> CashflowSection {
        CategoryTable.entries[key]?.section ?? .operating
    }
}
