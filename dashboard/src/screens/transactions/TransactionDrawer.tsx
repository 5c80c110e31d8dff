import { useEffect, useState } from "react";
import { api } from "../../api/client";
import { CATEGORY_SOURCES, kindLabel, type LedgerTransaction, type StatementSummary } from "../../api/ledgerTypes";
import { ApiError } from "../../api/problem";
import { categoryName, type Category } from "../../api/ruleTypes";
import { ErrorNote } from "../../components/Section";
import { useToast } from "../../components/Toasts";
import { formatDateTime, formatKES } from "../../lib/format";
import { useAsync } from "../../lib/useAsync";
import { Dialog } from "../../components/Dialog";
import { CategoryOptions } from "../../components/CategoryOptions";
import { rowTitle } from "./LedgerTable";
import type { FilterChanges } from "./TransactionFilters";
import { statementLabel } from "./TransactionFilters";

interface Props {
  row: LedgerTransaction;
  categories: Category[] | undefined;
  statements: StatementSummary[] | undefined;
  /** May set notes and tags. */
  canWrite: boolean;
  /** May change the category (and the category list is there). */
  canCategorize: boolean;
  onClose: () => void;
  onCategory: (row: LedgerTransaction, slug: string) => void;
  onSaved: (row: LedgerTransaction) => void;
  onFilter: (changes: FilterChanges) => void;
}

function parseTags(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.split(",")) {
    const tag = part.trim();
    if (tag) seen.add(tag);
  }
  return [...seen];
}

