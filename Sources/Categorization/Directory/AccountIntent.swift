/// What a paybill's account reference says the money is for, when the paybill itself only says where it went: rent,
/// salaries, a loan or school fees paid through a bank's or a SACCO's paybill are not savings.
public enum AccountIntent {
    /// Whole words of an account reference and the category they declare (English and Swahili).
    static let words: [String: String] = [
        "RENT": "rent", "KODI": "rent", "HOUSE": "rent", "HSE": "rent",
        "SALARY": "salaries", "SALARIES": "salaries", "MSHAHARA": "salaries", "WAGES": "salaries", "PAYROLL": "salaries",
        "LOAN": "loan_repayment", "MKOPO": "loan_repayment", "REPAYMENT": "loan_repayment",
        "FEES": "education", "FEE": "education", "TUITION": "education", "KARO": "education",
    ]

    /// The category the account reference declares, with the word that declared it.
    public static func category(of accountReference: String?) -> (category: String, word: String)? {
        guard let accountReference, !accountReference.isEmpty else { return nil }
        for word in MerchantDirectory.words(TextFolding.normalized(accountReference)) {
            if let category = words[word] { return (category, word) }
        }
        return nil
    }
}
