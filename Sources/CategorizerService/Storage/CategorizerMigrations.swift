import Platform

/// The categorizer's tables; every one is tenant data (it lives in the organisation's home and moves with it).
enum CategorizerMigrations {
    static let tables = [
        "categorizer_categories", "categorizer_rules", "categorizer_rule_versions", "categorizer_transactions", "categorizer_feedback",
        "categorizer_suggestions", "categorizer_jobs", "categorizer_counters",
    ]

    static let all: [Migration] = [
        Migration(1, "categorizer", scope: .everyHome, tenantTables: Array(tables.dropLast())) { _ in
            [
                // The tenant's own categories, and its renames or archiving of default ones.
                """
                CREATE TABLE IF NOT EXISTS categorizer_categories (
                    tenant_id TEXT NOT NULL,
                    slug TEXT NOT NULL,
                    name TEXT NOT NULL,
                    category_group TEXT NOT NULL,
                    description TEXT NOT NULL,
                    is_default INTEGER NOT NULL,
                    archived_at BIGINT,
                    replaced_by TEXT,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    PRIMARY KEY (tenant_id, slug)
                )
                """,
                """
                CREATE TABLE IF NOT EXISTS categorizer_rules (
                    tenant_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    definition TEXT NOT NULL,
                    deleted_at BIGINT,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    PRIMARY KEY (tenant_id, id)
                )
                """,
                """
                CREATE TABLE IF NOT EXISTS categorizer_rule_versions (
                    tenant_id TEXT NOT NULL,
                    rule_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    definition TEXT NOT NULL,
                    change TEXT NOT NULL,
                    changed_by TEXT NOT NULL,
                    changed_at BIGINT NOT NULL,
                    PRIMARY KEY (tenant_id, rule_id, version)
                )
                """,
                // Every transaction the categorizer has categorised for the tenant: what it saw, what it decided, and
                // whether a person set it by hand (history to dry-run and recategorise over).
                """
                CREATE TABLE IF NOT EXISTS categorizer_transactions (
                    tenant_id TEXT NOT NULL,
                    transaction_id TEXT NOT NULL,
                    input TEXT NOT NULL,
                    category TEXT NOT NULL,
                    source TEXT NOT NULL,
                    confidence_bp INTEGER NOT NULL,
                    rule_id TEXT,
                    manual INTEGER NOT NULL,
                    updated_at BIGINT NOT NULL,
                    PRIMARY KEY (tenant_id, transaction_id)
                )
                """,
                "CREATE INDEX IF NOT EXISTS categorizer_transactions_by_category ON categorizer_transactions (tenant_id, category)",
                """
                CREATE TABLE IF NOT EXISTS categorizer_feedback (
                    tenant_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    sequence BIGINT NOT NULL,
                    transaction_id TEXT NOT NULL,
                    counterparty_key TEXT,
                    category TEXT NOT NULL,
                    previous_category TEXT,
                    input TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    PRIMARY KEY (tenant_id, id)
                )
                """,
                "CREATE UNIQUE INDEX IF NOT EXISTS categorizer_feedback_sequence ON categorizer_feedback (tenant_id, sequence)",
                "CREATE INDEX IF NOT EXISTS categorizer_feedback_by_counterparty ON categorizer_feedback (tenant_id, counterparty_key, category)",
                """
                CREATE TABLE IF NOT EXISTS categorizer_suggestions (
                    tenant_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    counterparty_key TEXT NOT NULL,
                    category TEXT NOT NULL,
                    rule TEXT NOT NULL,
                    evidence INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    rule_id TEXT,
                    created_at BIGINT NOT NULL,
                    decided_at BIGINT,
                    decided_by TEXT,
                    PRIMARY KEY (tenant_id, id)
                )
                """,
                "CREATE UNIQUE INDEX IF NOT EXISTS categorizer_suggestions_once ON categorizer_suggestions (tenant_id, counterparty_key, category)",
                """
                CREATE TABLE IF NOT EXISTS categorizer_jobs (
                    tenant_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    status TEXT NOT NULL,
                    include_manual INTEGER NOT NULL,
                    total INTEGER NOT NULL,
                    processed INTEGER NOT NULL,
                    changed INTEGER NOT NULL,
                    error TEXT,
                    requested_by TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    started_at BIGINT,
                    finished_at BIGINT,
                    PRIMARY KEY (tenant_id, id)
                )
                """,
                "CREATE INDEX IF NOT EXISTS categorizer_jobs_by_status ON categorizer_jobs (status, created_at)",
            ]
        },
        // Per-tenant sequences handed out by an upsert, which serialises concurrent writers of one tenant on
        // PostgreSQL (two corrections at once both read MAX(sequence) and collided on the unique index).
        Migration(2, "categorizer counters", scope: .everyHome, tenantTables: ["categorizer_counters"]) { _ in
            [
                """
                CREATE TABLE IF NOT EXISTS categorizer_counters (
                    tenant_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    value BIGINT NOT NULL,
                    PRIMARY KEY (tenant_id, name)
                )
                """,
            ]
        },
    ]
}