/** One transaction in full: who, what, why this category, the statements that carried it, its note and tags. */
export function TransactionDrawer({ row, categories, statements, canWrite, canCategorize, onClose, onCategory, onSaved, onFilter }: Props) {
  const toast = useToast();
  const detail = useAsync((signal) => api<LedgerTransaction>(`/api/v1/analytics/transactions/${encodeURIComponent(row.id)}`, { signal }), [row.id]);
  // The list's row carries edits made meanwhile (category); the detail adds the statements.
  const shown: LedgerTransaction = { ...(detail.data ?? row), category: row.category, category_source: row.category_source, note: row.note, tags: row.tags };
  const [note, setNote] = useState(row.note ?? "");
  const [tags, setTags] = useState(row.tags.join(", "));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    setNote(row.note ?? "");
    setTags(row.tags.join(", "));
  }, [row.id, row.note, row.tags]);

  const amount = formatKES(shown.direction === "in" ? shown.amount_cents : -shown.amount_cents, { sign: true });
  const counterparty = shown.counterparty;
  const dirty = note !== (row.note ?? "") || parseTags(tags).join(",") !== row.tags.join(",");

  async function save() {
    const list = parseTags(tags);
    const local: Record<string, string> = {};
    if (note.length > 2000) local.note = "A note is at most 2,000 characters.";
    if (list.length > 20) local.tags = "At most 20 tags.";
    const long = list.find((tag) => tag.length > 40);
    if (long) local.tags = `“${long.slice(0, 20)}…” is too long: a tag is at most 40 characters.`;
    setFieldErrors(local);
    if (Object.keys(local).length) return;
    setSaving(true);
    setError(null);
    try {
      const updated = await api<LedgerTransaction>(`/api/v1/analytics/transactions/${encodeURIComponent(row.id)}`, {
        method: "PATCH",
        body: { note, tags: list },
      });
      onSaved(updated);
      toast("Note and tags saved", "success");
    } catch (reason) {
      const problem = reason instanceof ApiError ? reason : String(reason);
      setError(problem);
      if (problem instanceof ApiError) {
        const fields = problem.fieldErrors();
        const mapped: Record<string, string> = {};
        for (const [key, value] of Object.entries(fields)) mapped[key.startsWith("tags") ? "tags" : key] = value;
        setFieldErrors(mapped);
      }
    } finally {
      setSaving(false);
    }
  }

  return (
    <Dialog title={rowTitle(shown)} onClose={onClose} variant="drawer" testId="transaction-drawer">
      <p className={`drawer-amount ${shown.direction === "in" ? "positive" : "negative"}`}>{amount}</p>
      <p className="muted drawer-when">
        {shown.direction === "in" ? "Money in" : "Money out"} · {formatDateTime(shown.completed_at)}
      </p>
      <dl className="drawer-facts">
        <dt>Details</dt>
        <dd>{shown.details}</dd>
        <dt>M-PESA receipt</dt>
        <dd>{shown.receipt}</dd>
        <dt>Type</dt>
        <dd>{kindLabel(shown.kind)}</dd>
        {shown.fee_cents > 0 && (
          <>
            <dt>Fee</dt>
            <dd>{formatKES(shown.fee_cents)}</dd>
          </>
        )}
        <dt>Balance after</dt>
        <dd>{formatKES(shown.balance_cents)}</dd>
        {counterparty?.phone && (
          <>
            <dt>Phone</dt>
            <dd>{counterparty.phone}</dd>
          </>
        )}
        {counterparty?.shortcode && (
          <>
            <dt>Paybill or till</dt>
            <dd>{counterparty.shortcode}</dd>
          </>
        )}
        {counterparty?.account_reference && (
          <>
            <dt>Account number</dt>
            <dd>{counterparty.account_reference}</dd>
          </>
        )}
        {shown.status !== "completed" && (
          <>
            <dt>Status</dt>
            <dd>{shown.status}</dd>
          </>
        )}
      </dl>
      {shown.counterparty_key && (
        <button type="button" className="button secondary small" onClick={() => onFilter({ counterparty: shown.counterparty_key ?? null })}>
          All transactions with {shown.counterparty_name || "this party"}
        </button>
      )}

      <h3>Category</h3>
      {canCategorize ? (
        <label className="field" htmlFor="drawer-category">
          <span className="visually-hidden">Category</span>
          <select id="drawer-category" value={shown.category} onChange={(event) => onCategory(row, event.target.value)}>
            <CategoryOptions categories={categories} current={shown.category} forAssignment />
          </select>
        </label>
      ) : (
        <p>{categoryName(categories, shown.category)}</p>
      )}
      <p className="hint">
        {CATEGORY_SOURCES[shown.category_source] ? `${CATEGORY_SOURCES[shown.category_source].replace(/^./, (c) => c.toUpperCase())}` : shown.category_source}
        {shown.category_source !== "manual" && shown.category_reason ? `: ${shown.category_reason}` : ""}
        {shown.category_source !== "manual" && shown.confidence > 0 && shown.confidence < 1 ? ` (${Math.round(shown.confidence * 100)}% sure)` : ""}
      </p>

      <h3>Statements that carried it</h3>
      {detail.loading && !detail.data ? (
        <p className="muted">
          <span className="spinner" aria-hidden="true" /> Loading…
        </p>
      ) : detail.error ? (
        <ErrorNote error={detail.error} />
      ) : (shown.statement_ids ?? []).length === 0 ? (
        <p className="muted">None recorded.</p>
      ) : (
        <ul className="list">
          {(shown.statement_ids ?? []).map((id) => {
            const statement = statements?.find((item) => item.id === id);
            return (
              <li key={id}>
                <span>{statement ? statementLabel(statement) : id}</span>
                <button type="button" className="button link" onClick={() => onFilter({ statement_id: id })}>
                  Show its transactions
                </button>
              </li>
            );
          })}
        </ul>
      )}

      <h3>Note and tags</h3>
      {canWrite ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <label className="field" htmlFor="drawer-note">
            Note
            <textarea
              id="drawer-note"
              value={note}
              maxLength={2000}
              onChange={(event) => setNote(event.target.value)}
              aria-invalid={fieldErrors.note ? true : undefined}
            />
            {fieldErrors.note && <span className="field-error">{fieldErrors.note}</span>}
          </label>
          <label className="field" htmlFor="drawer-tags">
            Tags
            <input id="drawer-tags" value={tags} onChange={(event) => setTags(event.target.value)} aria-invalid={fieldErrors.tags ? true : undefined} />
            <span className="hint">Separate tags with commas, e.g. supplier, March stock</span>
            {fieldErrors.tags && <span className="field-error">{fieldErrors.tags}</span>}
          </label>
          <ErrorNote error={error} />
          <button type="submit" className="button" disabled={saving || !dirty}>
            {saving ? "Saving…" : "Save note and tags"}
          </button>
        </form>
      ) : (
        <>
          <p>{shown.note || <span className="muted">No note.</span>}</p>
        </>
      )}
      {shown.tags.length > 0 && (
        <div className="row drawer-tags" aria-label="Tags">
          {shown.tags.map((tag) => (
            <button key={tag} type="button" className="filter-chip chip-button" onClick={() => onFilter({ tag })} title={`Show transactions tagged ${tag}`}>
              #{tag}
            </button>
          ))}
        </div>
      )}
    </Dialog>
  );
}
