import { useState } from "react";
import { api } from "../../api/client";
import { ApiError } from "../../api/problem";
import type { Statement } from "../../api/statementTypes";
import { useSession } from "../../auth/session";
import { Section } from "../../components/Section";
import { useToast } from "../../components/Toasts";
import { formatDateTime, formatDay, humanize } from "../../lib/format";
import { Link } from "../../lib/router";
import type { AsyncState } from "../../lib/useAsync";
import { Verdict } from "./Verdict";

const VERDICT_BADGE: Record<string, string> = { verified: "good", inconsistent: "bad" };

/** The organisation's statements with their verdicts; details on demand; delete (its rows go, shared rows stay). */
export function StatementList({ statements, onChanged }: { statements: AsyncState<{ statements: Statement[] }>; onChanged: () => void }) {
  const { can } = useSession();
  const toast = useToast();
  const [open, setOpen] = useState<Statement | null>(null);
  const list = statements.data?.statements ?? [];

  async function show(statement: Statement) {
    if (open?.id === statement.id) {
      setOpen(null);
      return;
    }
    try {
      setOpen(await api<Statement>(`/api/v1/analytics/statements/${statement.id}`));
    } catch (error) {
      toast(error instanceof ApiError ? error.friendly : "Could not load the statement", "error");
    }
  }

  async function remove(statement: Statement) {
    const name = statement.filename ?? statement.id;
    if (!window.confirm(`Delete ${name}? Its ${statement.transaction_count} transactions leave your ledger, except those another statement also holds.`)) return;
    try {
      await api(`/api/v1/analytics/statements/${statement.id}`, { method: "DELETE" });
      toast(`${name} deleted`, "success");
      if (open?.id === statement.id) setOpen(null);
      onChanged();
    } catch (error) {
      toast(error instanceof ApiError ? error.friendly : "Could not delete the statement", "error");
    }
  }

  return (
    <Section
      title="Your statements"
      loading={statements.loading && !statements.data}
      error={statements.error}
      onRetry={statements.reload}
      empty={list.length === 0}
      emptyText="No statements yet. Upload one above."
      testId="statements"
    >
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>File</th>
              <th>Period</th>
              <th className="num">Transactions</th>
              <th>Check</th>
              <th>Uploaded</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((statement) => (
              <tr key={statement.id} data-testid="statement-row">
                <td>
                  <button type="button" className="button link" onClick={() => void show(statement)} aria-expanded={open?.id === statement.id}>
                    {statement.filename ?? statement.id}
                  </button>
                  <div className="muted small-text">{humanize(statement.format)}</div>
                </td>
                <td>
                  {formatDay(statement.first_day ?? statement.period_start)} – {formatDay(statement.last_day ?? statement.period_end)}
                </td>
                <td className="num">
                  <Link to={`/transactions?statement_id=${statement.id}`}>{statement.transaction_count.toLocaleString("en-KE")}</Link>
                  {statement.duplicate_count > 0 && <div className="muted small-text">{statement.duplicate_count} already known</div>}
                </td>
                <td>
                  <span className={`badge ${VERDICT_BADGE[statement.verdict] ?? "warn"}`}>{humanize(statement.verdict)}</span>
                </td>
                <td>{formatDateTime(statement.created_at)}</td>
                <td>
                  {can("statements:write") && (
                    <button type="button" className="button secondary small" onClick={() => void remove(statement)} aria-label={`Delete ${statement.filename ?? statement.id}`}>
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {open && (
        <div className="statement-detail">
          <Verdict statement={open} />
        </div>
      )}
    </Section>
  );
}
