import Foundation
import MPesaCore
import Platform

/// The JSON shapes of the analytics API (encoded snake_case by the platform's encoder).
enum AnalyticsBodies {
    struct Statement: Encodable {
        var id: String
        var filename: String?
        var format: String
        var periodStart: String?
        var periodEnd: String?
        var firstDay: String?
        var lastDay: String?
        var openingBalanceCents: Int64?
        var closingBalanceCents: Int64?
        var transactionCount: Int
        var newTransactionCount: Int
        var duplicateCount: Int
        var verdict: String
        var reconciliation: JSONValue?
        var metadata: JSONValue?
        var jobId: String
        var uploadedBy: String
        var createdAt: Date

        init(_ record: StatementRecord, detailed: Bool) {
            id = record.id
            filename = record.filename
            format = record.format
            periodStart = record.period_start
            periodEnd = record.period_end
            firstDay = record.first_day
            lastDay = record.last_day
            openingBalanceCents = record.opening_balance_cents
            closingBalanceCents = record.closing_balance_cents
            transactionCount = record.transaction_count
            newTransactionCount = record.new_transaction_count
            duplicateCount = record.transaction_count - record.new_transaction_count
            verdict = record.verdict
            if detailed {
                reconciliation = try? JSONDecoder().decode(JSONValue.self, from: Data(record.reconciliation.utf8))
                metadata = try? JSONDecoder().decode(JSONValue.self, from: Data(record.metadata.utf8))
            }
            jobId = record.job_id
            uploadedBy = record.uploaded_by
            createdAt = Date(milliseconds: record.created_at)
        }
    }

    struct Job: Encodable {
        var id: String
        var status: String
        var stage: String
        var progress: Int
        var filename: String?
        var statementId: String?
        var result: JSONValue?
        var error: JSONValue?
        var createdAt: Date
        var updatedAt: Date
        var links: [String: String]

        init(_ record: JobRecord) {
            id = record.id
            status = record.status
            stage = record.stage
            progress = record.progress
            filename = record.filename
            statementId = record.statement_id
            result = record.result.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
            error = record.error.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
            createdAt = Date(milliseconds: record.created_at)
            updatedAt = Date(milliseconds: record.updated_at)
            var links = ["self": "/v1/jobs/\(record.id)", "events": "/v1/jobs/\(record.id)/events"]
            if let statement = record.statement_id, record.status == JobStatus.succeeded.rawValue { links["statement"] = "/v1/statements/\(statement)" }
            self.links = links
        }
    }

    struct Transaction: Encodable {
        var id: String
        var receipt: String
        var lineKind: String
        var completedAt: Date
        var localTime: String
        var localDay: String
        var direction: String
        var amountCents: Int64
        var feeCents: Int64
        var netCents: Int64
        var balanceCents: Int64?
        var kind: String
        var status: String
        var counterpartyKey: String?
        var counterpartyName: String?
        var counterparty: Counterparty?
        var details: String
        var category: String
        var categorySource: String
        var confidence: Double
        var categoryReason: String
        var note: String?
        var tags: [String]
        var statementIds: [String]?
        var updatedAt: Date

        init(_ record: TransactionRecord, statements: [String]? = nil) {
            id = record.id
            receipt = record.receipt
            lineKind = record.line_kind
            completedAt = Date(milliseconds: record.completed_at)
            localTime = record.local_time
            localDay = record.local_day
            direction = record.direction
            amountCents = record.amount_cents
            feeCents = record.fee_cents
            netCents = record.net_cents
            balanceCents = record.balance_cents
            kind = record.kind
            status = record.status
            counterpartyKey = record.counterparty_key
            counterpartyName = record.counterparty_name
            counterparty = record.counterpartyValue
            details = record.details
            category = record.category
            categorySource = record.category_source
            confidence = Double(record.confidence_bp) / 10_000
            categoryReason = record.category_reason
            note = record.note
            tags = record.tagList
            statementIds = statements
            updatedAt = Date(milliseconds: record.updated_at)
        }
    }

    struct TransactionPage: Encodable {
        var transactions: [Transaction]
        var nextCursor: String?
        var totals: Totals?

        struct Totals: Encodable {
            var count: Int64
            var inflowCents: Int64
            var outflowCents: Int64
        }
    }

    /// `PATCH /v1/transactions/{id}`: any of category, note and tags.
    struct TransactionChange: Decodable {
        var category: String?
        var note: String?
        var tags: [String]?
    }

    /// `PATCH /v1/transactions`: one category for many transactions.
    struct BulkRecategorize: Decodable {
        var ids: [String]
        var category: String
    }
}
