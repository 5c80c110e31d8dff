/// The default-taxonomy slugs analytics needs, with display labels and cash-flow sections.
///
/// Duplicated on purpose from `Sources/Categorization/Taxonomy/DefaultTaxonomy.swift` (slugs are stable forever there)
/// so the analytics service does not depend on the categorizer; keep this the only copy in the service.
enum CategoryTable {
    static let sales = "sales"
    static let transfersIn = "transfers_in"
    static let loansIn = "loans_in"
    static let cashDeposit = "cash_deposit"
    static let otherIncome = "other_income"
    static let loanRepayment = "loan_repayment"
    static let feesCharges = "fees_charges"
    static let savings = "savings"
    static let cashWithdrawal = "cash_withdrawal"
    static let betting = "betting"
    static let uncategorized = "uncategorized"

    /// Synthetic line keys of the financing section, which groups by what was borrowed or saved rather than by slug.
    static let fulizaLine = "fuliza"
    static let mobileLoansLine = "mobile_loans"

    struct Entry: Sendable {
        var label: String
        var section: CashflowSection
    }

    static let entries: [String: Entry] = [
        sales: Entry(label: "Sales", section: .operating),
        transfersIn: Entry(label: "Transfers in", section: .transfers),
        loansIn: Entry(label: "Loans received", section: .financing),
        cashDeposit: Entry(label: "Cash deposits", section: .transfers),
        otherIncome: Entry(label: "Other income", section: .operating),
        "inventory": Entry(label: "Stock and supplies", section: .operating),
        "rent": Entry(label: "Rent", section: .operating),
        "salaries": Entry(label: "Salaries and wages", section: .operating),
        "transport": Entry(label: "Transport and fuel", section: .operating),
        "utilities": Entry(label: "Utilities", section: .operating),
        "airtime_data": Entry(label: "Airtime and data", section: .operating),
        loanRepayment: Entry(label: "Loan repayments", section: .financing),
        feesCharges: Entry(label: "Fees and charges", section: .feesAndCharges),
        "tax": Entry(label: "Tax and government", section: .operating),
        savings: Entry(label: "Savings and investments", section: .financing),
        cashWithdrawal: Entry(label: "Cash withdrawals", section: .transfers),
        "food_groceries": Entry(label: "Food and groceries", section: .operating),
        "health": Entry(label: "Health", section: .operating),
        "education": Entry(label: "Education", section: .operating),
        betting: Entry(label: "Betting", section: .operating),
        "subscriptions": Entry(label: "Subscriptions", section: .operating),
        "personal_transfers": Entry(label: "Personal transfers", section: .operating),
        "other": Entry(label: "Other expenses", section: .operating),
        uncategorized: Entry(label: "Uncategorized", section: .operating),
        fulizaLine: Entry(label: "Fuliza (drawn / repaid)", section: .financing),
        mobileLoansLine: Entry(label: "Mobile loans (received / repaid)", section: .financing),
    ]

    /// The label of a slug; a tenant's own slug is shown as words ("school_trip" → "School trip").
    static func label(for slug: String) -> String {
        if let entry = entries[slug] { return entry.label }
        let words = slug.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
