/** Shapes of the reports screen: the monthly statement of cash flows and the lender summary (money in integer cents). */

export interface ReportLine {
  /** Category slug, or `fuliza` / `mobile_loans` / `savings` on financing lines. */
  category: string;
  label: string;
  inflow_cents: number;
  outflow_cents: number;
  net_cents: number;
  count: number;
}

export interface ReportSection {
  section: "operating" | "financing" | "transfers" | "fees_and_charges" | string;
  title: string;
  lines: ReportLine[];
  inflow_cents: number;
  outflow_cents: number;
  net_cents: number;
}

export interface BalanceCheck {
  status: "matches" | "differs" | "unknown";
  printed_balance_cents?: number | null;
  derived_balance_cents?: number | null;
  difference_cents?: number | null;
  summary: string;
}

/** `GET /api/v1/analytics/reports/monthly?month=YYYY-MM`. */
export interface MonthlyReport {
  year: number;
  month: number;
  period: { first: string; last: string };
  sections: ReportSection[];
  total_inflow_cents: number;
  total_outflow_cents: number;
  net_cents: number;
  fees_cents: number;
  opening_balance_cents?: number | null;
  /** given, derived (worked back from the month's first printed balance) or unknown. */
  opening_balance_source: "given" | "derived" | "unknown";
  closing_balance_cents?: number | null;
  balance_check: BalanceCheck;
  days_with_transactions: number;
  transaction_count: number;
}

export interface LenderMonth {
  month: string;
  is_full: boolean;
  days_in_period: number;
  inflow_cents: number;
  outflow_cents: number;
  mobile_loan_disbursed_cents: number;
  mobile_loan_repaid_cents: number;
  fuliza_draws: number;
  fuliza_drawn_cents: number;
  overdraft_days: number;
}

/** `GET /api/v1/analytics/reports/lender` (default: the last 6 months of the ledger). */
export interface LenderSummary {
  period: { first: string; last: string };
  generated_at: string;
  months: LenderMonth[];
  full_months: number;
  partial_months: number;
  inflow_definition: string;
  outflow_definition: string;
  total_inflow_cents: number;
  total_outflow_cents: number;
  averaged_over_full_months: boolean;
  average_monthly_inflow_cents?: number | null;
  median_monthly_inflow_cents?: number | null;
  average_monthly_outflow_cents?: number | null;
  income_stability: {
    coefficient_of_variation?: number | null;
    share_of_months_at_least_half_median?: number | null;
    score?: number | null;
    formula: string;
  };
  loan_exposure: {
    mobile_loan_disbursements: number;
    mobile_loan_disbursed_cents: number;
    mobile_loan_repayments: number;
    mobile_loan_repaid_cents: number;
    average_monthly_disbursed_cents?: number | null;
    average_monthly_repaid_cents?: number | null;
    repayment_to_inflow_ratio?: number | null;
    fuliza_draws: number;
    fuliza_drawn_cents: number;
    fuliza_repaid_cents: number;
    days_in_overdraft: number;
  };
  betting: { outflow_cents: number; count: number; share_of_outflow?: number | null; share_of_inflow?: number | null };
  fees_cents: number;
  fee_rate_bp?: number | null;
  concentration: { top5_share_of_inflow?: number | null; hhi?: number | null; payers: number };
  balances: { lowest_end_of_day_balance_cents?: number | null; lowest_day?: string | null; days_at_or_below_zero: number; days_with_known_balance: number };
  coverage_gaps: { first: string; last: string; days: number }[];
  reconciliation: { verdict: string; statements: { statement_id: string; verdict: string; period_start: string; period_end: string }[] };
  flags: string[];
}
