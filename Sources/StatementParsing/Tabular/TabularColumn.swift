import Foundation

/// What a statement table column holds, recognised from its header text.
enum TabularColumn: CaseIterable, Sendable {
    case receipt
    case completionTime
    case initiationTime
    case details
    case status
    case paidIn
    case withdrawn
    case balance
    case balanceConfirmed
    case reasonType
    case otherPartyInfo
    case linkedTransactionID
    case accountNumber
    case currency

    /// The columns every layout needs.
    static let required: [TabularColumn] = [.receipt, .completionTime, .details, .status, .paidIn, .withdrawn, .balance]
    /// Columns only the org-portal classic export has.
    static let classicOnly: Set<TabularColumn> = [
        .initiationTime, .balanceConfirmed, .reasonType, .otherPartyInfo, .linkedTransactionID, .accountNumber,
    ]

    /// The column a header cell names, if any.
    init?(header: String) {
        switch Self.normalize(header) {
        case "receipt no", "receipt number", "receipt", "receipt id": self = .receipt
        case "completion time", "completion date", "completion date time": self = .completionTime
        case "initiation time", "initiation date": self = .initiationTime
        case "details", "transaction details": self = .details
        case "transaction status", "status": self = .status
        case "paid in": self = .paidIn
        case "withdrawn", "withdrawal", "withdrawals": self = .withdrawn
        case "balance": self = .balance
        case "balance confirmed": self = .balanceConfirmed
        case "reason type": self = .reasonType
        case "other party info", "other party": self = .otherPartyInfo
        case "linked transaction id", "linked transaction": self = .linkedTransactionID
        case "a/c no", "a/c number", "account no", "account number": self = .accountNumber
        case "currency": self = .currency
        default: return nil
        }
    }

    /// Header text normalised for matching: `(KSHs)`-style suffixes and dots removed, case folded, `_` read as a
    /// space, whitespace collapsed, a trailing colon dropped.
    static func normalize(_ text: String) -> String {
        var folded = text.lowercased()
        for suffix in ["(kshs)", "(ksh)", "(kes)", "(kshs.)", "(ksh.)"] {
            folded = folded.replacingOccurrences(of: suffix, with: " ")
        }
        var result = ""
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            if scalar == "." { continue }
            if scalar == "_" || scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.unicodeScalars.append(" ")
                pendingSpace = false
            }
            result.unicodeScalars.append(scalar)
        }
        while result.hasSuffix(":") { result.removeLast() }
        while result.hasSuffix(" ") { result.removeLast() }
        return result
    }
}
