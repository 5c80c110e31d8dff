import Categorization
import MPesaCore
import Platform

/// The JSON shapes of the categorizer's requests and answers, for `/openapi.json`.
enum CategorizerSchemas {
    static let time = JSONSchema.dateTime
    static let slug = JSONSchema.string(description: "A category slug, or `uncategorized`")
    static let source = JSONSchema.string(enumValues: ["rule", "directory", "model", "fallback", "manual"])

    static let transaction: JSONSchema = .object(
        properties: [
            ("id", .string(description: "Your id of the transaction (the parser's `receipt:line` identity)")), ("details", .string()),
            ("direction", .string(enumValues: ["in", "out"])), ("amount_cents", .cents("A positive magnitude")),
            ("kind", .string(description: "Read from details when absent", enumValues: TransactionKind.allCases.map(\.rawValue))),
            ("counterparty", .object(properties: [("name", .string()), ("phone", .string()), ("shortcode", .string()), ("account_reference", .string())])),
            ("local_time", .string(description: "Nairobi wall time, YYYY-MM-DD HH:MM:SS", example: "2026-03-14 08:12:44")), ("completed_at", time),
        ],
        required: ["id", "details", "direction", "amount_cents"]
    )

    static let suggestionItem: JSONSchema = .object(properties: [("category", slug), ("confidence", .number())], required: ["category", "confidence"])

    static let result: JSONSchema = .object(
        properties: [
            ("id", .string()), ("category", slug), ("confidence", .number(description: "Calibrated probability, 0 to 1")), ("source", source),
            ("reason", .string()), ("rule_ids", .array(of: .string())), ("suggestions", .array(of: suggestionItem)), ("tags", .array(of: .string())),
            ("counterparty_name", .string(description: "A rule's new name for the counterparty")),
        ],
        required: ["id", "category", "confidence", "source", "reason", "rule_ids", "suggestions", "tags"]
    )

    static let trigger: JSONSchema = .object(
        properties: [
            ("field", .string(enumValues: RuleTrigger.Field.allCases.map(\.rawValue))), ("operator", .string(enumValues: RuleTrigger.Operator.allCases.map(\.rawValue))),
            ("value", .string()), ("values", .array(of: .string())), ("min", .integer()), ("max", .integer()),
        ],
        required: ["field", "operator"]
    )

    static let action: JSONSchema = .object(
        properties: [("type", .string(enumValues: RuleAction.Kind.allCases.map(\.rawValue))), ("value", .string())], required: ["type", "value"]
    )

    static let ruleProperties: [(String, JSONSchema)] = [
        ("id", .string()), ("name", .string()), ("stage", .string(enumValues: Rule.Stage.allCases.map(\.rawValue))), ("priority", .integer(description: "Lower runs first")),
        ("match", .string(enumValues: ["all", "any"])), ("triggers", .array(of: trigger)), ("actions", .array(of: action)),
        ("stop_processing", .boolean(description: "Skip the rest of this stage when this rule fires")), ("active", .boolean()),
    ]

    static let rule: JSONSchema = .object(properties: ruleProperties + [("version", .integer(description: "On PUT: the version you read"))], required: ["name", "triggers", "actions"])
    static let storedRule: JSONSchema = .object(
        properties: ruleProperties + [("version", .integer()), ("created_at", time), ("updated_at", time)],
        required: ["id", "name", "stage", "priority", "match", "triggers", "actions", "stop_processing", "active", "version"]
    )

    static let category: JSONSchema = .object(
        properties: [
            ("slug", .string()), ("name", .string()), ("group", .string(enumValues: ["income", "expense"])), ("description", .string()), ("is_default", .boolean()),
            ("archived", .boolean()), ("replaced_by", .string()), ("transactions", .integer()),
        ],
        required: ["slug", "name", "group", "description", "is_default", "archived"]
    )

    static let suggestion: JSONSchema = .object(
        properties: [
            ("id", .string()), ("counterparty_key", .string()), ("category", slug), ("evidence", .integer(description: "Identical corrections")),
            ("status", .string(enumValues: ["pending", "accepted", "dismissed"])), ("rule", .reference("Rule")), ("rule_id", .string()), ("created_at", time),
            ("decided_at", time),
        ],
        required: ["id", "counterparty_key", "category", "evidence", "status", "created_at"]
    )

