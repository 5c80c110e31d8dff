/// The part of a statement of cash flows a movement belongs to: trading, borrowing and saving, moving the owner's own
/// money, or what M-PESA charged.
enum CashflowSection: String, Sendable, Hashable, Codable, CaseIterable {
    case operating
    case financing
    /// The owner's own money moving between wallet, bank and cash; neither earned nor spent.
    case transfers
    case feesAndCharges = "fees_and_charges"

    var title: String {
        switch self {
        case .operating: "Operating activities"
        case .financing: "Financing: loans, Fuliza and savings"
        case .transfers: "Own transfers and cash"
        case .feesAndCharges: "Fees and charges"
        }
    }
}
