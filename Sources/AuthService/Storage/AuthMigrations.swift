import Platform

/// The auth service's tables. Users, sessions and keys belong to no tenant (a user can be in many organisations);
/// API keys belong to one, and name it.
enum AuthMigrations {
    static let all: [Migration] = [
        Migration(1, "users", scope: .serviceHome) { _ in
            [
                """
                CREATE TABLE users (
                    id TEXT PRIMARY KEY,
                    email TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    password_hash TEXT NOT NULL,
                    email_verified_at BIGINT,
                    created_at BIGINT NOT NULL,
                    password_changed_at BIGINT NOT NULL,
                    failed_logins INTEGER NOT NULL DEFAULT 0,
                    locked_until BIGINT,
                    mfa_secret TEXT,
                    mfa_enabled_at BIGINT,
                    mfa_last_step BIGINT,
                    platform_admin INTEGER NOT NULL DEFAULT 0
                )
                """
            ]
        },
        Migration(2, "sessions", scope: .serviceHome) { _ in
            [
                """
                CREATE TABLE sessions (
                    id TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL,
                    tenant_id TEXT,
                    created_at BIGINT NOT NULL,
                    last_used_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    revoked_at BIGINT,
                    revoked_reason TEXT,
                    user_agent TEXT,
                    ip TEXT
                )
                """,
                "CREATE INDEX sessions_by_user ON sessions (user_id)",
                """
                CREATE TABLE refresh_tokens (
                    token_hash TEXT PRIMARY KEY,
                    session_id TEXT NOT NULL,
                    issued_at BIGINT NOT NULL,
                    used_at BIGINT
                )
                """,
                "CREATE INDEX refresh_tokens_by_session ON refresh_tokens (session_id)",
            ]
        },
        Migration(3, "one-time tokens", scope: .serviceHome) { _ in
            [
                """
                CREATE TABLE one_time_tokens (
                    token_hash TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL,
                    purpose TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    used_at BIGINT,
                    attempts INTEGER NOT NULL DEFAULT 0
                )
                """,
                """
                CREATE TABLE recovery_codes (
                    user_id TEXT NOT NULL,
                    code_hash TEXT NOT NULL,
                    used_at BIGINT,
                    PRIMARY KEY (user_id, code_hash)
                )
                """,
            ]
        },
        Migration(4, "api keys", scope: .serviceHome) { _ in
            [
                """
                CREATE TABLE api_keys (
                    id TEXT PRIMARY KEY,
                    tenant_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    prefix TEXT NOT NULL UNIQUE,
                    key_hash TEXT NOT NULL UNIQUE,
                    role TEXT NOT NULL,
                    scopes TEXT NOT NULL,
                    created_by TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    last_used_at BIGINT,
                    revoked_at BIGINT
                )
                """,
                "CREATE INDEX api_keys_by_tenant ON api_keys (tenant_id)",
            ]
        },
        Migration(5, "signing keys", scope: .serviceHome) { _ in
            [
                """
                CREATE TABLE signing_keys (
                    kid TEXT PRIMARY KEY,
                    sealed_private_key TEXT NOT NULL,
                    public_x TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    retired_at BIGINT
                )
                """
            ]
        },
    ]
}