    static let job: JSONSchema = .object(
        properties: [
            ("id", .string()), ("status", .string(enumValues: ["queued", "running", "succeeded", "failed"])), ("include_manual", .boolean()), ("total", .integer()),
            ("processed", .integer()), ("changed", .integer()), ("progress", .number()), ("error", .string()), ("created_at", time), ("started_at", time),
            ("finished_at", time),
        ],
        required: ["id", "status", "total", "processed", "changed", "progress", "created_at"]
    )

    static let all: [(String, JSONSchema)] = [
        ("CategorizeRequest", .object(properties: [("transactions", .array(of: transaction, description: "At most 10,000")), ("persist", .boolean())], required: ["transactions"])),
        (
            "CategorizeResults",
            .object(
                properties: [("results", .array(of: result)), ("model_version", .string()), ("count", .integer()), ("uncategorized", .integer())],
                required: ["results", "model_version", "count", "uncategorized"]
            )
        ),
        (
            "FeedbackRequest",
            .object(properties: [
                ("transaction_id", .string()), ("category", slug), ("transaction", transaction),
                ("corrections", .array(of: .object(properties: [("transaction_id", .string()), ("category", slug), ("transaction", transaction)], required: ["transaction_id", "category"]))),
            ])
        ),
        (
            "FeedbackAnswer",
            .object(
                properties: [
                    ("corrections", .array(of: .object(
                        properties: [("transaction_id", .string()), ("category", slug), ("previous_category", .string()), ("suggestion", .reference("Suggestion"))],
                        required: ["transaction_id", "category"]
                    )))
                ],
                required: ["corrections"]
            )
        ),
        ("ModelStatus", .object(properties: [("global", .any()), ("tenant", .any()), ("threshold", .number()), ("order", .array(of: .string()))], required: ["global", "tenant", "threshold"])),
        ("Category", category),
        ("Categories", .object(properties: [("categories", .array(of: category))], required: ["categories"])),
        (
            "NewCategory",
            .object(properties: [("slug", .string()), ("name", .string()), ("group", .string(enumValues: ["income", "expense"])), ("description", .string())], required: ["name", "group"])
        ),
        ("CategoryChange", .object(properties: [("name", .string()), ("description", .string())])),
        (
            "CategoryDeleted",
            .object(properties: [("slug", .string()), ("replacement", .string()), ("transactions_moved", .integer()), ("rules_updated", .integer())], required: ["slug", "transactions_moved", "rules_updated"])
        ),
        ("Rule", rule),
        ("StoredRule", storedRule),
        ("Rules", .object(properties: [("rules", .array(of: storedRule))], required: ["rules"])),
        (
            "RuleVersions",
            .object(
                properties: [
                    ("rule_id", .string()),
                    ("versions", .array(of: .object(properties: [("version", .integer()), ("change", .string()), ("changed_by", .string()), ("changed_at", time), ("rule", .reference("Rule"))]))),
                ],
                required: ["rule_id", "versions"]
            )
        ),
        ("DryRunRequest", .object(properties: [("rule", .reference("Rule")), ("include_manual", .boolean())])),
        (
            "DryRun",
            .object(
                properties: [
                    ("scanned", .integer()), ("matched", .integer(description: "Transactions the rule fires on")), ("would_change", .integer()), ("kept_manual", .integer()),
                    ("transitions", .map(of: .map(of: .integer()), description: "from category → to category → transactions")),
                    ("examples", .array(of: .object(properties: [
                        ("transaction_id", .string()), ("details", .string()), ("amount_cents", .cents("Amount")), ("direction", .string()), ("from", slug), ("to", slug),
                    ]))),
                    ("truncated", .boolean()),
                ],
                required: ["scanned", "matched", "would_change", "kept_manual", "transitions", "examples", "truncated"]
            )
        ),
        ("Suggestion", suggestion),
        ("Suggestions", .object(properties: [("suggestions", .array(of: suggestion))], required: ["suggestions"])),
        ("AcceptSuggestion", .object(properties: [("name", .string())])),
        ("SuggestionDecision", .object(properties: [("suggestion", suggestion), ("rule", storedRule)], required: ["suggestion"])),
        ("RecategorizeRequest", .object(properties: [("include_manual", .boolean())])),
        ("Job", job),
        ("Jobs", .object(properties: [("jobs", .array(of: job))], required: ["jobs"])),
    ]
}
