import { useEffect, useState } from "react";
import type { ForecastAnswer } from "../../api/cashflowTypes";
import { api } from "../../api/client";
import { Section } from "../../components/Section";
import { daysBetween, formatCount, formatDay, formatKES, formatPercent, parseKES } from "../../lib/format";
import { useAsync } from "../../lib/useAsync";

/** Cents as the plain shillings text kept in the URL ("5000", "5000.50"), by integer arithmetic. */
export function shillingsText(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const absolute = Math.abs(cents);
  const rest = absolute % 100;
  return `${sign}${Math.floor(absolute / 100)}${rest ? `.${String(rest).padStart(2, "0")}` : ""}`;
}

const MIN_CENTS = -1_000_000_000;
const MAX_CENTS = 1_000_000_000_000;

/**
 * When the balance is projected to fall below a level the owner chooses. The default (zero) comes with the screen's
 * forecast; another level asks the analytics forecast again with `threshold_cents`.
 */
export function ThresholdCard(props: {
  answer?: ForecastAnswer;
  horizon: number;
  thresholdCents: number | null;
  onThreshold: (cents: number | null) => void;
  loading: boolean;
  error?: string;
  onRetry: () => void;
}) {
  const { answer, horizon, thresholdCents, onThreshold, loading, error, onRetry } = props;
  const [draft, setDraft] = useState(thresholdCents !== null ? shillingsText(thresholdCents) : "");
  const [fieldError, setFieldError] = useState<string | null>(null);
  useEffect(() => setDraft(thresholdCents !== null ? shillingsText(thresholdCents) : ""), [thresholdCents]);

  const custom = answer && thresholdCents !== null && thresholdCents !== answer.threshold_cents && answer.balance !== null;
  const checked = useAsync(
    (signal) =>
      custom
        ? api<ForecastAnswer>("/api/v1/analytics/forecast", { query: { horizon_days: horizon, threshold_cents: thresholdCents, alert: false }, signal })
        : Promise.resolve(null),
    [custom, horizon, thresholdCents],
  );
  const result = custom ? checked.data : answer;
  const level = thresholdCents ?? answer?.threshold_cents ?? 0;
  const days = result?.balance?.days ?? [];
  const lowest = days.reduce<(typeof days)[number] | null>((low, day) => (low === null || day.balance < low.balance ? day : low), null);
  const below = result?.first_day_below ?? null;
  const lastDay = days[days.length - 1]?.day;

  return (
    <Section
      title="Low balance warning"
      loading={loading}
      error={error}
      onRetry={onRetry}
      empty={!!answer && answer.balance == null}
      emptyText="This needs your balance, and your statement does not print one."
      testId="threshold-section"
    >
      <form
        className="cf-threshold-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const text = draft.trim();
          if (!text) {
            setFieldError(null);
            onThreshold(null);
            return;
          }
          const cents = parseKES(text);
          if (cents === null || cents < MIN_CENTS || cents > MAX_CENTS) {
            setFieldError("Enter an amount in shillings, for example 5,000");
            return;
          }
          setFieldError(null);
          onThreshold(cents);
        }}
      >
        <label className="field" htmlFor="cf-threshold">
          Warn me when the balance falls below (KES)
          <input
            id="cf-threshold"
            inputMode="decimal"
            autoComplete="off"
            placeholder="0"
            value={draft}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? "cf-threshold-error" : "cf-threshold-hint"}
            onChange={(event) => setDraft(event.target.value)}
          />
          {fieldError ? (
            <span className="field-error" id="cf-threshold-error">
              {fieldError}
            </span>
          ) : (
            <span className="hint" id="cf-threshold-hint">
              Leave empty for zero. Trying a level here is only a what-if: it sends no alert.
            </span>
          )}
        </label>
        <div className="row">
          <button type="submit" className="button secondary">
            Check
          </button>
          {thresholdCents !== null && (
            <button type="button" className="button link" onClick={() => onThreshold(null)}>
              Back to zero
            </button>
          )}
        </div>
      </form>
      {custom && checked.loading && (
        <p className="muted" role="status">
          <span className="spinner" aria-hidden="true" /> Checking {formatKES(level)}…
        </p>
      )}
      {custom && checked.error && !checked.loading && (
        <div className="note note-error row" role="alert">
          <span>Could not check {formatKES(level)}: {checked.error.friendly}</span>
          <button type="button" className="button secondary small" onClick={checked.reload}>
            Try again
          </button>
        </div>
      )}
      {result && lastDay && !(custom && (checked.loading || checked.error)) && (
        <div className="cf-threshold-result" aria-live="polite">
          {below ? (
            <p className="note note-warning">
              The balance is projected to fall below <strong>{formatKES(level)}</strong> around <strong>{formatDay(below.day)}</strong>,{" "}
              {formatCount(daysBetween(result.history_to, below.day))} day{daysBetween(result.history_to, below.day) === 1 ? "" : "s"} after your last data (a{" "}
              {formatPercent(below.probability, 0)} chance on that day).
            </p>
          ) : (
            <p className="note note-success">
              Balance stays above <strong>{formatKES(level)}</strong> for the whole horizon, up to {formatDay(lastDay)}.
            </p>
          )}
          {lowest && (
            <p className="muted small-text">
              Lowest projected balance: {formatKES(lowest.balance)} on {formatDay(lowest.day)}, with 1 chance in 10 of being {formatKES(lowest.lower_80)} or less that day.
            </p>
          )}
        </div>
      )}
    </Section>
  );
}
