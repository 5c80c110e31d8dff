import MPesaCore
import Platform
import StatementParsing

/// The JSON shapes of the parser's answers, for `/openapi.json`.
enum ParserSchemas {
    static let counterparty: JSONSchema = .object(
        properties: [
            ("kind", .string(enumValues: ["person", "paybill", "till", "agent", "business", "bank", "telco", "internal"])),
            ("name", .string()), ("phone", .string(description: "As printed, usually masked (2547******123)")),
            ("shortcode", .string(description: "Paybill, till, agent or B2C shortcode")), ("account_reference", .string()),
        ],
        required: ["kind"]
    )

    static let row: JSONSchema = .object(
        properties: [
            ("receipt", .string(description: "M-PESA receipt number")), ("completed_at", .string(description: "Nairobi local time, YYYY-MM-DD HH:MM:SS")),
            ("initiated_at", .string()), ("details", .string()), ("raw_details", .string()),
            ("status", .string(enumValues: ["completed", "failed", "pending", "reversed", "cancelled"])),
            ("paid_in", .nullable(.cents("Paid In"))), ("withdrawn", .nullable(.cents("Withdrawn, as a positive magnitude"))),
            ("balance", .nullable(.cents("Running balance"))), ("reason_type", .string()), ("other_party_info", .string()),
            ("account_number", .string()), ("linked_transaction_id", .string()),
            ("source", .object(properties: [("page", .integer()), ("line", .integer()), ("index", .integer())])),
        ],
        required: ["receipt", "completed_at", "details", "status", "source"]
    )

    static let all: [(String, JSONSchema)] = [
        (
            "StatementUpload",
            .object(
                properties: [
                    ("file", .string(format: "binary", description: "PDF, CSV, XLSX, XLS or a text file of SMS")),
                    ("password", .string(description: "The PDF's password; used once, never stored or logged")),
                    ("format", .string(description: "Optional hint", enumValues: StatementFormat.allCases.map(\.rawValue))),
                ],
                required: ["file"]
            )
        ),
        (
            "FormatDetection",
            .object(
                properties: [
                    ("format", .nullable(.string(enumValues: StatementFormat.allCases.map(\.rawValue)))),
                    ("media_type", .string()), ("encrypted", .boolean()), ("password_required", .boolean()),
                    ("page_count", .nullable(.integer())), ("reason", .nullable(.string(description: "Why the format could not be told"))),
                ],
                required: ["media_type", "encrypted", "password_required"]
            )
        ),
        ("StatementRow", row),
        (
            "Transaction",
            .object(
                properties: [
                    ("identity", .string(description: "receipt:line_kind, stable across overlapping statements")),
                    ("receipt", .string()), ("line_kind", .string(description: "main, overdraft, charge, sweep_in, sweep_out; numbered main#2 …")),
                    ("completed_at", .dateTime), ("local_time", .string()), ("direction", .string(enumValues: ["in", "out"])),
                    ("amount_cents", .cents("Amount moved, excluding the fee")), ("fee_cents", .cents("Charges folded in")),
                    ("balance_cents", .nullable(.cents("Balance after the transaction"))),
                    ("kind", .string(enumValues: TransactionKind.allCases.map(\.rawValue))), ("counterparty", .nullable(counterparty)),
                    ("details", .string()), ("status", .string()), ("rows", .array(of: .reference("StatementRow"))),
                ],
                required: ["identity", "receipt", "line_kind", "completed_at", "direction", "amount_cents", "fee_cents", "kind", "rows"]
            )
        ),
        (
            "ReconciliationReport",
            .object(
                properties: [
                    ("verdict", .string(enumValues: ["verified", "inconsistent", "unverifiable"])),
                    ("checks", .map(of: .string(enumValues: ["passed", "failed", "warning", "not_applicable"]))),
                    (
                        "findings",
                        .array(of: .object(
                            properties: [
                                ("code", .string()), ("severity", .string(enumValues: ["info", "warning", "error"])), ("message", .string()),
                                ("row_index", .integer()), ("receipt", .string()), ("page", .integer()),
                            ],
                            required: ["code", "severity", "message"]
                        ))
                    ),
                ],
                required: ["verdict", "checks", "findings"]
            )
        ),
        (
            "ParsedStatement",
            .object(
                properties: [
                    (
                        "metadata",
                        .object(properties: [
                            ("format", .string(enumValues: StatementFormat.allCases.map(\.rawValue))), ("customer_name", .string()),
                            ("masked_mobile", .string()), ("email", .string()), ("organization", .string()), ("shortcode", .string()),
                            ("period_start", .string()), ("period_end", .string()), ("request_date", .string()),
                            ("verification_code", .string()), ("page_count", .integer()),
                            ("opening_balance_cents", .cents("Opening balance (derived when not printed)")),
                            ("closing_balance_cents", .cents("Closing balance")),
                        ])
                    ),
                    (
                        "summary",
                        .nullable(.object(properties: [
                            ("lines", .array(of: .object(properties: [("label", .string()), ("paid_in_cents", .integer()), ("paid_out_cents", .integer())]))),
                            ("total_paid_in_cents", .integer()), ("total_paid_out_cents", .integer()),
                        ]))
                    ),
                    ("rows", .array(of: .reference("StatementRow"))),
                    ("transactions", .array(of: .reference("Transaction"))),
                    ("reconciliation", .reference("ReconciliationReport")),
                ],
                required: ["metadata", "rows", "transactions", "reconciliation"]
            )
        ),
    ]
}
