/** The analytics ledger (`/api/v1/analytics/transactions…`) as the dashboard reads it. Money in integer cents. */

export type Direction = "in" | "out";

export interface LedgerCounterparty {
  kind?: string;
  name?: string | null;
  phone?: string | null;
  shortcode?: string | null;
  account_reference?: string | null;
}

export interface LedgerTransaction {
  id: string;
  receipt: string;
  line_kind: string;
  completed_at: string;
  /** Nairobi wall time, `YYYY-MM-DD HH:MM:SS`. */
  local_time: string;
  local_day: string;
  direction: Direction;
  /** Positive magnitude, fee excluded. */
  amount_cents: number;
  fee_cents: number;
  net_cents: number;
  balance_cents?: number | null;
  kind: string;
  status: string;
  counterparty_key?: string | null;
  counterparty_name?: string | null;
  counterparty?: LedgerCounterparty | null;
  details: string;
  category: string;
  category_source: string;
  confidence: number;
  category_reason: string;
  note?: string | null;
  tags: string[];
  /** Only on `GET /transactions/{id}`: the statements that carried it. */
  statement_ids?: string[] | null;
  updated_at: string;
}

export interface LedgerTotals {
  count: number;
  inflow_cents: number;
  outflow_cents: number;
}

export interface TransactionPage {
  transactions: LedgerTransaction[];
  next_cursor?: string | null;
  totals?: LedgerTotals | null;
}

export interface BulkRecategorized {
  changed: number;
  category: string;
}

export interface StatementSummary {
  id: string;
  filename?: string | null;
  first_day?: string | null;
  last_day?: string | null;
  period_start?: string | null;
  period_end?: string | null;
  transaction_count?: number;
  created_at?: string;
  verdict?: string;
}

export interface StatementList {
  statements: StatementSummary[];
}

/** Plain-English names of the M-PESA transaction kinds (the parser's `TransactionKind`). */
export const KIND_LABELS: Record<string, string> = {
  send_money: "Money sent",
  receive_money: "Money received",
  paybill: "Pay bill",
  buy_goods: "Buy goods (till)",
  pochi: "Pochi la Biashara",
  agent_withdrawal: "Agent withdrawal",
  agent_deposit: "Agent deposit",
  airtime_bundles: "Airtime and bundles",
  fuliza_draw: "Fuliza loan",
  fuliza_repayment: "Fuliza repayment",
  savings_deposit: "Into savings",
  savings_withdrawal: "From savings",
  loan_disbursement: "Loan received",
  loan_repayment: "Loan repayment",
  business_payment: "Business payment",
  salary_payment: "Salary",
  promotion_payment: "Promotion payment",
  reversal: "Reversal",
  charge: "Charge",
  settlement: "Settlement",
  other: "Other",
};

export const KINDS = Object.keys(KIND_LABELS);

export function kindLabel(kind: string | null | undefined): string {
  if (!kind) return "—";
  return KIND_LABELS[kind] ?? kind.replace(/[_-]+/g, " ");
}

export type LedgerSort = "-time" | "time" | "-amount" | "amount";

export const SORTS: { value: LedgerSort; label: string }[] = [
  { value: "-time", label: "Newest first" },
  { value: "time", label: "Oldest first" },
  { value: "-amount", label: "Largest amount first" },
  { value: "amount", label: "Smallest amount first" },
];

/** How a category was decided, for people. */
export const CATEGORY_SOURCES: Record<string, string> = {
  manual: "set by hand",
  rule: "set by one of your rules",
  directory: "from the merchant directory",
  model: "learned from your history",
  fallback: "best guess",
};
