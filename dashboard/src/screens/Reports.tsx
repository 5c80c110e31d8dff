import { useMemo } from "react";
import { api } from "../api/client";
import type { Summary } from "../api/types";
import { PageHeader, Section } from "../components/Section";
import { addDays, daysBetween, formatDay } from "../lib/format";
import { usePeriod } from "../lib/period";
import { useRouter } from "../lib/router";
import { useAsync } from "../lib/useAsync";
import { monthsBetween } from "./cashflow/recurring";
import { LenderSummaryCard, type LenderWindow } from "./reports/LenderSummaryCard";
import { MonthlyReportCard } from "./reports/MonthlyReportCard";
import "./Reports.css";
import { NoDataYet } from "../components/NoDataYet";

/**
 * Periods for the lender summary, ending on the ledger's last day. The default asks the API for its own (the last 6
 * months, or all the data when there is less); longer windows are offered only as far as the data goes, so a lender
 * never sees empty months averaged in.
 */
function lenderWindows(span: { from: string; to: string } | null): LenderWindow[] {
  const spanDays = span ? daysBetween(span.from, span.to) + 1 : 0;
  const windows: LenderWindow[] = [{ value: "6", label: span && spanDays <= 183 ? "All your data" : "Last 6 months of data", query: {} }];
  if (!span) return windows;
  if (spanDays > 92) windows.unshift({ value: "3", label: "Last 3 months of data", query: { from: addDays(span.to, -91), to: span.to } });
  for (const option of [
    { value: "12", label: "Last 12 months of data", days: 365 },
    { value: "24", label: "Last 24 months of data", days: 730 },
  ]) {
    if (spanDays <= 183 || (option.value === "24" && spanDays <= 365)) break;
    const clipped = spanDays <= option.days;
    windows.push({ value: option.value, label: clipped ? "All your data" : option.label, query: { from: clipped ? span.from : addDays(span.to, -(option.days - 1)), to: span.to } });
    if (clipped) break;
  }
  return windows;
}

/** Reports: the monthly statement of cash flows and the lender summary, each downloadable as PDF or CSV. */
export function ReportsScreen() {
  const { query, setQuery } = useRouter();
  const { span, spanLoading, hasData, reloadSpan } = usePeriod();
  // Without a ledger span, ask once more: an empty ledger gets the upload prompt, a failing service its error.
  const check = useAsync(
    (signal) => (spanLoading || hasData ? Promise.resolve(null) : api<Summary>("/api/v1/analytics/summary", { signal })),
    [spanLoading, hasData],
  );
  const months = useMemo(() => (span ? monthsBetween(span.from, span.to) : []), [span?.from, span?.to]);
  const requested = query.get("month");
  const month = requested && /^\d{4}-(0[1-9]|1[0-2])$/.test(requested) ? requested : span ? span.to.slice(0, 7) : undefined;
  const windows = useMemo(() => lenderWindows(span), [span?.from, span?.to]);
  const lenderWindow = windows.find((option) => option.value === (query.get("lender") ?? "6")) ?? windows[0];

  if (spanLoading || check.loading) {
    return (
      <div>
        <PageHeader title="Reports" />
        <Section loading />
      </div>
    );
  }
  if (!hasData && check.error) {
    return (
      <div>
        <PageHeader title="Reports" />
        <Section
          error={check.error}
          onRetry={() => {
            reloadSpan();
            check.reload();
          }}
        />
      </div>
    );
  }
  if (!hasData && check.data?.transaction_count === 0) {
    return (
      <div>
        <PageHeader title="Reports" />
        <NoDataYet testId="reports-empty" title="No reports yet">
          Upload an M-PESA statement to get a monthly cash flow statement and a summary to show a bank or lender.
        </NoDataYet>
      </div>
    );
  }

  return (
    <div>
      <PageHeader
        title="Reports"
        subtitle={span ? `Your data: ${formatDay(span.from)} – ${formatDay(span.to)}` : "Statements of your M-PESA money to keep or share"}
      />
      <MonthlyReportCard month={month} months={months} onMonth={(value) => setQuery({ month: value })} />
      <LenderSummaryCard windows={windows} window={lenderWindow} onWindow={(value) => setQuery({ lender: value === "6" ? null : value })} />
    </div>
  );
}
