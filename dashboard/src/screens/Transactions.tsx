import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { api, download } from "../api/client";
import type { BulkRecategorized, LedgerSort, LedgerTransaction, StatementList } from "../api/ledgerTypes";
import { ApiError } from "../api/problem";
import { categoryName } from "../api/ruleTypes";
import { useSession } from "../auth/session";
import { PageHeader } from "../components/Section";
import { useToast } from "../components/Toasts";
import { formatCount, formatKES } from "../lib/format";
import { Link, useRouter } from "../lib/router";
import { useAsync } from "../lib/useAsync";
import { useCategoryList } from "../components/CategoryOptions";
import { BulkBar } from "./transactions/BulkBar";
import { activeFilters, ledgerKey, readLedgerQuery } from "./transactions/filters";
import { LedgerTable } from "./transactions/LedgerTable";
import { TransactionDrawer } from "./transactions/TransactionDrawer";
import { TransactionFilters, type FilterChanges } from "./transactions/TransactionFilters";
import { useLedger } from "./transactions/useLedger";
import "./Transactions.css";

function friendly(reason: unknown): string {
  return reason instanceof ApiError ? reason.friendly : String(reason);
}

/** The ledger: search, filter, sort, recategorise (one or many), notes and tags, export. */
export function TransactionsScreen() {
  const { query: urlQuery, setQuery } = useRouter();
  const { can, organizationId } = useSession();
  const canWrite = can("transactions:write");
  const toast = useToast();
  const search = urlQuery.toString();
  const query = useMemo(() => readLedgerQuery(new URLSearchParams(search)), [search]);
  const key = ledgerKey(query);
  const ledger = useLedger(query, organizationId);
  const { rows, patchRows } = ledger;
  const categories = useCategoryList();
  const statements = useAsync(
    (signal) => api<StatementList>("/api/v1/analytics/statements", { signal }).then((answer) => answer.statements),
    [organizationId],
  );

  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const anchor = useRef<number | null>(null);
  const [saving, setSaving] = useState<Set<string>>(() => new Set());
  const [bulkBusy, setBulkBusy] = useState(false);
  const [open, setOpen] = useState<LedgerTransaction | null>(null);
  const [exporting, setExporting] = useState<"csv" | "json" | null>(null);

  useEffect(() => {
    setSelected(new Set());
    anchor.current = null;
  }, [key]);

  const onFilters = useCallback((changes: FilterChanges, push: boolean) => setQuery(changes, { replace: !push }), [setQuery]);

  const onSelect = useCallback(
    (index: number, shift: boolean) => {
      const row = rows[index];
      if (!row) return;
      // Read the anchor now: the updater below runs later, after it has moved.
      const from = anchor.current;
      setSelected((previous) => {
        const next = new Set(previous);
        const select = !previous.has(row.id);
        if (shift && from !== null && from !== index) {
          const [low, high] = from < index ? [from, index] : [index, from];
          for (let position = low; position <= high && position < rows.length; position += 1) {
            if (select) next.add(rows[position].id);
            else next.delete(rows[position].id);
          }
        } else if (select) next.add(row.id);
        else next.delete(row.id);
        return next;
      });
      anchor.current = index;
    },
    [rows],
  );

  const onSelectAll = useCallback((checked: boolean) => setSelected(checked ? new Set(rows.map((row) => row.id)) : new Set()), [rows]);

  const markSaving = (id: string, on: boolean) =>
    setSaving((previous) => {
      const next = new Set(previous);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  // Optimistic: the row shows the new category at once and goes back (with a message) if the platform refuses.
  const recategorize = useCallback(
    async (row: LedgerTransaction, slug: string) => {
      if (slug === row.category) return;
      const before = { category: row.category, category_source: row.category_source, category_reason: row.category_reason };
      patchRows([row.id], (current) => ({ ...current, category: slug, category_source: "manual" }));
      markSaving(row.id, true);
      try {
        const updated = await api<LedgerTransaction>(`/api/v1/analytics/transactions/${encodeURIComponent(row.id)}`, {
          method: "PATCH",
          body: { category: slug },
        });
        patchRows([row.id], (current) => (current.category === slug ? { ...current, ...updated, statement_ids: current.statement_ids } : current));
        toast(`Filed under ${categoryName(categories.data, slug)}. Similar transactions will follow.`, "success");
      } catch (reason) {
        patchRows([row.id], (current) => (current.category === slug ? { ...current, ...before } : current));
        toast(`The category was not changed: ${friendly(reason)}`, "error");
      } finally {
        markSaving(row.id, false);
      }
    },
    [patchRows, toast, categories.data],
  );

  const onCategory = useCallback((row: LedgerTransaction, slug: string) => void recategorize(row, slug), [recategorize]);

  async function applyBulk(slug: string) {
    const ids = [...selected];
    setBulkBusy(true);
    try {
      const answer = await api<BulkRecategorized>("/api/v1/analytics/transactions", { method: "PATCH", body: { ids, category: slug } });
      patchRows(ids, (row) => ({ ...row, category: slug, category_source: "manual" }));
      toast(`${formatCount(answer.changed)} transactions moved to ${categoryName(categories.data, slug)}`, "success");
      setSelected(new Set());
    } catch (reason) {
      toast(`Nothing was changed: ${friendly(reason)}`, "error");
    } finally {
      setBulkBusy(false);
    }
  }

  async function exportAs(format: "csv" | "json") {
    setExporting(format);
    try {
      const name = await download("/api/v1/analytics/transactions/export", { ...query, format }, `transactions.${format}`);
      toast(`Downloaded ${name}`, "success");
    } catch (reason) {
      toast(`The export failed: ${friendly(reason)}`, "error");
    } finally {
      setExporting(null);
    }
  }

  const filtered = activeFilters(query).length > 0;
  const fieldErrors = ledger.error ? ledger.error.fieldErrors() : {};
  const counterpartyLabel = query.counterparty ? rows.find((row) => row.counterparty_key === query.counterparty)?.counterparty_name : null;
  const openRow = open ? rows.find((row) => row.id === open.id) ?? open : null;
  const totals = ledger.totals;

  let body;
  if (ledger.error) {
    const details = Object.entries(fieldErrors);
    body = (
      <div className="state state-error ledger-error" role="alert">
        <p>
          <strong>These transactions could not be shown.</strong> {ledger.error.friendly}
        </p>
        {details.length > 0 && (
          <ul>
            {details.map(([field, message]) => (
              <li key={field}>{message}</li>
            ))}
          </ul>
        )}
        <div className="row">
          {filtered && (
            <button type="button" className="button secondary" onClick={() => onFilters(Object.fromEntries(activeFilters(query).map((name) => [name, null])), true)}>
              Clear all filters
            </button>
          )}
          <button type="button" className="button secondary" onClick={ledger.reload}>
            Try again
          </button>
        </div>
      </div>
    );
  } else if (ledger.loading) {
    body = (
      <div className="state state-loading" aria-busy="true">
        <span className="spinner" aria-hidden="true" /> Loading transactions…
      </div>
    );
  } else if (rows.length === 0 && !filtered) {
    body = (
      <div className="state state-empty" data-testid="transactions-empty">
        <p>
          <strong>No transactions yet.</strong>
        </p>
        {can("statements:write") ? (
          <p>
            <Link to="/upload">Upload an M-PESA statement</Link> and its transactions appear here, sorted into categories.
          </p>
        ) : (
          <p>When someone in your organisation uploads an M-PESA statement, its transactions appear here.</p>
        )}
      </div>
    );
  } else if (rows.length === 0) {
    body = (
      <div className="state state-empty" data-testid="transactions-empty">
        <p>No transactions match these filters.</p>
        <button type="button" className="button secondary" onClick={() => onFilters(Object.fromEntries(activeFilters(query).map((name) => [name, null])), true)}>
          Clear all filters
        </button>
      </div>
    );
  } else {
    body = (
      <LedgerTable
        rows={rows}
        total={totals?.count ?? null}
        categories={categories.data}
        canWrite={canWrite && !!categories.data}
        selected={selected}
        saving={saving}
        onSelect={onSelect}
        onSelectAll={onSelectAll}
        onCategory={onCategory}
        onOpen={setOpen}
        sort={(query.sort as LedgerSort | undefined) ?? "-time"}
        onSort={(sort) => onFilters({ sort: sort === "-time" ? null : sort }, true)}
        hasMore={!!ledger.next}
        loadingMore={ledger.loadingMore}
        moreError={ledger.moreError}
        onLoadMore={ledger.loadMore}
        resetKey={key}
      />
    );
  }

  return (
    <div className="transactions-screen">
      <PageHeader
        title="Transactions"
        subtitle="Every transaction from your M-PESA statements. Change a category and similar transactions follow it from now on."
        actions={
          <>
            <button type="button" className="button secondary" data-testid="export-csv" onClick={() => void exportAs("csv")} disabled={exporting !== null}>
              {exporting === "csv" ? "Preparing…" : "Export CSV"}
            </button>
            <button type="button" className="button secondary" data-testid="export-json" onClick={() => void exportAs("json")} disabled={exporting !== null}>
              {exporting === "json" ? "Preparing…" : "Export JSON"}
            </button>
          </>
        }
      />
      <TransactionFilters
        query={query}
        onChange={onFilters}
        categories={categories.data}
        statements={statements.data}
        counterpartyLabel={counterpartyLabel}
        fieldErrors={fieldErrors}
      />
      {query.id && (
        <p className="note note-info" data-testid="evidence-banner">
          Showing the {query.id.split(",").filter(Boolean).length} transactions behind an insight.{" "}
          <button type="button" className="button link" onClick={() => onFilters({ id: null }, true)}>
            Show all transactions
          </button>
        </p>
      )}
      {categories.error && canWrite && (
        <p className="note note-warning" role="alert">
          The list of categories could not be loaded ({categories.error.friendly}), so categories cannot be changed right now.{" "}
          <button type="button" className="button link" onClick={categories.reload}>
            Try again
          </button>
        </p>
      )}
      {!ledger.error && (
      <div className="kpis ledger-totals" aria-live="polite" data-testid="transactions-totals">
        <div className="kpi">
          <div className="kpi-label">{filtered ? "Matching transactions" : "Transactions"}</div>
          <div className="kpi-value">{totals ? formatCount(totals.count) : "…"}</div>
        </div>
        <div className="kpi">
          <div className="kpi-label">Money in</div>
          <div className="kpi-value positive">{totals ? formatKES(totals.inflow_cents) : "…"}</div>
        </div>
        <div className="kpi">
          <div className="kpi-label">Money out</div>
          <div className="kpi-value negative">{totals ? formatKES(totals.outflow_cents) : "…"}</div>
        </div>
        <div className="kpi">
          <div className="kpi-label">Difference</div>
          <div className="kpi-value">{totals ? formatKES(totals.inflow_cents - totals.outflow_cents, { sign: true }) : "…"}</div>
        </div>
      </div>
      )}
      {canWrite && !!categories.data && selected.size > 0 && (
        <BulkBar count={selected.size} categories={categories.data} busy={bulkBusy} onApply={(slug) => void applyBulk(slug)} onClear={() => setSelected(new Set())} />
      )}
      <section className="card ledger-card" aria-label="Transactions" aria-busy={ledger.loading || undefined}>
        {body}
      </section>
      {openRow && (
        <TransactionDrawer
          row={openRow}
          categories={categories.data}
          statements={statements.data}
          canWrite={canWrite}
          canCategorize={canWrite && !!categories.data}
          onClose={() => setOpen(null)}
          onCategory={onCategory}
          onSaved={(updated) => patchRows([updated.id], (row) => ({ ...row, note: updated.note, tags: updated.tags }))}
          onFilter={(changes) => {
            setOpen(null);
            onFilters(changes, true);
          }}
        />
      )}
    </div>
  );
}
