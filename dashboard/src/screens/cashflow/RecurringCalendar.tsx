import { useEffect, useMemo, useState } from "react";
import type { RecurringPayment } from "../../api/cashflowTypes";
import type { Insights } from "../../api/types";
import { Section } from "../../components/Section";
import { formatCount, formatDay, formatKES, formatMonth, formatShortDay, humanize } from "../../lib/format";
import { cadenceWords, expectedDays, monthWeeks, monthsBetween, type Occurrence } from "./recurring";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** A short amount for a calendar chip: whole shillings, or thousands from KES 100,000 up. */
function chipAmount(cents: number): string {
  const whole = cents - (cents % 100);
  return formatKES(whole, { compact: whole >= 10_000_000 }).replace("KES ", "").replace(/\.00$/, "");
}

/** An even shorter amount for a phone-sized cell: "25K", "999". */
function tinyAmount(cents: number): string {
  const shillings = Math.floor(cents / 100);
  return shillings >= 1000 ? `${formatCount(Math.floor((shillings + 500) / 1000))}K` : formatCount(shillings);
}

function payee(payment: RecurringPayment): string {
  return payment.counterparty_name?.trim() || "Unnamed payee";
}

/**
 * Regular payments (rent, salaries, subscriptions) found in the ledger, as a month calendar of the days they are
 * expected within the forecast, and as a list (the accessible version with every detail).
 */
