import Platform

/// The tenant service's tables. The directory of organisations, memberships, invitations and tier moves lives in
/// the service home (it is read across organisations: "which organisations is this user in"); each organisation's
/// own records (audit trail, usage counters) live in its home and move with it when its tier changes.
enum TenantMigrations {
    static let all: [Migration] = [
        Migration(1, "organizations", scope: .serviceHome) { _ in
            [
                """
                CREATE TABLE organizations (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    plan TEXT NOT NULL,
                    tier TEXT NOT NULL,
                    relocating_to TEXT,
                    status TEXT NOT NULL,
                    timezone TEXT NOT NULL,
                    contact_email TEXT,
                    kra_pin TEXT,
                    created_by TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    suspended_at BIGINT,
                    suspended_reason TEXT,
                    deletion_requested_at BIGINT,
                    deletion_due_at BIGINT,
                    deleted_at BIGINT
                )
                """,
                "CREATE INDEX organizations_by_status ON organizations (status, created_at)",
                """
                CREATE TABLE memberships (
                    tenant_id TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    role TEXT NOT NULL,
                    email TEXT NOT NULL,
                    name TEXT NOT NULL,
                    joined_at BIGINT NOT NULL,
                    invited_by TEXT,
                    PRIMARY KEY (tenant_id, user_id)
                )
                """,
                "CREATE INDEX memberships_by_user ON memberships (user_id)",
            ]
        },
        Migration(2, "invitations", scope: .serviceHome) { _ in
            [
                """
                CREATE TABLE invitations (
                    id TEXT PRIMARY KEY,
                    tenant_id TEXT NOT NULL,
                    email TEXT NOT NULL,
                    role TEXT NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE,
                    invited_by TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    sent_count INTEGER NOT NULL DEFAULT 1,
                    last_sent_at BIGINT NOT NULL,
                    accepted_at BIGINT,
                    accepted_by TEXT,
                    revoked_at BIGINT
                )
                """,
                "CREATE INDEX invitations_by_tenant ON invitations (tenant_id, created_at)",
            ]
        },
        Migration(3, "tier moves", scope: .serviceHome) { _ in
            [
                """
                CREATE TABLE tier_moves (
                    id TEXT PRIMARY KEY,
                    tenant_id TEXT NOT NULL,
                    ordinal INTEGER NOT NULL,
                    from_tier TEXT NOT NULL,
                    to_tier TEXT NOT NULL,
                    status TEXT NOT NULL,
                    requested_by TEXT NOT NULL,
                    started_at BIGINT NOT NULL,
                    finished_at BIGINT,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    error TEXT,
                    report TEXT
                )
                """,
                "CREATE UNIQUE INDEX tier_moves_by_tenant ON tier_moves (tenant_id, ordinal)",
            ]
        },
        Migration(4, "organisation records", scope: .everyHome, tenantTables: ["audit_events", "usage_counters"]) { _ in
            [
                """
                CREATE TABLE audit_events (
                    id TEXT PRIMARY KEY,
                    tenant_id TEXT NOT NULL,
                    occurred_at BIGINT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    target TEXT,
                    details TEXT
                )
                """,
                "CREATE INDEX audit_events_by_time ON audit_events (tenant_id, occurred_at)",
                """
                CREATE TABLE usage_counters (
                    tenant_id TEXT NOT NULL,
                    metric TEXT NOT NULL,
                    period TEXT NOT NULL,
                    quantity BIGINT NOT NULL,
                    PRIMARY KEY (tenant_id, metric, period)
                )
                """,
            ]
        },
    ]
}
