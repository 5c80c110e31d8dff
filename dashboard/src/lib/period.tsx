import { createContext, useContext, useMemo, type ReactNode } from "react";
import { api } from "../api/client";
import type { Summary } from "../api/types";
import { useSession } from "../auth/session";
import { addDays, daysBetween, nairobiToday } from "./format";
import { useRouter } from "./router";
import { useAsync } from "./useAsync";

/**
 * The period the screens show, kept in the URL (`?from=…&to=…`) so it survives reloads and can be shared. Without
 * one, the screens show the last 30 days of the organisation's data (a statement is usually months old when it is
 * uploaded, so "the last 30 days from today" would often be empty).
 */
export interface Period {
  from: string;
  to: string;
}

interface PeriodValue extends Period {
  /** The period of the same length just before this one (for "change vs previous period"). */
  previous: Period;
  /** The ledger's first and last day; null while unknown or when the ledger is empty. */
  span: Period | null;
  spanLoading: boolean;
  hasData: boolean;
  setPeriod: (period: Period | null) => void;
  reloadSpan: () => void;
}

const PeriodContext = createContext<PeriodValue | null>(null);

export function PeriodProvider({ children }: { children: ReactNode }) {
  const { organizationId } = useSession();
  const { query, setQuery } = useRouter();
  const ledger = useAsync(
    (signal) => (organizationId ? api<Summary>("/api/v1/analytics/summary", { signal }) : Promise.resolve(null)),
    [organizationId],
  );
  const span = ledger.data && ledger.data.from && ledger.data.to && ledger.data.transaction_count > 0 ? { from: ledger.data.from, to: ledger.data.to } : null;

  const queryFrom = query.get("from");
  const queryTo = query.get("to");
  const valid = (day: string | null) => !!day && /^\d{4}-\d{2}-\d{2}$/.test(day);

  const value = useMemo<PeriodValue>(() => {
    const end = valid(queryTo) ? (queryTo as string) : span?.to ?? nairobiToday();
    let start = valid(queryFrom) ? (queryFrom as string) : addDays(end, -29);
    if (start > end) start = end;
    const length = daysBetween(start, end) + 1;
    const previous = { from: addDays(start, -length), to: addDays(start, -1) };
    return {
      from: start,
      to: end,
      previous,
      span,
      spanLoading: ledger.loading,
      hasData: !!span,
      setPeriod: (period) => setQuery({ from: period?.from ?? null, to: period?.to ?? null }),
      reloadSpan: ledger.reload,
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queryFrom, queryTo, span?.from, span?.to, ledger.loading, ledger.reload, setQuery]);

  return <PeriodContext.Provider value={value}>{children}</PeriodContext.Provider>;
}

export function usePeriod(): PeriodValue {
  const value = useContext(PeriodContext);
  if (!value) throw new Error("usePeriod outside <PeriodProvider>");
  return value;
}

/** Preset periods relative to the ledger's last day (or today). */
export function usePresets(): { label: string; period: Period | null }[] {
  const { span } = usePeriod();
  const end = span?.to ?? nairobiToday();
  const monthStart = `${end.slice(0, 7)}-01`;
  const previousMonthEnd = addDays(monthStart, -1);
  const previousMonthStart = `${previousMonthEnd.slice(0, 7)}-01`;
  return useMemo(
    () => [
      { label: "Last 30 days", period: null },
      { label: "Last 7 days", period: { from: addDays(end, -6), to: end } },
      { label: "Last 90 days", period: { from: addDays(end, -89), to: end } },
      { label: "This month", period: { from: monthStart, to: end } },
      { label: "Previous month", period: { from: previousMonthStart, to: previousMonthEnd } },
      ...(span ? [{ label: "All data", period: span }] : []),
    ],
    [end, monthStart, previousMonthEnd, previousMonthStart, span],
  );
}
