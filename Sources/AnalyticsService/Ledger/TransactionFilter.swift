import Foundation
import Hummingbird
import MPesaCore
import Platform
import SQLKit

/// Which ledger rows a list or an export shows, read and validated from the query string.
///
/// Parameters: `from`, `to` (local days, inclusive), `kind`, `direction`, `category` (comma lists), `counterparty`
/// (a counterparty key), `min_amount_cents`, `max_amount_cents`, `q` (text in details, counterparty or receipt),
/// `tag`, `statement_id`, `id` (a comma list of up to 200 transaction ids: an insight's evidence), `sort` (`-time` default,
/// `time`, `-amount`, `amount`).
struct TransactionFilter: Sendable {
    var from: String?
    var to: String?
    var kinds: [String] = []
    var direction: Direction?
    var categories: [String] = []
    var counterparty: String?
    var minAmount: Int64?
    var maxAmount: Int64?
    var text: String?
    var tag: String?
    var statementID: String?
    var ids: [String] = []
    var sort: TransactionSort = .timeDescending

    init() {}

    init(query: Parameters) throws {
        var errors: [Problem.FieldError] = []
        func value(_ name: String) -> String? {
            guard let found = query.get(name) else { return nil }
            let raw = String(found)
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        }
        func list(_ name: String) -> [String] {
            value(name)?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } ?? []
        }
        func day(_ name: String) -> String? {
            guard let text = value(name) else { return nil }
            guard text.count == 10, let parsed = LocalDateTime(parsing: text) else {
                errors.append(.init(pointer: name, detail: "\(name) is a local date, YYYY-MM-DD"))
                return nil
            }
            return parsed.date
        }
        func cents(_ name: String) -> Int64? {
            guard let text = value(name) else { return nil }
            guard let number = Int64(text), number >= 0 else {
                errors.append(.init(pointer: name, detail: "\(name) is a whole, non-negative number of cents"))
                return nil
            }
            return number
        }
        from = day("from")
        to = day("to")
        if let from, let to, from > to { errors.append(.init(pointer: "from", detail: "from (\(from)) is after to (\(to))")) }
        kinds = list("kind")
        for kind in kinds where TransactionKind(rawValue: kind) == nil {
            errors.append(.init(pointer: "kind", detail: "unknown kind `\(kind.prefix(40))`; use one of: \(TransactionKind.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        if let raw = value("direction") {
            direction = Direction(rawValue: raw)
            if direction == nil { errors.append(.init(pointer: "direction", detail: "direction is `in` or `out`")) }
        }
        categories = list("category")
        if categories.count > 50 { errors.append(.init(pointer: "category", detail: "at most 50 categories")) }
        counterparty = value("counterparty")
        minAmount = cents("min_amount_cents")
        maxAmount = cents("max_amount_cents")
        if let minAmount, let maxAmount, minAmount > maxAmount {
            errors.append(.init(pointer: "min_amount_cents", detail: "min_amount_cents is above max_amount_cents"))
        }
        text = value("q")
        if let text, text.count > 200 { errors.append(.init(pointer: "q", detail: "search text is at most 200 characters")) }
        tag = value("tag")
        statementID = value("statement_id")
        ids = list("id")
        if ids.count > 200 { errors.append(.init(pointer: "id", detail: "at most 200 transaction ids")) }
        for id in ids where !id.hasPrefix("tx_") || id.count > 80 {
            errors.append(.init(pointer: "id", detail: "`\(id.prefix(40))` is not a transaction id (they start with tx_)"))
            break
        }
        if let raw = value("sort") {
            if let sort = TransactionSort(rawValue: raw) { self.sort = sort } else {
                errors.append(.init(pointer: "sort", detail: "sort is one of \(TransactionSort.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
        }
        if !errors.isEmpty { throw Problem.validation("Some filters are not valid", errors: errors) }
    }

    /// The WHERE conditions, every one bound (never spliced) and always scoped to the tenant.
    func conditions(tenant: String) -> [SQLQueryString] {
        var conditions: [SQLQueryString] = ["tenant_id = \(bind: tenant)"]
        if let from { conditions.append("local_day >= \(bind: from)") }
        if let to { conditions.append("local_day <= \(bind: to)") }
        if !kinds.isEmpty { conditions.append("kind IN (\(kinds.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")))") }
        if let direction { conditions.append("direction = \(bind: direction.rawValue)") }
        if !categories.isEmpty { conditions.append("category IN (\(categories.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")))") }
        if let counterparty { conditions.append("counterparty_key = \(bind: counterparty)") }
        if let minAmount { conditions.append("amount_cents >= \(bind: minAmount)") }
        if let maxAmount { conditions.append("amount_cents <= \(bind: maxAmount)") }
        if let text {
            let pattern = "%" + Self.escapeLike(text.lowercased()) + "%"
            conditions.append(
                """
                (LOWER(details) LIKE \(bind: pattern) ESCAPE '!' OR LOWER(COALESCE(counterparty_name, '')) LIKE \(bind: pattern) ESCAPE '!' \
                OR LOWER(receipt) LIKE \(bind: pattern) ESCAPE '!' OR LOWER(COALESCE(note, '')) LIKE \(bind: pattern) ESCAPE '!')
                """
            )
        }
        if let tag {
            let pattern = "%" + Self.escapeLike(String(decoding: (try? JSONEncoder().encode(tag)) ?? Data(), as: UTF8.self)) + "%"
            conditions.append("tags LIKE \(bind: pattern) ESCAPE '!'")
        }
        if !ids.isEmpty { conditions.append("id IN (\(ids.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")))") }
        if let statementID {
            conditions.append(
                """
                id IN (SELECT transaction_id FROM analytics_statement_transactions WHERE tenant_id = \(bind: tenant) AND statement_id = \(bind: statementID))
                """
            )
        }
        return conditions
    }

    /// `%`, `_` and the escape character itself match only themselves.
    static func escapeLike(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "!" { escaped.append("!") }
            escaped.append(character)
        }
        return escaped
    }
}

