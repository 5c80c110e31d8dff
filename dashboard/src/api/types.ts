/** Shapes the dashboard reads (snake_case as the platform writes them; money in integer cents). */

export interface Membership {
  organization_id: string;
  name?: string | null;
  role: string;
}

export interface Profile {
  id: string;
  email: string;
  name: string;
  email_verified: boolean;
  mfa_enabled: boolean;
  platform_admin: boolean;
  created_at: string;
  organization_id?: string | null;
  role?: string | null;
  scopes: string[];
  session_id?: string | null;
  memberships?: Membership[];
}

export interface Organization {
  id: string;
  name: string;
  plan: string;
  role?: string;
  status: string;
  tier: string;
  timezone?: string;
  created_at: string;
  updated_at?: string;
  contact_email?: string | null;
  kra_pin?: string | null;
  deletion_scheduled_at?: string | null;
}

/** One section of a BFF document: `ok` with data, `error` with the service's problem, or `unavailable` with a reason. */
export interface BFFSection<T> {
  status: "ok" | "error" | "unavailable";
  data?: T;
  http_status?: number;
  problem?: { title?: string; detail?: string; status?: number; type?: string };
  reason?: string;
  duration_ms?: number;
}

export interface BFFDocument<S extends Record<string, unknown>> {
  generated_at: string;
  from?: string;
  to?: string;
  sections: { [K in keyof S]: BFFSection<S[K]> };
}

export interface KindTotal {
  kind: string;
  direction: "in" | "out";
  amount_cents: number;
  count: number;
  fees_cents: number;
}

export interface Summary {
  from: string | null;
  to: string | null;
  days: number;
  active_days: number;
  inflow_cents: number;
  outflow_cents: number;
  net_cents: number;
  fees_cents: number;
  fee_rate_bp: number | null;
  inflow_count: number;
  outflow_count: number;
  transaction_count: number;
  average_inflow_cents: number | null;
  average_outflow_cents: number | null;
  average_sale_cents: number | null;
  customer_inflow_cents: number;
  customers?: { payers: number; repeat_payers: number; repeat_share_bp: number | null; retention_bp: number | null };
  fuliza?: {
    days_in_overdraft: number; drawn_cents: number; draws: number; estimated_cost_cents: number; outstanding_cents: number;
    repaid_cents: number; repayments: number;
  };
  growth?: { growth_bp: number | null; inflow_cents: number; month: string; previous_inflow_cents: number; previous_month: string } | null;
  by_kind?: KindTotal[];
}

/** One bucket of a time series (a day, an ISO week from Monday, or a month). */
export interface SeriesPoint {
  key: string;
  first_day: string;
  last_day: string;
  inflow_cents: number;
  outflow_cents: number;
  fees_cents: number;
  net_cents: number;
  count: number;
}

export interface Timeseries {
  from: string;
  to: string;
  granularity: "day" | "week" | "month";
  points: SeriesPoint[];
}

export interface CategoryShare {
  category: string;
  direction: "in" | "out";
  amount_cents: number;
  count: number;
  fees_cents: number;
  share_bp: number;
  by_bucket?: Record<string, number>;
}

export interface CategoryBreakdown {
  from?: string;
  to?: string;
  categories: CategoryShare[];
}

export interface CounterpartyShare {
  counterparty_key: string;
  name: string;
  amount_cents: number;
  previous_amount_cents: number;
  count: number;
  months?: number;
  share_bp: number;
}

export interface Counterparties {
  from?: string;
  to?: string;
  customers: CounterpartyShare[];
  suppliers: CounterpartyShare[];
  customer_count?: number;
  supplier_count?: number;
  inflow_cents?: number;
  outflow_cents?: number;
}

export interface Insight {
  kind: string;
  severity: "info" | "warning" | "critical" | string;
  title: string;
  detail: string;
  evidence: string[];
  metrics?: Record<string, number | string>;
}

export interface Insights {
  from?: string;
  to?: string;
  insights: Insight[];
}

/** A category of the organisation (the categorizer's list: names for slugs). */
export interface CategoryInfo {
  slug: string;
  name: string;
  group?: string;
  description?: string;
  is_default?: boolean;
  archived?: boolean;
  transactions?: number;
}

export interface UsageItem {
  metric: string;
  used: number;
  limit?: number | null;
  period?: string;
}

export interface Usage {
  organization_id: string;
  plan: string;
  period?: string;
  items: UsageItem[];
}
