/**
 * The ledger view's state lives in the URL query under the API's own parameter names, so a bookmark or a shared
 * link shows the same view, the back button undoes a filter, and a value the API refuses is shown as its problem.
 */
export const FILTER_PARAMS = [
  "q",
  "from",
  "to",
  "direction",
  "category",
  "kind",
  "counterparty",
  "min_amount_cents",
  "max_amount_cents",
  "tag",
  "statement_id",
  // A comma list of transaction ids: the evidence behind an insight (the overview links here with it).
  "id",
] as const;

export type FilterParam = (typeof FILTER_PARAMS)[number];
export type LedgerQuery = Partial<Record<FilterParam | "sort", string>>;

export function readLedgerQuery(query: URLSearchParams): LedgerQuery {
  const out: LedgerQuery = {};
  for (const key of [...FILTER_PARAMS, "sort"] as const) {
    const value = query.get(key);
    if (value !== null && value.trim() !== "") out[key] = value;
  }
  return out;
}

/** A stable key of the query (fixed key order), to know when the view changed. */
export function ledgerKey(query: LedgerQuery): string {
  return [...FILTER_PARAMS, "sort"].map((key) => `${key}=${query[key as FilterParam] ?? ""}`).join("&");
}

export function activeFilters(query: LedgerQuery): FilterParam[] {
  return FILTER_PARAMS.filter((key) => query[key] !== undefined);
}

/** Cents as a plain amount for an input ("1500", "1500.50"), by integer arithmetic. */
export function centsToInput(cents: string | undefined): string {
  if (!cents || !/^\d+$/.test(cents)) return cents ?? "";
  const value = Number(cents);
  const shillings = Math.floor(value / 100);
  const remainder = value % 100;
  return remainder ? `${shillings}.${String(remainder).padStart(2, "0")}` : String(shillings);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day `YYYY-MM-DD` (what a date input can show). */
export function validDay(text: string | undefined): text is string {
  if (!text || !DAY.test(text)) return false;
  const date = new Date(`${text}T12:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