export function RecurringCalendar(props: {
  payments?: RecurringPayment[];
  insights?: Insights;
  from?: string;
  to?: string;
  loading: boolean;
  /** The recurring section's own problem (shown inline when the calendar can still be drawn). */
  recurringError?: string;
  /** Why the forecast's structured list is missing, if it is. */
  forecastError?: string;
  onRetry: () => void;
}) {
  const { payments, insights, from, to, loading, recurringError, forecastError, onRetry } = props;

  const occurrences = useMemo<Occurrence[]>(() => {
    if (!payments || !to) return [];
    return payments
      .flatMap((payment) => expectedDays(payment, to).map((day) => ({ day, payment })))
      .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : b.payment.typical_amount_cents - a.payment.typical_amount_cents));
  }, [payments, to]);

  const months = useMemo(() => {
    if (!from || !to) return [];
    const first = occurrences[0]?.day && occurrences[0].day < from ? occurrences[0].day : from;
    return monthsBetween(first, to);
  }, [occurrences, from, to]);
  const [monthIndex, setMonthIndex] = useState(0);
  useEffect(() => {
    const firstWithPayment = occurrences[0] ? months.indexOf(occurrences[0].day.slice(0, 7)) : -1;
    setMonthIndex(Math.max(0, firstWithPayment));
  }, [months, occurrences]);
  const month = months[Math.min(monthIndex, months.length - 1)];
  const byDay = useMemo(() => {
    const map = new Map<string, Occurrence[]>();
    for (const occurrence of occurrences) map.set(occurrence.day, [...(map.get(occurrence.day) ?? []), occurrence]);
    return map;
  }, [occurrences]);

  const bothFailed = !payments && !insights;
  const error = bothFailed ? recurringError ?? forecastError : undefined;

  return (
    <Section
      title="Regular payments calendar"
      loading={loading}
      error={error}
      onRetry={onRetry}
      testId="recurring-calendar"
      empty={payments ? payments.length === 0 : insights ? insights.insights.length === 0 : false}
      emptyText="No regular payments (rent, salaries, subscriptions) found yet. They appear here once the same payee shows up on a steady schedule at least three times."
    >
      {recurringError && !bothFailed && (
        <div className="note note-error row" role="alert">
          <span>{recurringError}</span>
          <button type="button" className="button secondary small" onClick={onRetry}>
            Try again
          </button>
        </div>
      )}
      {payments && month && (
        <div className="cf-calendar">
          <div className="cf-calendar-nav">
            <button type="button" className="button secondary small" aria-label="Previous month" onClick={() => setMonthIndex((index) => index - 1)} disabled={monthIndex <= 0}>
              <span aria-hidden="true">‹</span> Previous<span className="cf-wide"> month</span>
            </button>
            <h3 aria-live="polite">{formatMonth(month)}</h3>
            <button
              type="button"
              className="button secondary small"
              aria-label="Next month"
              onClick={() => setMonthIndex((index) => index + 1)}
              disabled={monthIndex >= months.length - 1}
            >
              Next<span className="cf-wide"> month</span> <span aria-hidden="true">›</span>
            </button>
          </div>
          <div className="cf-grid" aria-hidden="true">
            {WEEKDAYS.map((name) => (
              <div key={name} className="cf-weekday">
                {name}
              </div>
            ))}
            {monthWeeks(month).flat().map((day, index) => {
              const inForecast = !!day && !!from && !!to && day >= from && day <= to;
              const due = day ? byDay.get(day) ?? [] : [];
              return (
                <div key={day ?? `pad-${index}`} className={`cf-day${day ? "" : " cf-pad"}${inForecast ? " cf-forecast" : ""}${due.length ? " cf-due" : ""}`}>
                  {day && <span className="cf-day-number">{Number(day.slice(8))}</span>}
                  {due.map((occurrence) => (
                    <span
                      key={occurrence.payment.counterparty_key + occurrence.payment.direction}
                      className={`cf-chip ${occurrence.payment.direction === "in" ? "cf-chip-in" : "cf-chip-out"}`}
                      title={`${payee(occurrence.payment)}: ${formatKES(occurrence.payment.typical_amount_cents)}`}
                    >
                      <span className="cf-chip-name">{payee(occurrence.payment)}</span>
                      <span className="cf-chip-amount">
                        {occurrence.payment.direction === "in" ? "+" : "−"}
                        <span className="cf-wide">{chipAmount(occurrence.payment.typical_amount_cents)}</span>
                        <span className="cf-narrow">{tinyAmount(occurrence.payment.typical_amount_cents)}</span>
                      </span>
                    </span>
                  ))}
                </div>
              );
            })}
          </div>
          <p className="hint">
            Shaded days are inside the forecast. <span className="cf-key cf-chip-in">+ money in</span> <span className="cf-key cf-chip-out">− money out</span>. The list
            below has every payment with its details.
          </p>
        </div>
      )}
      {!payments && forecastError && insights && (
        <p className="note note-warning">The calendar needs the forecast, which could not be loaded ({forecastError}). The payments found are listed below.</p>
      )}
      {payments && payments.length > 0 && (
        <>
          <h3 id="cf-recurring-list">Regular payments and their next dates</h3>
          <ul className="cf-recurring-list" aria-labelledby="cf-recurring-list">
            {payments.map((payment) => {
              const upcoming = occurrences.filter((occurrence) => occurrence.payment === payment).map((occurrence) => occurrence.day);
              return (
                <li key={payment.counterparty_key + payment.direction}>
                  <div className="cf-recurring-head">
                    <strong>{payee(payment)}</strong>
                    {payment.category && <span className="badge">{humanize(payment.category)}</span>}
                    <span className={`num ${payment.direction === "in" ? "positive" : "negative"}`}>
                      {payment.direction === "in" ? "+" : "−"}
                      {formatKES(payment.typical_amount_cents)}
                    </span>
                  </div>
                  <p className="small-text">
                    {payment.direction === "in" ? "Pays you" : "You pay"} about {formatKES(payment.typical_amount_cents)} {cadenceWords(payment.cadence)}. Next expected
                    around <strong>{formatDay(payment.next_expected_day)}</strong>. Seen {formatCount(payment.occurrences)} times, most recently on{" "}
                    {formatDay(payment.last_day)}.
                    {upcoming.length > 1 && <> Also expected in the forecast: {upcoming.slice(1, 7).map(formatShortDay).join(", ")}{upcoming.length > 7 ? "…" : ""}.</>}
                  </p>
                </li>
              );
            })}
          </ul>
        </>
      )}
      {!payments && insights && insights.insights.length > 0 && (
        <ul className="cf-recurring-list">
          {insights.insights.map((insight) => (
            <li key={insight.title}>
              <strong>{insight.title}</strong>
              <p className="small-text muted">{insight.detail}</p>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
