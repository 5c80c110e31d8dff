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
            try await writer.write(ByteBuffer(string: format == "csv" ? ReportCSV.row(csvHeader) : "["))
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

    /// One row, with the reports' CSV rules (``ReportCSV``): amounts in KES by integer arithmetic, formula injection
    /// neutralised, RFC 4180 quoting.
    static func csvLine(_ record: TransactionRecord) -> String {
        ReportCSV.row([
            record.id, record.receipt, record.local_time, record.direction, ReportCSV.amount(record.amount_cents), ReportCSV.amount(record.fee_cents),
            ReportCSV.amount(record.net_cents), ReportCSV.amount(record.balance_cents), record.kind, record.category, record.category_source,
            record.counterparty_name ?? "", record.counterparty_key ?? "", record.details, record.status, record.note ?? "", record.tagList.joined(separator: ";"),
        ])
    }
}