/// The order of a transaction list; each is total (ties broken by id) so cursors never skip or repeat a row.
enum TransactionSort: String, Sendable, CaseIterable {
    case timeDescending = "-time"
    case timeAscending = "time"
    case amountDescending = "-amount"
    case amountAscending = "amount"

    var orderBy: String {
        switch self {
        case .timeDescending: "completed_at DESC, id DESC"
        case .timeAscending: "completed_at ASC, id ASC"
        case .amountDescending: "amount_cents DESC, id DESC"
        case .amountAscending: "amount_cents ASC, id ASC"
        }
    }

    func key(of record: TransactionRecord) -> Int64 {
        switch self {
        case .timeDescending, .timeAscending: record.completed_at
        case .amountDescending, .amountAscending: record.amount_cents
        }
    }

    /// Rows strictly after `cursor` in this order.
    func after(_ cursor: TransactionCursor) -> SQLQueryString {
        let column: SQLQueryString = (self == .timeDescending || self == .timeAscending) ? "completed_at" : "amount_cents"
        let comparison: SQLQueryString = (self == .timeDescending || self == .amountDescending) ? "<" : ">"
        return "(\(column) \(comparison) \(bind: cursor.key) OR (\(column) = \(bind: cursor.key) AND id \(comparison) \(bind: cursor.id)))"
    }
}

/// Where the next page starts: the sort key and id of the last row shown, opaque to clients (base64url).
struct TransactionCursor: Sendable, Equatable {
    var sort: TransactionSort
    var key: Int64
    var id: String

    var encoded: String {
        Data("\(sort.rawValue)|\(key)|\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Reads a cursor; one made for another sort order, or garbage, is a 422 (not a silently wrong page).
    init(decoding text: String, expected sort: TransactionSort) throws {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        let parts = Data(base64Encoded: base64).map { String(decoding: $0, as: UTF8.self) }?.split(separator: "|", maxSplits: 2).map(String.init) ?? []
        guard text.count <= 400, parts.count == 3, let sortValue = TransactionSort(rawValue: parts[0]), let key = Int64(parts[1]), parts[2].hasPrefix("tx_") else {
            throw Problem.validation("The cursor is not valid", errors: [.init(pointer: "cursor", detail: "pass the next_cursor of the previous page unchanged")])
        }
        guard sortValue == sort else {
            throw Problem.validation("The cursor belongs to another order", errors: [.init(pointer: "cursor", detail: "keep the same sort while paging")])
        }
        self.sort = sortValue
        self.key = key
        self.id = parts[2]
    }

    init(sort: TransactionSort, key: Int64, id: String) {
        self.sort = sort
        self.key = key
        self.id = id
    }
}
