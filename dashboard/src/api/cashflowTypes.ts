/** Shapes of the cash-flow screen: the BFF document, the analytics forecast and the cashflow service's runway (cents). */
import type { BFFDocument, Insights, Summary, Timeseries } from "./types";

/** One forecast day of daily net flow with its 80% and 95% bounds. */
export interface ForecastPoint {
  day: string;
  mean: number;
  lower_80: number;
  upper_80: number;
  lower_95: number;
  upper_95: number;
}

/** Rolling-origin accuracy of the chosen model (null when the history was too short to backtest). */
export interface Backtest {
  origins: number;
  horizon: number;
  mase: number;
  smape?: number | null;
  wape?: number | null;
  coverage_80: number;
  coverage_95: number;
  seasonal_naive_mae: number;
}

/** Every model tried, best first; `mae` is its average absolute daily error in the backtest, in cents. */
export interface Candidate {
  method: string;
  mase: number;
  mae: number;
}

export interface ForecastModel {
  method: string;
  points: ForecastPoint[];
  cumulative: (Omit<ForecastPoint, "mean"> & { mean: number })[];
  backtest?: Backtest | null;
  candidates: Candidate[];
  notes: string[];
}

/** Projected end-of-day balance with its bands. */
export interface ProjectedBalance {
  day: string;
  balance: number;
  lower_80: number;
  upper_80: number;
  lower_95: number;
  upper_95: number;
}

export interface RecurringPayment {
  counterparty_key: string;
  counterparty_name?: string | null;
  /** weekly, biweekly, monthly or quarterly. */
  cadence: string;
  typical_amount_cents: number;
  direction: "in" | "out";
  last_day: string;
  next_expected_day: string;
  occurrences: number;
  category?: string | null;
  evidence?: string[];
}

/** `GET /api/v1/analytics/forecast`: the forecast over the ledger, with the balance projected from the last printed balance. */
export interface ForecastAnswer {
  history_from: string;
  history_to: string;
  opening_balance_cents: number | null;
  threshold_cents: number;
  recurring: RecurringPayment[];
  balance_low_event: boolean;
  forecast: ForecastModel | null;
  balance: { opening_balance: number; days: ProjectedBalance[] } | null;
  first_day_below: { day: string; probability: number; threshold_cents: number } | null;
}

export type CashflowSections = {
  summary: Summary;
  timeseries: Timeseries;
  forecast: ForecastAnswer;
  recurring: Insights;
};

export type CashflowDocument = BFFDocument<CashflowSections> & { horizon_days: number };

/** `POST /api/v1/cashflow/runway`: how long the balance lasts at the recent average net outflow. */
export interface RunwayAnswer {
  balance: number;
  trailing_days: number;
  average_daily_net_flow: number;
  /** Absent (or null) when the business is not burning cash, like the two below. */
  burn_rate?: number | null;
  runway_days?: number | null;
  run_out_day?: string | null;
}
