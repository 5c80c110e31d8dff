import type { CashflowDocument } from "../api/cashflowTypes";
import { api } from "../api/client";
import { PageHeader } from "../components/Section";
import { addDays, daysBetween, formatCount, formatDay, nairobiToday, parseKES } from "../lib/format";
import { Link, useRouter } from "../lib/router";
import { useAsync } from "../lib/useAsync";
import { isNoLedger, sectionProblem } from "./cashflow/bff";
import { DataSummary } from "./cashflow/DataSummary";
import { ForecastCard } from "./cashflow/ForecastCard";
import { RecurringCalendar } from "./cashflow/RecurringCalendar";
import { RunwayCard } from "./cashflow/RunwayCard";
import { shillingsText, ThresholdCard } from "./cashflow/ThresholdCard";
import "./Cashflow.css";
import { NoDataYet } from "../components/NoDataYet";

const HORIZONS = [14, 30, 60, 90, 180];
const DEFAULT_HORIZON = 30;
/** Data older than this (days before today) gets a reminder to upload a newer statement. */
const STALE_DAYS = 14;

function readHorizon(text: string | null): number {
  const days = Number(text);
  return Number.isInteger(days) && days >= 7 && days <= 180 ? days : DEFAULT_HORIZON;
}

/** Cash flow: the balance so far and its forecast, runway, a low-balance warning and the regular payments calendar. */
export function CashflowScreen() {
  const { query, setQuery } = useRouter();
  const horizon = readHorizon(query.get("horizon"));
  const thresholdText = query.get("threshold");
  const thresholdCents = thresholdText ? parseKES(thresholdText) : null;

  const doc = useAsync((signal) => api<CashflowDocument>("/bff/v1/cashflow", { query: { horizon_days: horizon }, signal }), [horizon]);
  const sections = doc.data?.sections;
  const whole = doc.data ? undefined : doc.error;
  const loading = doc.loading && !doc.data;
  const forecast = sections?.forecast.status === "ok" ? sections.forecast.data : undefined;
  const summary = sections?.summary.status === "ok" ? sections.summary.data : undefined;
  const series = sections?.timeseries.status === "ok" ? sections.timeseries.data : undefined;
  const forecastError = sectionProblem(sections?.forecast, whole);
  // Runway and the low-balance warning stand on the forecast's balance: when it failed, they say so briefly (the forecast card has the details).
  const needsForecast = forecastError ? "This needs the balance forecast, which could not be loaded." : undefined;
  const options = HORIZONS.includes(horizon) ? HORIZONS : [...HORIZONS, horizon].sort((a, b) => a - b);

  const horizonSelect = (
    <div className="cf-horizon">
      <label htmlFor="cf-horizon">Forecast</label>
      <select
        id="cf-horizon"
        data-testid="horizon-select"
        value={horizon}
        onChange={(event) => setQuery({ horizon: Number(event.target.value) === DEFAULT_HORIZON ? null : event.target.value })}
      >
        {options.map((days) => (
          <option key={days} value={days}>
            Next {days} days
          </option>
        ))}
      </select>
      {doc.loading && doc.data && (
        <span className="muted small-text" role="status">
          <span className="spinner" aria-hidden="true" /> Updating…
        </span>
      )}
    </div>
  );

  // Judged from this page's own answer (not the period's ledger span, which is also missing when analytics is down).
  const empty = summary?.transaction_count === 0 || isNoLedger(sections?.forecast);
  if (empty && !loading) {
    return (
      <div>
        <PageHeader title="Cash flow" />
        <NoDataYet testId="cashflow-empty" title="Nothing to forecast yet">
          Upload an M-PESA statement and this page shows where your balance is heading, how long it lasts and which regular payments are coming.
        </NoDataYet>
      </div>
    );
  }

  const lastDay = forecast?.history_to;
  const staleDays = lastDay ? daysBetween(lastDay, nairobiToday()) : 0;
  const projectedDays = forecast?.balance?.days ?? forecast?.forecast?.points ?? [];

  return (
    <div>
      <PageHeader
        title="Cash flow"
        subtitle={lastDay ? `Forecast from your last day of data, ${formatDay(lastDay)}` : "Where your balance is heading"}
        actions={horizonSelect}
      />
      {lastDay && staleDays > STALE_DAYS && (
        <p className="note note-warning">
          Your latest data is from {formatDay(lastDay)}, {formatCount(staleDays)} days ago, so the forecast covers the days after that.{" "}
          <Link to="/upload">Upload a newer statement</Link> to see the weeks ahead.
        </p>
      )}
      <ForecastCard
        forecast={sections?.forecast}
        timeseries={sections?.timeseries}
        whole={whole}
        loading={loading}
        horizon={horizon}
        thresholdCents={thresholdCents}
        onRetry={doc.reload}
      />
      <div className="grid two cf-pair">
        <RunwayCard
          series={series}
          answer={forecast}
          loading={loading}
          error={needsForecast ?? sectionProblem(sections?.timeseries, whole)}
          onRetry={doc.reload}
        />
        <ThresholdCard
          answer={forecast}
          horizon={horizon}
          thresholdCents={thresholdCents}
          onThreshold={(cents) => setQuery({ threshold: cents === null || cents === 0 ? null : shillingsText(cents) })}
          loading={loading}
          error={needsForecast}
          onRetry={doc.reload}
        />
      </div>
      <DataSummary
        summary={summary}
        balanceCents={forecast?.opening_balance_cents}
        balanceDay={forecast?.history_to}
        loading={loading}
        error={sectionProblem(sections?.summary, whole)}
        onRetry={doc.reload}
      />
      <RecurringCalendar
        payments={forecast?.recurring}
        insights={sections?.recurring.status === "ok" ? sections.recurring.data : undefined}
        from={lastDay ? addDays(lastDay, 1) : undefined}
        to={projectedDays[projectedDays.length - 1]?.day}
        loading={loading}
        recurringError={sectionProblem(sections?.recurring, whole)}
        forecastError={forecastError}
        onRetry={doc.reload}
      />
    </div>
  );
}
