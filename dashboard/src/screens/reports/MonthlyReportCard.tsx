import type { MonthlyReport } from "../../api/reportTypes";
import { api } from "../../api/client";
import { Section } from "../../components/Section";
import { formatCount, formatDay, formatKES, formatMonth } from "../../lib/format";
import { Link } from "../../lib/router";
import { useAsync } from "../../lib/useAsync";
import { DownloadButton } from "./DownloadButton";

const PATH = "/api/v1/analytics/reports/monthly";

function Money({ cents, sign, detail }: { cents: number; sign?: boolean; detail?: boolean }) {
  return <td className={`num${sign && cents < 0 ? " negative" : ""}${detail ? " rp-detail" : ""}`}>{cents === 0 && !sign ? "—" : formatKES(cents, { sign })}</td>;
}

function BalanceCheckNote({ report }: { report: MonthlyReport }) {
  const check = report.balance_check;
  if (check.status === "matches") {
    return (
      <p className="note note-success" data-testid="balance-check">
        <strong>Matches the statement's closing balance.</strong> M-PESA printed {formatKES(check.printed_balance_cents)} and the month's transactions add up
        to exactly that.
      </p>
    );
  }
  if (check.status === "differs") {
    return (
      <p className="note note-error" data-testid="balance-check">
        <strong>Differs from the statement's printed balance by {formatKES(check.difference_cents)}.</strong> M-PESA printed{" "}
        {formatKES(check.printed_balance_cents)}, but the transactions add up to {formatKES(check.derived_balance_cents)}. Some transactions may be missing (a gap
        between statements) or figures may have been changed.
      </p>
    );
  }
  return (
    <p className="note note-warning" data-testid="balance-check">
      <strong>The balance could not be checked:</strong> {check.summary.replace(/^unknown:\s*/i, "")}.
    </p>
  );
}

/** The month's statement of cash flows: opening balance, each section by category, closing balance and the check. */
export function MonthlyReportCard(props: { month?: string; months: string[]; onMonth: (month: string) => void }) {
  const { month, months, onMonth } = props;
  const report = useAsync((signal) => api<MonthlyReport>(PATH, { query: { month }, signal }), [month]);
  const data = report.data;
  const shown = month ?? (data ? `${data.year}-${String(data.month).padStart(2, "0")}` : undefined);
  const options = shown && !months.includes(shown) ? [...months, shown].sort() : months;

  const actions = (
    <>
      <label className="rp-inline" htmlFor="report-month">
        Month
        <select id="report-month" data-testid="report-month" value={shown ?? ""} onChange={(event) => onMonth(event.target.value)} disabled={!shown}>
          {!shown && <option value="">Loading…</option>}
          {[...options].reverse().map((value) => (
            <option key={value} value={value}>
              {formatMonth(value)}
            </option>
          ))}
        </select>
      </label>
      <DownloadButton
        label="PDF"
        description={`Download the ${shown ? formatMonth(shown) : ""} cash flow report as PDF`}
        path={PATH}
        query={{ month: shown, format: "pdf" }}
        fallbackName={`cashflow-${shown ?? "month"}.pdf`}
        testId="download-monthly-pdf"
        disabled={!shown}
      />
      <DownloadButton
        label="CSV"
        description={`Download the ${shown ? formatMonth(shown) : ""} cash flow report as CSV`}
        path={PATH}
        query={{ month: shown, format: "csv" }}
        fallbackName={`cashflow-${shown ?? "month"}.csv`}
        testId="download-monthly-csv"
        disabled={!shown}
      />
    </>
  );

  const stale = report.loading && !!data;
  return (
    <Section
      title="Monthly cash flow statement"
      actions={actions}
      loading={report.loading && !data}
      error={report.error}
      onRetry={report.reload}
      empty={!!data && data.transaction_count === 0}
      emptyText={
        <>
          No transactions in {shown ? formatMonth(shown) : "this month"}. Pick another month, or <Link to="/upload">upload a statement</Link> that covers it.
        </>
      }
      testId="monthly-report"
    >
      {data && (
        <div className={stale ? "rp-stale" : undefined} aria-busy={stale || undefined}>
          <p className="muted small-text rp-lead">
            {formatDay(data.period.first)} – {formatDay(data.period.last)} · {formatCount(data.transaction_count)} transactions on{" "}
            {formatCount(data.days_with_transactions)} days
          </p>
          <div className="table-wrap">
            <table className="rp-statement">
              <caption className="visually-hidden">Statement of cash flows for {formatMonth(shown ?? "")}</caption>
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col" className="num rp-detail">Money in</th>
                  <th scope="col" className="num rp-detail">Money out</th>
                  <th scope="col" className="num">Net</th>
                  <th scope="col" className="num rp-detail">Transactions</th>
                </tr>
              </thead>
              <tbody>
                <tr className="rp-balance">
                  <th scope="row">
                    Opening balance, {formatDay(data.period.first)}
                    <span className="hint rp-sub">
                      {data.opening_balance_source === "derived"
                        ? "Worked back from the first balance M-PESA printed this month"
                        : data.opening_balance_source === "given"
                          ? "As given"
                          : "Not known: the statement prints no balances"}
                    </span>
                  </th>
                  <td className="rp-detail" />
                  <td className="rp-detail" />
                  <td className="num">{formatKES(data.opening_balance_cents)}</td>
                  <td className="rp-detail" />
                </tr>
              </tbody>
              {data.sections.map((section) => (
                <tbody key={section.section}>
                  <tr className="rp-section">
                    <th scope="rowgroup" colSpan={5} className="rp-span">
                      {section.title}
                    </th>
                  </tr>
                  {section.lines.map((line) => (
                    <tr key={line.category}>
                      <th scope="row" className="rp-line">
                        {line.label}
                      </th>
                      <Money cents={line.inflow_cents} detail />
                      <Money cents={line.outflow_cents} detail />
                      <Money cents={line.net_cents} sign />
                      <td className="num rp-detail">{formatCount(line.count)}</td>
                    </tr>
                  ))}
                  <tr className="rp-total">
                    <th scope="row">Total {section.title.split(":")[0].toLowerCase()}</th>
                    <Money cents={section.inflow_cents} detail />
                    <Money cents={section.outflow_cents} detail />
                    <Money cents={section.net_cents} sign />
                    <td className="rp-detail" />
                  </tr>
                </tbody>
              ))}
              <tbody>
                <tr className="rp-grand">
                  <th scope="row">Net change over the month</th>
                  <Money cents={data.total_inflow_cents} detail />
                  <Money cents={data.total_outflow_cents} detail />
                  <Money cents={data.net_cents} sign />
                  <td className="num rp-detail">{formatCount(data.transaction_count)}</td>
                </tr>
                <tr className="rp-balance">
                  <th scope="row">Closing balance, {formatDay(data.period.last)}</th>
                  <td className="rp-detail" />
                  <td className="rp-detail" />
                  <td className="num">
                    <strong>{formatKES(data.closing_balance_cents)}</strong>
                  </td>
                  <td className="rp-detail" />
                </tr>
              </tbody>
            </table>
          </div>
          <p className="hint rp-narrow-note">On a small screen only the net of each line is shown; money in and out are in the PDF and CSV.</p>
          <p className="muted small-text">M-PESA charges this month: {formatKES(data.fees_cents)} (included in “Fees and charges” above).</p>
          <BalanceCheckNote report={data} />
        </div>
      )}
    </Section>
  );
}
