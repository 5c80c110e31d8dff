import MPesaCore
import Platform

/// The JSON shapes of the analytics API, for `/openapi.json`.
enum AnalyticsSchemas {
    static let day = JSONSchema.string(format: "date", description: "A local (Nairobi) calendar day", example: "2026-03-14")
    static let bp = JSONSchema.integer(description: "A ratio in basis points (1% = 100); null when the base is zero")

    static let job: JSONSchema = .object(
        properties: [
            ("id", .string()), ("status", .string(enumValues: ["queued", "running", "succeeded", "failed"])),
            ("stage", .string(enumValues: ["queued", "parsing", "categorizing", "storing", "done", "failed"])), ("progress", .integer(format: "int32", minimum: 0, maximum: 100)),
            ("filename", .string()), ("statement_id", .string()), ("result", .any(description: "statement_id, transactions, new_transactions, duplicates, first_day, last_day, verdict")),
            ("error", .reference("Problem")), ("created_at", .dateTime), ("updated_at", .dateTime), ("links", .map(of: .string())),
        ],
        required: ["id", "status", "stage", "progress", "created_at", "updated_at", "links"]
    )

    static let statement: JSONSchema = .object(
        properties: [
            ("id", .string()), ("filename", .string()), ("format", .string()), ("period_start", day), ("period_end", day), ("first_day", day), ("last_day", day),
            ("opening_balance_cents", .cents("As printed (org exports)")), ("closing_balance_cents", .cents("As printed (org exports)")),
            ("transaction_count", .integer()), ("new_transaction_count", .integer(description: "Rows this statement added to the ledger")),
            ("duplicate_count", .integer(description: "Rows already in the ledger from an earlier statement")),
            ("verdict", .string(enumValues: ["verified", "inconsistent", "unverifiable"])), ("reconciliation", .any(description: "The parser's reconciliation report")),
            ("metadata", .any(description: "What the statement says about itself")), ("job_id", .string()), ("uploaded_by", .string()), ("created_at", .dateTime),
        ],
        required: ["id", "format", "transaction_count", "new_transaction_count", "duplicate_count", "verdict", "job_id", "created_at"]
    )

    static let transaction: JSONSchema = .object(
        properties: [
            ("id", .string()), ("receipt", .string()), ("line_kind", .string()), ("completed_at", .dateTime), ("local_time", .string(example: "2026-03-14 08:12:44")),
            ("local_day", day), ("direction", .string(enumValues: ["in", "out"])), ("amount_cents", .cents("Positive magnitude, fee excluded")),
            ("fee_cents", .cents("Charges folded onto the transaction")), ("net_cents", .cents("Effect on the balance")), ("balance_cents", .cents("Running balance, when printed")),
            ("kind", .string(enumValues: TransactionKind.allCases.map(\.rawValue))), ("status", .string()), ("counterparty_key", .string()), ("counterparty_name", .string()),
            ("counterparty", .any()), ("details", .string()), ("category", .string()), ("category_source", .string()), ("confidence", .number()),
            ("category_reason", .string()), ("note", .string()), ("tags", .array(of: .string())), ("statement_ids", .array(of: .string())), ("updated_at", .dateTime),
        ],
        required: ["id", "receipt", "completed_at", "local_time", "direction", "amount_cents", "fee_cents", "net_cents", "kind", "category"]
    )

    static let all: [(String, JSONSchema)] = [
        ("StatementUpload", .object(properties: [("file", .string(format: "binary")), ("password", .string()), ("format", .string())], required: ["file"])),
        ("Job", job), ("Statement", statement),
        ("StatementPage", .object(properties: [("statements", .array(of: .reference("Statement"))), ("next_cursor", .string())], required: ["statements"])),
        ("StatementDeletion", .object(properties: [("statement_id", .string()), ("transactions_removed", .integer()), ("transactions_kept", .integer())])),
        ("Transaction", transaction),
        ("TransactionPage", .object(
            properties: [("transactions", .array(of: .reference("Transaction"))), ("next_cursor", .string()), ("totals", .object(properties: [("count", .integer()), ("inflow_cents", .cents("")), ("outflow_cents", .cents(""))]))],
            required: ["transactions"]
        )),
        ("TransactionChange", .object(properties: [("category", .string()), ("note", .string()), ("tags", .array(of: .string()))])),
        ("BulkRecategorize", .object(properties: [("ids", .array(of: .string())), ("category", .string())], required: ["ids", "category"])),
        ("BulkRecategorized", .object(properties: [("changed", .integer()), ("category", .string())])),
        ("Summary", .any(description: "inflow_cents, outflow_cents, fees_cents, net_cents, counts, averages, active_days, fee_rate_bp, fuliza, growth, customers")),
        ("Timeseries", .object(properties: [("from", day), ("to", day), ("granularity", .string()), ("points", .array(of: .any()))])),
        ("CategoryBreakdown", .object(properties: [("from", day), ("to", day), ("categories", .array(of: .any())), ("inflow_cents", .cents("")), ("outflow_cents", .cents(""))])),
        ("Counterparties", .object(properties: [("customers", .array(of: .any())), ("suppliers", .array(of: .any()))])),
        ("Insights", .object(properties: [("from", day), ("to", day), ("insights", .array(of: .object(properties: [
            ("kind", .string(enumValues: ["revenue_concentration", "unusual_transaction", "spike", "drop", "fee_leakage", "fuliza_dependence", "betting_spend", "recurring_payment"])),
            ("severity", .string(enumValues: ["info", "warning", "critical"])), ("title", .string()), ("detail", .string()), ("metrics", .map(of: .number())),
            ("evidence", .array(of: .string(description: "Transaction ids")))
        ])))])),
        ("MonthlyReport", .any(description: "year, month, sections (operating, financing, own transfers, fees) with lines per category, totals, opening and closing balance, balance_check")),
        ("LenderSummary", .any(description: "months, average and median monthly inflow, income stability, loan exposure, Fuliza, betting share, fee rate, concentration, balances, coverage gaps, reconciliation verdict, flags")),
        ("Heatmap", .object(properties: [("from", day), ("to", day), ("cells", .array(of: .object(properties: [("weekday", .integer()), ("hour", .integer()), ("count", .integer())])))])),
    ]
}
