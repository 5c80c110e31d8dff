import Categorization
import Crypto
import Foundation
import MPesaCore
import StatementParsing

/// A parsed transaction with the category the categorizer gave it: what ingestion writes into the ledger.
struct LedgerEntry: Sendable {
    var transaction: ParsedTransaction
    var category: CategorizationResult
    /// The transaction's place in its statement's chronological order.
    var sequence: Int

    /// The ledger id of a transaction identity: stable across uploads, so the same transaction always has one id.
    static func id(identity: String) -> String {
        let digest = SHA256.hash(data: Data(identity.utf8))
        return "tx_" + digest.prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    var id: String { Self.id(identity: transaction.identity) }

    /// Groups transactions with the same other side: a paybill or till by its shortcode (its printed name varies),
    /// a person by number and name (numbers are masked on personal statements, so the name tells people apart).
    static func counterpartyKey(_ counterparty: Counterparty?) -> String? {
        guard let counterparty else { return nil }
        let name = counterparty.name.map(normalizedName) ?? ""
        if let shortcode = counterparty.shortcode, !shortcode.isEmpty, counterparty.kind != .person {
            return "\(counterparty.kind.rawValue):\(shortcode)"
        }
        let phone = counterparty.phone.map { String($0.filter { $0.isNumber || $0 == "*" }) } ?? ""
        guard !name.isEmpty || !phone.isEmpty else { return nil }
        return "\(counterparty.kind.rawValue):\(phone):\(name)"
    }

    static func normalizedName(_ name: String) -> String {
        name.uppercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The name to show for the counterparty: a rule's rename wins over the printed name.
    var counterpartyName: String? {
        category.counterpartyName ?? transaction.counterparty?.name
    }
}
