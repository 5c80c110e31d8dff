import type { Statement } from "../../api/statementTypes";
import { formatDay, formatKES, humanize } from "../../lib/format";

const CHECK_NAMES: Record<string, string> = {
  balance_chain: "Every balance follows from the one before",
  document_metadata: "The document's details are consistent",
  duplicate_rows: "No row appears twice",
  page_numbering: "No page is missing",
  receipt_dates: "Receipt numbers match their dates",
  statement_period: "Every row is inside the statement's period",
  summary_totals: "The totals match the statement's summary",
  verification_code: "The verification code is on every page",
};

/** The reconciliation verdict in plain words, with the findings when the statement does not add up. */
export function Verdict({ statement }: { statement: Statement }) {
  const verdict = statement.reconciliation?.verdict ?? statement.verdict;
  const tone = verdict === "verified" ? "verified" : verdict === "inconsistent" ? "inconsistent" : "other";
  const headline =
    verdict === "verified"
      ? "Verified: every balance adds up"
      : verdict === "inconsistent"
        ? "Inconsistent: this statement does not add up"
        : `Not fully checked (${humanize(verdict)})`;
  const explanation =
    verdict === "verified"
      ? "We checked the statement line by line against its own balances and summary; nothing is missing or altered."
      : verdict === "inconsistent"
        ? "Some balances or totals do not follow from the transactions. The file may have been edited, or pages are missing. The findings below say where."
        : "This kind of file carries fewer checks (for example no running balance), so we could not prove it complete.";
  const checks = Object.entries(statement.reconciliation?.checks ?? {});
  const findings = statement.reconciliation?.findings ?? [];
  return (
    <div className={`verdict ${tone}`} data-testid="verdict" data-verdict={verdict}>
      <span className="verdict-icon" aria-hidden="true">
        {tone === "verified" ? "✔" : tone === "inconsistent" ? "✖" : "!"}
      </span>
      <div className="grow">
        <strong>{headline}</strong>
        <p>{explanation}</p>
        <p className="small-text">
          {statement.transaction_count.toLocaleString("en-KE")} transactions from {formatDay(statement.first_day ?? statement.period_start)} to{" "}
          {formatDay(statement.last_day ?? statement.period_end)}
          {statement.new_transaction_count !== statement.transaction_count &&
            ` · ${statement.new_transaction_count.toLocaleString("en-KE")} new, ${statement.duplicate_count.toLocaleString("en-KE")} already in your ledger`}
          {statement.opening_balance_cents !== null && statement.opening_balance_cents !== undefined &&
            ` · opening ${formatKES(statement.opening_balance_cents)}, closing ${formatKES(statement.closing_balance_cents)}`}
        </p>
        {findings.length > 0 && (
          <>
            <h3>Findings</h3>
            <ul data-testid="findings">
              {findings.slice(0, 20).map((finding, index) => (
                <li key={index}>
                  {String(finding.message ?? finding.detail ?? humanize(String(finding.check ?? "finding")))}
                  {finding.page !== undefined && ` (page ${String(finding.page)})`}
                </li>
              ))}
              {findings.length > 20 && <li>…and {findings.length - 20} more</li>}
            </ul>
          </>
        )}
        {checks.length > 0 && (
          <details>
            <summary>What we checked</summary>
            <ul className="checks">
              {checks.map(([name, outcome]) => (
                <li key={name}>
                  <span className={`badge ${outcome === "passed" ? "good" : outcome === "failed" ? "bad" : ""}`}>{humanize(outcome)}</span>{" "}
                  {CHECK_NAMES[name] ?? humanize(name)}
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
    </div>
  );
}
