import Platform

/// The analytics service's tables; every one is tenant data (it lives in the organisation's home and moves with it).
///
/// `analytics_transactions` is the ledger: one row per transaction identity (receipt + line kind), however many
/// statements carried it; `analytics_statement_transactions` says which statements did, so deleting a statement
/// removes only the rows no other statement holds. The two totals tables are derived from the ledger inside the
/// same transaction as every change to it (see ``Rollups``), so aggregations over a million rows read thousands.
/// `sequence` is the transaction's place in its statement's chronological order (the parser orders rows of one
/// second by their balance chain), so reports read balances in the order M-PESA applied them.
enum AnalyticsMigrations {
    static let tables = [
        "analytics_statements", "analytics_transactions", "analytics_statement_transactions", "analytics_jobs",
        "analytics_daily_totals", "analytics_monthly_counterparties", "analytics_hourly_counts", "analytics_alerts",
        "analytics_monthly_totals", "analytics_counterparty_totals", "analytics_counterparty_counts",
    ]

    static let all: [Migration] = [
        Migration(1, "analytics ledger", scope: .everyHome, tenantTables: tables) { _ in
            [
                """
                CREATE TABLE IF NOT EXISTS analytics_statements (
                    tenant_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    file_sha256 TEXT NOT NULL,
                    filename TEXT,
                    format TEXT NOT NULL,
                    period_start TEXT,
                    period_end TEXT,
                    first_day TEXT,
                    last_day TEXT,
                    opening_balance_cents BIGINT,
                    closing_balance_cents BIGINT,
                    transaction_count INTEGER NOT NULL,
                    new_transaction_count INTEGER NOT NULL,
                    verdict TEXT NOT NULL,
                    reconciliation TEXT NOT NULL,
                    metadata TEXT NOT NULL,
                    job_id TEXT NOT NULL,
                    uploaded_by TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    PRIMARY KEY (tenant_id, id)
                )
                """,
                // The same file twice is one statement: concurrent uploads race on this index and one wins.
                "CREATE UNIQUE INDEX IF NOT EXISTS analytics_statements_once ON analytics_statements (tenant_id, file_sha256)",
                """
                CREATE TABLE IF NOT EXISTS analytics_transactions (
                    tenant_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    identity TEXT NOT NULL,
                    receipt TEXT NOT NULL,
                    line_kind TEXT NOT NULL,
                    completed_at BIGINT NOT NULL,
                    sequence BIGINT NOT NULL,
                    local_time TEXT NOT NULL,
                    local_day TEXT NOT NULL,
                    direction TEXT NOT NULL,
                    amount_cents BIGINT NOT NULL,
                    fee_cents BIGINT NOT NULL,
                    net_cents BIGINT NOT NULL,
                    balance_cents BIGINT,
                    kind TEXT NOT NULL,
                    status TEXT NOT NULL,
                    counterparty_key TEXT,
                    counterparty_name TEXT,
                    counterparty TEXT,
                    details TEXT NOT NULL,
                    category TEXT NOT NULL,
                    category_source TEXT NOT NULL,
                    confidence_bp INTEGER NOT NULL,
                    category_reason TEXT NOT NULL,
                    note TEXT,
                    tags TEXT NOT NULL,
                    first_statement_id TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    PRIMARY KEY (tenant_id, id)
                )
                """,
                "CREATE UNIQUE INDEX IF NOT EXISTS analytics_transactions_identity ON analytics_transactions (tenant_id, identity)",
                "CREATE INDEX IF NOT EXISTS analytics_transactions_by_time ON analytics_transactions (tenant_id, completed_at, id)",
                "CREATE INDEX IF NOT EXISTS analytics_transactions_by_day ON analytics_transactions (tenant_id, local_day)",
                "CREATE INDEX IF NOT EXISTS analytics_transactions_by_amount ON analytics_transactions (tenant_id, amount_cents, id)",
                "CREATE INDEX IF NOT EXISTS analytics_transactions_by_counterparty ON analytics_transactions (tenant_id, counterparty_key, completed_at)",
                """
                CREATE TABLE IF NOT EXISTS analytics_statement_transactions (
                    tenant_id TEXT NOT NULL,
                    statement_id TEXT NOT NULL,
                    transaction_id TEXT NOT NULL,
                    PRIMARY KEY (tenant_id, statement_id, transaction_id)
                )
                """,
                "CREATE INDEX IF NOT EXISTS analytics_statement_transactions_by_transaction ON analytics_statement_transactions (tenant_id, transaction_id)",
                """
                CREATE TABLE IF NOT EXISTS analytics_jobs (
                    tenant_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    status TEXT NOT NULL,
                    stage TEXT NOT NULL,
                    progress INTEGER NOT NULL,
                    filename TEXT,
                    file_sha256 TEXT NOT NULL,
                    statement_id TEXT,
                    new_transactions INTEGER NOT NULL DEFAULT 0,
                    result TEXT,
                    error TEXT,
                    requested_by TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    PRIMARY KEY (tenant_id, id)
                )
                """,
                "CREATE INDEX IF NOT EXISTS analytics_jobs_by_time ON analytics_jobs (tenant_id, status, created_at)",
                """
                CREATE TABLE IF NOT EXISTS analytics_daily_totals (
                    tenant_id TEXT NOT NULL,
                    local_day TEXT NOT NULL,
                    category TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    direction TEXT NOT NULL,
                    amount_cents BIGINT NOT NULL,
                    fee_cents BIGINT NOT NULL,
                    tx_count BIGINT NOT NULL,
                    PRIMARY KEY (tenant_id, local_day, category, kind, direction)
                )
                """,
                """
                CREATE TABLE IF NOT EXISTS analytics_monthly_counterparties (
                    tenant_id TEXT NOT NULL,
                    local_month TEXT NOT NULL,
                    counterparty_key TEXT NOT NULL,
                    direction TEXT NOT NULL,
                    counterparty_name TEXT,
                    amount_cents BIGINT NOT NULL,
                    tx_count BIGINT NOT NULL,
                    PRIMARY KEY (tenant_id, local_month, counterparty_key, direction)
                )
                """,
                """
                CREATE TABLE IF NOT EXISTS analytics_hourly_counts (
                    tenant_id TEXT NOT NULL,
                    local_day TEXT NOT NULL,
                    local_hour INTEGER NOT NULL,
                    direction TEXT NOT NULL,
                    amount_cents BIGINT NOT NULL,
                    tx_count BIGINT NOT NULL,
                    PRIMARY KEY (tenant_id, local_day, local_hour, direction)
                )
                """,
                "CREATE INDEX IF NOT EXISTS analytics_monthly_counterparties_by_key ON analytics_monthly_counterparties (tenant_id, counterparty_key)",
                // Whole months of the daily totals: long windows read 24 rows a category instead of 730.
                """
                CREATE TABLE IF NOT EXISTS analytics_monthly_totals (
                    tenant_id TEXT NOT NULL,
                    local_month TEXT NOT NULL,
                    category TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    direction TEXT NOT NULL,
                    amount_cents BIGINT NOT NULL,
                    fee_cents BIGINT NOT NULL,
                    tx_count BIGINT NOT NULL,
                    PRIMARY KEY (tenant_id, local_month, category, kind, direction)
                )
                """,
                // Each counterparty over the whole ledger, ranked by an index, and the count per direction: the
                // top counterparties of the whole ledger without grouping a row per counterparty and month.
                """
                CREATE TABLE IF NOT EXISTS analytics_counterparty_totals (
                    tenant_id TEXT NOT NULL,
                    counterparty_key TEXT NOT NULL,
                    direction TEXT NOT NULL,
                    counterparty_name TEXT,
                    amount_cents BIGINT NOT NULL,
                    tx_count BIGINT NOT NULL,
                    months BIGINT NOT NULL,
                    first_month TEXT NOT NULL,
                    last_month TEXT NOT NULL,
                    PRIMARY KEY (tenant_id, counterparty_key, direction)
                )
                """,
                "CREATE INDEX IF NOT EXISTS analytics_counterparty_totals_ranked ON analytics_counterparty_totals (tenant_id, direction, amount_cents)",
                """
                CREATE TABLE IF NOT EXISTS analytics_counterparty_counts (
                    tenant_id TEXT NOT NULL,
                    direction TEXT NOT NULL,
                    counterparties BIGINT NOT NULL,
                    repeat_counterparties BIGINT NOT NULL,
                    amount_cents BIGINT NOT NULL,
                    PRIMARY KEY (tenant_id, direction)
                )
                """,
                // Alerts already raised (balance.low once per projected day), so repeated forecasts do not repeat them.
                """
                CREATE TABLE IF NOT EXISTS analytics_alerts (
                    tenant_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    PRIMARY KEY (tenant_id, kind, subject)
                )
                """,
            ]
        },
    ]
}
