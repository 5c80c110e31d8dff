import type { ReactNode } from "react";
import type { Query } from "../../api/client";
import { api } from "../../api/client";
import type { LenderSummary } from "../../api/reportTypes";
import { Section } from "../../components/Section";
import { formatBasisPoints, formatCount, formatDay, formatKES, formatMonth, formatPercent } from "../../lib/format";
import { useAsync } from "../../lib/useAsync";
import { DownloadButton } from "./DownloadButton";

const PATH = "/api/v1/analytics/reports/lender";

export interface LenderWindow {
  value: string;
  label: string;
  query: Query;
}

function Figure({ label, value, note, tone }: { label: string; value: ReactNode; note?: ReactNode; tone?: "good" | "bad" | "warn" }) {
  return (
    <div className={`rp-figure${tone ? ` rp-${tone}` : ""}`}>
      <dt>{label}</dt>
      <dd>
        <span className="rp-value">{value}</span>
        {note && <span className="hint rp-sub">{note}</span>}
      </dd>
    </div>
  );
}

function stabilityWords(score: number | null | undefined): { text: string; tone: "good" | "warn" | "bad" } | null {
  if (score == null) return null;
  if (score >= 75) return { text: "steady income", tone: "good" };
  if (score >= 50) return { text: "somewhat uneven income", tone: "warn" };
  return { text: "unsteady income", tone: "bad" };
}

/** The usual competition-authority bands of the Herfindahl–Hirschman index (0–10,000). */
function concentrationWords(hhi: number | null | undefined): string {
  if (hhi == null) return "not enough payers to judge";
  if (hhi < 1500) return "income is spread over many payers";
  if (hhi <= 2500) return "income leans on a few payers";
  return "income depends heavily on a few payers";
}

function verdictView(verdict: string): { text: string; badge: string } {
  if (verdict === "verified") return { text: "Verified: the printed balances add up on every statement", badge: "good" };
  if (verdict.startsWith("inconsistent")) return { text: "Does not add up: the figures may have been altered", badge: "bad" };
  return { text: "Not verified: the statements could not be checked against their printed balances", badge: "warn" };
}

function statementWords(verdict: string): string {
  if (verdict === "verified" || verdict === "consistent") return "balances add up";
  if (verdict === "inconsistent") return "balances do not add up";
  return "could not be checked";
}

