/// The categories every tenant starts with (issue #6): slugs are stable forever; names can be changed per tenant.
public enum DefaultTaxonomy {
    /// What a transaction is when nothing was confident enough to name its category.
    public static let uncategorized = "uncategorized"

    public static let categories: [CategoryDefinition] = [
        income("sales", "Sales", "Payments received from customers: till, paybill, Pochi la Biashara, B2C from payment aggregators, money received from people"),
        income("transfers_in", "Transfers in", "The owner's own money coming back: from a bank, from M-Shwari or KCB M-PESA savings, reversals, Airtel Money"),
        income("loans_in", "Loans received", "Fuliza draws, M-Shwari and KCB M-PESA loans, disbursements from digital lenders"),
        income("cash_deposit", "Cash deposits", "Cash deposited at an M-PESA agent"),
        income("other_income", "Other income", "Salary, promotions and other money in"),
        expense("inventory", "Stock and supplies", "Wholesalers, distributors, manufacturers and suppliers"),
        expense("rent", "Rent", "Rent to landlords and property managers"),
        expense("salaries", "Salaries and wages", "Payroll, staff salaries and casual wages"),
        expense("transport", "Transport and fuel", "Fuel, matatu and bus saccos, ride hailing, parcel delivery"),
        expense("utilities", "Utilities", "KPLC, water, Safaricom Home, Zuku, DStv and GOtv, gas"),
        expense("airtime_data", "Airtime and data", "Airtime and bundles"),
        expense("loan_repayment", "Loan repayments", "Fuliza repayments (OD Loan Repayment), M-Shwari and KCB M-PESA loan repayments, lenders' paybills"),
        expense("fees_charges", "Fees and charges", "M-PESA transaction charges and bank fees"),
        expense("tax", "Tax and government", "KRA, eCitizen, county government fees and permits"),
        expense("savings", "Savings and investments", "M-Shwari and KCB M-PESA deposits, money-market funds, SACCOs, unit trusts"),
        expense("cash_withdrawal", "Cash withdrawals", "Cash withdrawn at an M-PESA agent or ATM"),
        expense("food_groceries", "Food and groceries", "Supermarkets, grocers, butcheries, restaurants"),
        expense("health", "Health", "Hospitals, clinics, pharmacies, NHIF/SHA, health insurance"),
        expense("education", "Education", "School fees, colleges, universities, HELB"),
        expense("betting", "Betting", "SportPesa, Betika, Odibets and other betting and gaming"),
        expense("subscriptions", "Subscriptions", "Spotify, Netflix, Showmax, YouTube and other digital services"),
        expense("personal_transfers", "Personal transfers", "Money sent to individuals with no better signal"),
        expense("other", "Other expenses", "Spending that fits no other category"),
    ]

    /// Default categories by slug.
    public static let bySlug: [String: CategoryDefinition] = Dictionary(uniqueKeysWithValues: categories.map { ($0.slug, $0) })

    private static func income(_ slug: String, _ name: String, _ description: String) -> CategoryDefinition {
        CategoryDefinition(slug: slug, name: name, group: .income, description: description, isDefault: true)
    }

    private static func expense(_ slug: String, _ name: String, _ description: String) -> CategoryDefinition {
        CategoryDefinition(slug: slug, name: name, group: .expense, description: description, isDefault: true)
    }
}
