/** Statements and upload jobs of the analytics service. */

export interface ReconciliationFinding {
  check?: string;
  severity?: string;
  message?: string;
  detail?: string;
  page?: number;
  row?: number;
  receipt?: string;
  [key: string]: unknown;
}

export interface Reconciliation {
  verdict: string;
  checks?: Record<string, string>;
  findings?: ReconciliationFinding[];
}

export interface Statement {
  id: string;
  filename?: string | null;
  format: string;
  created_at: string;
  period_start?: string | null;
  period_end?: string | null;
  first_day?: string | null;
  last_day?: string | null;
  opening_balance_cents?: number | null;
  closing_balance_cents?: number | null;
  transaction_count: number;
  new_transaction_count: number;
  duplicate_count: number;
  verdict: string;
  uploaded_by?: string;
  job_id?: string;
  reconciliation?: Reconciliation;
  metadata?: Record<string, unknown>;
}

export interface Job {
  id: string;
  status: "queued" | "running" | "succeeded" | "failed" | string;
  stage: string;
  progress: number;
  filename?: string | null;
  statement_id?: string | null;
  result?: Record<string, unknown> | null;
  error?: { type?: string; title?: string; detail?: string; status?: number; [key: string]: unknown } | null;
  created_at: string;
  updated_at: string;
}
