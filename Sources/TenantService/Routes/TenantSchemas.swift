import MPesaCore
import Platform

/// The JSON shapes of the tenant service's requests and answers, for `/openapi.json`.
enum TenantSchemas {
    static let time: JSONSchema = .string(format: "date-time")
    static let role: JSONSchema = .string(enumValues: Role.allCases.map(\.rawValue))
    static let tier: JSONSchema = .string(enumValues: IsolationTier.allCases.map(\.rawValue))

    static let organization: JSONSchema = .object(
        properties: [
            ("id", .string()), ("name", .string()), ("plan", .string(enumValues: PlanID.allCases.map(\.rawValue))), ("tier", tier),
            ("relocating_to", tier), ("status", .string(enumValues: ["active", "suspended", "deleting", "deleted"])), ("timezone", .string()),
            ("contact_email", .string(format: "email")), ("kra_pin", .string()), ("created_at", time), ("updated_at", time), ("deletion_due_at", time),
            ("suspended_reason", .string()), ("role", role),
        ],
        required: ["id", "name", "plan", "tier", "status", "timezone", "created_at", "updated_at"]
    )

    static let member: JSONSchema = .object(
        properties: [("user_id", .string()), ("email", .string()), ("name", .string()), ("role", role), ("joined_at", time), ("invited_by", .string())],
        required: ["user_id", "email", "name", "role", "joined_at"]
    )

    static let invitation: JSONSchema = .object(
        properties: [
            ("id", .string()), ("organization_id", .string()), ("email", .string()), ("role", role),
            ("status", .string(enumValues: ["pending", "accepted", "revoked", "expired"])), ("invited_by", .string()), ("created_at", time), ("expires_at", time),
            ("sent_count", .integer()), ("accepted_at", time), ("email_sent", .boolean()),
        ],
        required: ["id", "organization_id", "email", "role", "status", "created_at", "expires_at"]
    )

    static let plan: JSONSchema = .object(
        properties: [
            ("id", .string()), ("name", .string()), ("monthly_price_cents", .cents("Price per month")), ("tiers", .array(of: tier)), ("default_tier", tier),
            ("features", .map(of: .boolean(), description: "Feature name → on")), ("limits", .map(of: .nullable(.integer()), description: "Limit name → value; null is unlimited")),
        ],
        required: ["id", "name", "tiers", "features", "limits"]
    )

    static let all: [(String, JSONSchema)] = [
        ("CreateOrganization", .object(properties: [("name", .string()), ("timezone", .string(description: "IANA zone; default Africa/Nairobi"))], required: ["name"])),
        (
            "UpdateOrganization",
            .object(properties: [("name", .string()), ("timezone", .string()), ("contact_email", .nullable(.string())), ("kra_pin", .nullable(.string(description: "A123456789Z")))])
        ),
        ("Organization", organization),
        ("Organizations", .object(properties: [("organizations", .array(of: .reference("Organization"))), ("next", .string(description: "Cursor of the next page"))], required: ["organizations"])),
        (
            "SwitchToken",
            .object(
                properties: [("access_token", .string()), ("token_type", .string()), ("expires_in", .integer()), ("organization_id", .string()), ("role", role)],
                required: ["access_token", "token_type", "expires_in"]
            )
        ),
        ("Features", .object(properties: [("organization_id", .string()), ("plan", plan)], required: ["organization_id", "plan"])),
        (
            "Usage",
            .object(
                properties: [
                    ("organization_id", .string()), ("plan", .string()), ("period", .string(description: "YYYY-MM")),
                    (
                        "items",
                        .array(of: .object(
                            properties: [("metric", .string()), ("used", .integer()), ("limit", .nullable(.integer())), ("period", .string())], required: ["metric", "used"]
                        ))
                    ),
                ],
                required: ["organization_id", "plan", "period", "items"]
            )
        ),
        (
            "Audit",
            .object(
                properties: [
                    (
                        "events",
                        .array(of: .object(
                            properties: [("id", .string()), ("occurred_at", time), ("actor", .string()), ("action", .string()), ("target", .string()), ("details", .any())],
                            required: ["id", "occurred_at", "actor", "action"]
                        ))
                    ),
                    ("next_before", time),
                ],
                required: ["events"]
            )
        ),
        ("Member", member),
        ("Members", .object(properties: [("members", .array(of: .reference("Member")))], required: ["members"])),
        ("ChangeRole", .object(properties: [("role", role)], required: ["role"])),
        ("Invite", .object(properties: [("email", .string(format: "email")), ("role", role)], required: ["email"])),
        ("Invitation", invitation),
        ("Invitations", .object(properties: [("invitations", .array(of: .reference("Invitation")))], required: ["invitations"])),
        ("InvitationToken", .object(properties: [("token", .string())], required: ["token"])),
        (
            "InvitationPreview",
            .object(
                properties: [("organization_name", .string()), ("invited_by", .string()), ("email", .string()), ("role", role), ("expires_at", time)],
                required: ["organization_name", "email", "role", "expires_at"]
            )
        ),
        ("Accepted", .object(properties: [("organization", .reference("Organization")), ("next", .string())], required: ["organization"])),
        ("IsolationRequest", .object(properties: [("tier", tier)], required: ["tier"])),
        (
            "Isolation",
            .object(
                properties: [
                    ("organization_id", .string()), ("tier", tier), ("relocating_to", tier), ("allowed_tiers", .array(of: tier)),
                    (
                        "move",
                        .object(properties: [
                            ("id", .string()), ("from", tier), ("to", tier), ("status", .string(enumValues: ["copying", "finishing", "aborting", "done", "failed"])),
                            ("started_at", time), ("finished_at", time), ("error", .string()),
                            ("services", .array(of: .any(description: "Per service: row counts and checksums of the old and new home"))),
                        ])
                    ),
                ],
                required: ["organization_id", "tier", "allowed_tiers"]
            )
        ),
        ("AdminChange", .object(properties: [("plan", .string(enumValues: PlanID.allCases.map(\.rawValue)))], required: ["plan"])),
        ("Suspend", .object(properties: [("reason", .string())], required: ["reason"])),
    ]
}
