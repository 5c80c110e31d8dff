import Foundation
import Hummingbird
import NIOCore
import MPesaCore
import Platform

/// Streams every row of a filtered ledger view as CSV or JSON, a page at a time (keyset pagination), so an export
/// of a million rows holds one page in memory.
enum TransactionExport {
    static let pageSize = 1_000
    static let csvHeader = [
        "id", "receipt", "local_time", "direction", "amount_kes", "fee_kes", "net_kes", "balance_kes", "kind", "category", "category_source",
        "counterparty", "counterparty_key", "details", "status", "note", "tags",
    ]

    static func response(format: String, filter: TransactionFilter, tenant: TenantID, store: TenantStore) -> Response {
        let body = ResponseBody { writer in
            var cursor: TransactionCursor?
            var first = true
            try await writer.write(ByteBuffer(string: format == "csv" ? csvHeader.joined(separator: ",") + "\r\n" : "["))
            while true {
                let after = cursor
                let page = try await store.read(tenant) { db in
                    try await LedgerStore.page(tenant: tenant.rawValue, filter: filter, after: after, limit: pageSize, on: db)
                }
                var chunk = ""
                for record in page {
                    if format == "csv" {
                        chunk += csvLine(record)
                    } else {
                        let data = try ServiceJSONCoding.makeEncoder().encode(AnalyticsBodies.Transaction(record))
                        chunk += (first ? "" : ",") + String(decoding: data, as: UTF8.self)
                        first = false
                    }
                }
                if !chunk.isEmpty { try await writer.write(ByteBuffer(string: chunk)) }
                guard page.count == pageSize, let last = page.last else { break }
                cursor = TransactionCursor(sort: filter.sort, key: filter.sort.key(of: last), id: last.id)
            }
            if format == "json" { try await writer.write(ByteBuffer(string: "]")) }
            try await writer.finish(nil)
        }
        let type = format == "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8"
        let name = format == "csv" ? "transactions.csv" : "transactions.json"
        return Response(status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name)\"", .cacheControl: "no-store"], body: body)
    }

    static func csvLine(_ record: TransactionRecord) -> String {
        let cells: [String] = [
            record.id, record.receipt, record.local_time, record.direction, kes(record.amount_cents), kes(record.fee_cents), kes(record.net_cents),
            record.balance_cents.map(kes) ?? "", record.kind, record.category, record.category_source, record.counterparty_name ?? "",
            record.counterparty_key ?? "", record.details, record.status, record.note ?? "", record.tagList.joined(separator: ";"),
        ]
        return cells.map(csvCell).joined(separator: ",") + "\r\n"
    }

    /// Cents as a decimal KES amount, by integer arithmetic (`-1234` → `-12.34`).
    static func kes(_ cents: Int64) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// RFC 4180 quoting, and spreadsheet formula injection neutralised: a text cell starting with = + - @ or a control
    /// character gets a leading apostrophe (numbers are written by ``kes(_:)`` and never start with anything but - or a digit).
    static func csvCell(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Int64(text) == nil, Double(text) == nil {
            text = "'" + text
        }
        if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }
}