/** What a lender asks: income level and steadiness, debts, betting, charges, concentration, gaps and whether it adds up. */
export function LenderSummaryCard(props: { windows: LenderWindow[]; window: LenderWindow; onWindow: (value: string) => void }) {
  const { windows, window, onWindow } = props;
  const summary = useAsync((signal) => api<LenderSummary>(PATH, { query: window.query, signal }), [JSON.stringify(window.query)]);
  const data = summary.data;
  const stability = data ? stabilityWords(data.income_stability.score) : null;
  const verdict = data ? verdictView(data.reconciliation.verdict) : null;
  const basis = data ? (data.averaged_over_full_months ? `over ${formatCount(data.full_months)} full months` : "over the partial months available") : "";
  const loans = data?.loan_exposure;

  const actions = (
    <>
      <label className="rp-inline" htmlFor="lender-window">
        Covering
        <select id="lender-window" value={window.value} onChange={(event) => onWindow(event.target.value)}>
          {windows.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      <DownloadButton label="PDF" description="Download the lender summary as PDF" path={PATH} query={{ ...window.query, format: "pdf" }} fallbackName="lender-summary.pdf" testId="download-lender-pdf" />
      <DownloadButton label="CSV" description="Download the lender summary as CSV" path={PATH} query={{ ...window.query, format: "csv" }} fallbackName="lender-summary.csv" testId="download-lender-csv" />
    </>
  );

  return (
    <Section title="Lender summary" actions={actions} loading={summary.loading && !data} error={summary.error} onRetry={summary.reload} testId="lender-summary">
      {data && loans && verdict && (
        <div className={summary.loading ? "rp-stale" : undefined} aria-busy={summary.loading || undefined}>
          <p className="muted small-text rp-lead">
            {formatDay(data.period.first)} – {formatDay(data.period.last)} · {formatCount(data.full_months)} full month{data.full_months === 1 ? "" : "s"}
            {data.partial_months > 0 ? ` and ${formatCount(data.partial_months)} partial` : ""}. What a bank or lender looks at before lending.
          </p>

          <div className={`verdict rp-verdict ${data.reconciliation.verdict === "verified" ? "verified" : data.reconciliation.verdict.startsWith("inconsistent") ? "inconsistent" : "other"}`}>
            <span className={`badge ${verdict.badge}`}>{data.reconciliation.verdict === "verified" ? "Verified" : data.reconciliation.verdict.startsWith("inconsistent") ? "Warning" : "Unverified"}</span>
            <div>
              <strong>{verdict.text}.</strong>
              <div className="hint">
                {formatCount(data.reconciliation.statements.length)} statement{data.reconciliation.statements.length === 1 ? "" : "s"}
                {data.reconciliation.statements.length > 0 && ": "}
                {data.reconciliation.statements.map((statement) => `${formatDay(statement.period_start)} – ${formatDay(statement.period_end)} (${statementWords(statement.verdict)})`).join("; ")}
              </div>
            </div>
          </div>

          {data.flags.length > 0 ? (
            <div className="note note-warning rp-flags">
              <strong>Points a lender will ask about</strong>
              <ul>
                {data.flags.map((flag) => (
                  <li key={flag}>{flag}</li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="note note-success">No warning signs found for a lender.</p>
          )}

          <h3>Income and spending</h3>
          <dl className="rp-figures">
            <Figure label="Average monthly income" value={formatKES(data.average_monthly_inflow_cents)} note={`Business income ${basis}`} />
            <Figure label="Typical (median) monthly income" value={formatKES(data.median_monthly_inflow_cents)} note="Half the months earned more, half less" />
            <Figure label="Average monthly spending" value={formatKES(data.average_monthly_outflow_cents)} note="All money paid out, charges included" />
            <Figure
              label="Income stability"
              value={data.income_stability.score != null ? `${data.income_stability.score} / 100` : "—"}
              note={
                stability
                  ? `${stability.text}; month-to-month swing ${formatPercent(data.income_stability.coefficient_of_variation, 0)}`
                  : "Needs at least two months of income"
              }
              tone={stability?.tone}
            />
          </dl>

          <h3>Debt and risk</h3>
          <dl className="rp-figures">
            <Figure
              label="Mobile loans repaid"
              value={formatKES(loans.mobile_loan_repaid_cents)}
              note={`${formatCount(loans.mobile_loan_repayments)} repayments; ${formatCount(loans.mobile_loan_disbursements)} loans received (${formatKES(loans.mobile_loan_disbursed_cents)})${
                loans.repayment_to_inflow_ratio != null ? `; repayments take ${formatPercent(loans.repayment_to_inflow_ratio, 0)} of income` : ""
              }`}
              tone={loans.repayment_to_inflow_ratio != null && loans.repayment_to_inflow_ratio > 0.3 ? "bad" : undefined}
            />
            <Figure
              label="Fuliza overdraft borrowed"
              value={formatKES(loans.fuliza_drawn_cents)}
              note={`${formatCount(loans.fuliza_draws)} times; ${formatKES(loans.fuliza_repaid_cents)} repaid; in overdraft on ${formatCount(loans.days_in_overdraft)} days`}
            />
            <Figure
              label="Betting"
              value={formatKES(data.betting.outflow_cents)}
              note={`${formatCount(data.betting.count)} bets; ${formatPercent(data.betting.share_of_inflow)} of income, ${formatPercent(data.betting.share_of_outflow)} of spending`}
              tone={data.betting.share_of_inflow != null && data.betting.share_of_inflow > 0.05 ? "bad" : undefined}
            />
            <Figure label="M-PESA charges" value={formatKES(data.fees_cents)} note={`${formatBasisPoints(data.fee_rate_bp)} of money paid out`} />
            <Figure
              label="Top 5 payers' share of income"
              value={formatPercent(data.concentration.top5_share_of_inflow, 0)}
              note={`${formatCount(data.concentration.payers)} payers; concentration index ${data.concentration.hhi == null ? "—" : formatCount(Math.round(data.concentration.hhi))} of 10,000: ${concentrationWords(data.concentration.hhi)}`}
            />
            <Figure
              label="Lowest end-of-day balance"
              value={formatKES(data.balances.lowest_end_of_day_balance_cents)}
              note={`${data.balances.lowest_day ? `on ${formatDay(data.balances.lowest_day)}; ` : ""}at or below zero at the end of ${formatCount(data.balances.days_at_or_below_zero)} of ${formatCount(data.balances.days_with_known_balance)} days`}
              tone={data.balances.days_at_or_below_zero >= 5 ? "warn" : undefined}
            />
          </dl>

          <h3>Coverage</h3>
          {data.coverage_gaps.length === 0 ? (
            <p>No gaps: every day of the period is covered by a statement or has transactions.</p>
          ) : (
            <ul>
              {data.coverage_gaps.map((gap) => (
                <li key={gap.first}>
                  No statement data for {formatCount(gap.days)} days, {formatDay(gap.first)} – {formatDay(gap.last)}
                </li>
              ))}
            </ul>
          )}

          <h3>Month by month</h3>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col" className="num">Income</th>
                  <th scope="col" className="num">Spending</th>
                  <th scope="col" className="num">Loans repaid</th>
                  <th scope="col" className="num">Fuliza borrowed</th>
                  <th scope="col" className="num">Days in overdraft</th>
                </tr>
              </thead>
              <tbody>
                {data.months.map((month) => (
                  <tr key={month.month}>
                    <th scope="row">
                      {formatMonth(month.month)}
                      {!month.is_full && <span className="hint rp-sub">{formatCount(month.days_in_period)} days only</span>}
                    </th>
                    <td className="num">{formatKES(month.inflow_cents)}</td>
                    <td className="num">{formatKES(month.outflow_cents)}</td>
                    <td className="num">{formatKES(month.mobile_loan_repaid_cents)}</td>
                    <td className="num">{formatKES(month.fuliza_drawn_cents)}</td>
                    <td className="num">{formatCount(month.overdraft_days)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          <details className="rp-definitions">
            <summary>How these figures are defined</summary>
            <p>{data.inflow_definition}</p>
            <p>{data.outflow_definition}</p>
            <p>Income stability: {data.income_stability.formula}</p>
          </details>
        </div>
      )}
    </Section>
  );
}
