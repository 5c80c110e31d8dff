/** Shapes of the tenant service (organisations, members, invitations, usage, isolation), snake_case as on the wire. */

/** Roles within an organisation, lowest first (Platform's `Role`). */
export const ROLES = ["viewer", "analyst", "admin", "owner"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<string, string> = {
  viewer: "Viewer",
  analyst: "Analyst",
  admin: "Admin",
  owner: "Owner",
};

/** What each role may do, in plain words (mirrors Scope.granted(to:)). */
export const ROLE_HINTS: Record<string, string> = {
  viewer: "can see the numbers and reports",
  analyst: "can see everything, upload statements and edit transactions and rules",
  admin: "can do what an analyst does and manage members, settings and API keys",
  owner: "can do everything, including billing and deleting the organisation",
};

export function roleRank(role: string | null | undefined): number {
  return ROLES.indexOf((role ?? "") as Role);
}

export interface TenantOrganization {
  id: string;
  name: string;
  plan: string;
  tier: string;
  relocating_to?: string | null;
  /** active, suspended, deleting, deleted */
  status: string;
  timezone: string;
  contact_email?: string | null;
  kra_pin?: string | null;
  created_at: string;
  updated_at: string;
  deletion_due_at?: string | null;
  suspended_reason?: string | null;
  role?: string | null;
}

export interface Member {
  user_id: string;
  email: string;
  name: string;
  role: string;
  joined_at: string;
  invited_by?: string | null;
}

export interface Members {
  members: Member[];
}

export interface Invitation {
  id: string;
  organization_id: string;
  email: string;
  role: string;
  /** pending, accepted, revoked, expired */
  status: string;
  invited_by: string;
  created_at: string;
  expires_at: string;
  sent_count: number;
  accepted_at?: string | null;
  /** Only right after creating or resending: whether the e-mail went out. */
  email_sent?: boolean | null;
}

export interface Invitations {
  invitations: Invitation[];
}

export interface InvitationPreview {
  organization_name: string;
  invited_by: string;
  email: string;
  role: string;
  expires_at: string;
}

export interface InvitationAccepted {
  organization: TenantOrganization;
  next: string;
}

export interface UsageItem {
  metric: string;
  used: number;
  /** Absent or null: the plan sets no limit. */
  limit?: number | null;
  period?: string | null;
}

export interface Usage {
  organization_id: string;
  plan: string;
  period: string;
  items: UsageItem[];
}

export interface Plan {
  id: string;
  name: string;
  monthly_price_cents: number;
  tiers: string[];
  default_tier: string;
  features: Record<string, boolean>;
  limits: Record<string, number | null>;
}

export interface Features {
  organization_id: string;
  plan: Plan;
}

export interface Census {
  [key: string]: unknown;
}

export interface MoveServiceReport {
  service: string;
  report?: { copied_rows?: number; source?: Census; target?: Census };
}

export interface TierMove {
  id: string;
  from: string;
  to: string;
  /** copying, finishing, aborting, done, failed */
  status: string;
  started_at: string;
  finished_at?: string | null;
  error?: string | null;
  services?: MoveServiceReport[] | null;
}

export interface Isolation {
  organization_id: string;
  tier: string;
  relocating_to?: string | null;
  allowed_tiers: string[];
  move?: TierMove | null;
}

export const TIER_LABELS: Record<string, string> = {
  shared: "Shared",
  schema: "Own schema",
  database: "Own database",
};

export const TIER_HINTS: Record<string, string> = {
  shared: "Your data sits in the shared store, kept apart from other businesses by strict access rules.",
  schema: "Your data gets its own separate section (schema) of the database.",
  database: "Your data gets a database of its own, fully separate from every other business.",
};

export const MOVE_OPEN = new Set(["copying", "finishing", "aborting"]);

/** "an admin", "a viewer": the role as a noun with its article. */
export function roleNoun(role: string): string {
  const label = (ROLE_LABELS[role] ?? role).toLowerCase();
  return `${/^[aeiou]/.test(label) ? "an" : "a"} ${label}`;
}
