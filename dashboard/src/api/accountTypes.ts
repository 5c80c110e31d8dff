/** Shapes of the auth service's account routes (sessions, MFA, API keys), snake_case as on the wire. */

export interface AccountSession {
  id: string;
  created_at: string;
  last_used_at: string;
  expires_at: string;
  user_agent?: string | null;
  ip?: string | null;
  organization_id?: string | null;
  /** The session of the token making the request (this device). */
  current: boolean;
}

export interface AccountSessions {
  sessions: AccountSession[];
}

export interface MFAEnrolment {
  secret: string;
  otpauth_url: string;
  next?: string;
}

export interface RecoveryCodes {
  recovery_codes: string[];
}

export interface APIKey {
  id: string;
  name: string;
  prefix: string;
  role: string;
  scopes: string[];
  organization_id: string;
  created_by: string;
  created_at: string;
  last_used_at?: string | null;
  revoked_at?: string | null;
  /** Only in the answer to creation: shown once, never again. */
  key?: string | null;
}

export interface APIKeys {
  api_keys: APIKey[];
}

/** Scopes a token or key can carry, with what they allow in plain words. */
export const SCOPE_LABELS: Record<string, string> = {
  read: "Read data and reports",
  "statements:write": "Upload statements",
  "transactions:write": "Edit transactions",
  "rules:write": "Edit rules and categories",
  "webhooks:manage": "Manage webhooks",
  "members:manage": "Manage members",
  "settings:manage": "Manage settings",
  "api_keys:manage": "Manage API keys",
  "billing:manage": "Manage billing",
  "organization:delete": "Delete the organisation",
};

/** The scopes each role grants (Platform's Scope.granted(to:)). */
export const ROLE_SCOPES: Record<string, string[]> = {
  viewer: ["read"],
  analyst: ["read", "statements:write", "transactions:write", "rules:write"],
  admin: ["read", "statements:write", "transactions:write", "rules:write", "webhooks:manage", "members:manage", "settings:manage", "api_keys:manage"],
  owner: Object.keys(SCOPE_LABELS),
};
