import Foundation
import MPesaCore

/// One row of `analytics_transactions` as stored.
struct TransactionRecord: Decodable, Sendable {
    let id: String
    let identity: String
    let receipt: String
    let line_kind: String
    let completed_at: Int64
    let sequence: Int64
    let local_time: String
    let local_day: String
    let direction: String
    let amount_cents: Int64
    let fee_cents: Int64
    let net_cents: Int64
    let balance_cents: Int64?
    let kind: String
    let status: String
    let counterparty_key: String?
    let counterparty_name: String?
    let counterparty: String?
    let details: String
    let category: String
    let category_source: String
    let confidence_bp: Int
    let category_reason: String
    let note: String?
    let tags: String
    let first_statement_id: String
    let created_at: Int64
    let updated_at: Int64

    static let columns = """
        id, identity, receipt, line_kind, completed_at, sequence, local_time, local_day, direction, amount_cents, fee_cents, net_cents, balance_cents, kind, \
        status, counterparty_key, counterparty_name, counterparty, details, category, category_source, confidence_bp, category_reason, note, tags, \
        first_statement_id, created_at, updated_at
        """

    var localDateTime: LocalDateTime? { LocalDateTime(parsing: local_time) }

    var tagList: [String] { (try? JSONDecoder().decode([String].self, from: Data(tags.utf8))) ?? [] }

    var counterpartyValue: Counterparty? {
        counterparty.flatMap { try? JSONDecoder().decode(Counterparty.self, from: Data($0.utf8)) }
    }

    /// The row as the pure analytics code sees it; nil only for a row whose stored time cannot be read.
    var ledgerRow: LedgerRow? {
        guard let time = localDateTime, let direction = Direction(rawValue: direction) else { return nil }
        return LedgerRow(
            id: id, receipt: receipt, localTime: time, direction: direction, amountCents: amount_cents, feeCents: fee_cents,
            balanceCents: balance_cents, kind: TransactionKind(rawValue: kind) ?? .other, category: category,
            counterpartyKey: counterparty_key, counterpartyName: counterparty_name
        )
    }
}
