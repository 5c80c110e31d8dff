import Platform

/// The JSON shapes of the auth service's requests and answers, for `/openapi.json`.
enum AuthSchemas {
    static let password: JSONSchema = .string(format: "password", description: "At least 10 characters, not a common password, not containing the e-mail")
    static let organization: JSONSchema = .string(description: "An organisation id (t…); the token then acts for it")
    static let time: JSONSchema = .string(format: "date-time")

    static let all: [(String, JSONSchema)] = [
        ("Register", .object(properties: [("email", .string(format: "email")), ("password", password), ("name", .string())], required: ["email", "password", "name"])),
        ("Login", .object(properties: [("email", .string(format: "email")), ("password", .string(format: "password")), ("organization_id", organization)], required: ["email", "password"])),
        (
            "MFALogin",
            .object(
                properties: [
                    ("mfa_token", .string(description: "From the login answer")), ("code", .string(description: "6 digits from the app")),
                    ("recovery_code", .string(description: "One of the recovery codes, instead of `code`")), ("organization_id", organization),
                ],
                required: ["mfa_token"]
            )
        ),
        ("Refresh", .object(properties: [("refresh_token", .string(description: "Required unless `X-Session-Cookie: 1` sends the session cookie")), ("organization_id", organization)])),
        (
            "TokenResponse",
            .object(
                properties: [
                    ("access_token", .string(description: "EdDSA JWT; send as `Authorization: Bearer …`")), ("token_type", .string(enumValues: ["Bearer"])),
                    ("expires_in", .integer(description: "Seconds the access token lives")),
                    ("refresh_token", .string(description: "Single-use; absent for API-key tokens")), ("session_id", .string()),
                    ("organization_id", .string()), ("role", .string(enumValues: Role.allCases.map(\.rawValue))), ("scope", .string()),
                ],
                required: ["access_token", "token_type", "expires_in"]
            )
        ),
        (
            "MFARequired",
            .object(
                properties: [("mfa_required", .boolean()), ("mfa_token", .string()), ("expires_in", .integer())],
                required: ["mfa_required", "mfa_token", "expires_in"]
            )
        ),
        ("OneTimeToken", .object(properties: [("token", .string(description: "From the e-mailed link"))], required: ["token"])),
        ("ForgotPassword", .object(properties: [("email", .string(format: "email"))], required: ["email"])),
        ("ResetPassword", .object(properties: [("token", .string()), ("new_password", password)], required: ["token", "new_password"])),
        ("ChangePassword", .object(properties: [("current_password", .string(format: "password")), ("new_password", password)], required: ["current_password", "new_password"])),
        ("UpdateProfile", .object(properties: [("name", .string())])),
        (
            "Profile",
            .object(
                properties: [
                    ("id", .string()), ("email", .string(format: "email")), ("name", .string()), ("email_verified", .boolean()), ("mfa_enabled", .boolean()),
                    ("platform_admin", .boolean()), ("created_at", time), ("organization_id", .string()), ("role", .string()),
                    ("scopes", .array(of: .string())), ("session_id", .string()),
                    (
                        "memberships",
                        .array(of: .object(properties: [("organization_id", .string()), ("name", .string()), ("role", .string())]), description: "Absent when the tenant service is unreachable")
                    ),
                ],
                required: ["id", "email", "name", "email_verified", "mfa_enabled", "platform_admin", "created_at", "scopes"]
            )
        ),
        (
            "Sessions",
            .object(
                properties: [(
                    "sessions",
                    .array(of: .object(
                        properties: [
                            ("id", .string()), ("created_at", time), ("last_used_at", time), ("expires_at", time), ("user_agent", .string()), ("ip", .string()),
                            ("organization_id", .string()), ("current", .boolean()),
                        ],
                        required: ["id", "created_at", "last_used_at", "expires_at", "current"]
                    ))
                )],
                required: ["sessions"]
            )
        ),
        (
            "MFAEnrolment",
            .object(
                properties: [("secret", .string(description: "Base32 TOTP secret")), ("otpauth_url", .string(description: "otpauth://totp/… for a QR code")), ("next", .string())],
                required: ["secret", "otpauth_url"]
            )
        ),
        ("MFACode", .object(properties: [("code", .string(description: "6 digits"))], required: ["code"])),
        ("RecoveryCodes", .object(properties: [("recovery_codes", .array(of: .string()))], required: ["recovery_codes"])),
        ("DisableMFA", .object(properties: [("password", .string(format: "password")), ("code", .string()), ("recovery_code", .string())], required: ["password"])),
        (
            "CreateAPIKey",
            .object(
                properties: [
                    ("name", .string()), ("role", .string(enumValues: Role.allCases.map(\.rawValue))),
                    ("scopes", .array(of: .string(enumValues: Scope.all), description: "Default: every scope of the role")),
                ],
                required: ["name"]
            )
        ),
        (
            "APIKey",
            .object(
                properties: [
                    ("id", .string()), ("name", .string()), ("prefix", .string(description: "Visible part: the key starts mpk_<prefix>_")), ("role", .string()),
                    ("scopes", .array(of: .string())), ("organization_id", .string()), ("created_by", .string()), ("created_at", time),
                    ("last_used_at", time), ("revoked_at", time), ("key", .string(description: "Only in the creation answer")),
                ],
                required: ["id", "name", "prefix", "role", "scopes", "organization_id", "created_at"]
            )
        ),
        ("APIKeys", .object(properties: [("api_keys", .array(of: .reference("APIKey")))], required: ["api_keys"])),
        (
            "ClientCredentials",
            .object(
                properties: [("grant_type", .string(enumValues: ["client_credentials"])), ("client_secret", .string(description: "The API key"))],
                required: ["grant_type", "client_secret"]
            )
        ),
        (
            "JWKS",
            .object(
                properties: [(
                    "keys",
                    .array(of: .object(properties: [("kty", .string()), ("crv", .string()), ("alg", .string()), ("use", .string()), ("kid", .string()), ("x", .string())]))
                )],
                required: ["keys"]
            )
        ),
        (
            "InternalToken",
            .object(
                properties: [("session_id", .string()), ("user_id", .string()), ("organization_id", .string()), ("role", .string())],
                required: ["session_id", "user_id", "organization_id", "role"]
            )
        ),
        (
            "InternalUser",
            .object(properties: [("id", .string()), ("email", .string()), ("name", .string()), ("email_verified", .boolean())], required: ["id", "email", "name", "email_verified"])
        ),
    ]
}
