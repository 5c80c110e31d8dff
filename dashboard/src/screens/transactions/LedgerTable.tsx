import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { kindLabel, type LedgerSort, type LedgerTransaction } from "../../api/ledgerTypes";
import type { ApiError } from "../../api/problem";
import { categoryName, type Category } from "../../api/ruleTypes";
import { formatCount, formatDay, formatKES } from "../../lib/format";
import { CategoryOptions } from "../../components/CategoryOptions";

const OVERSCAN = 8;
const COLUMNS = 7;

export interface LedgerTableProps {
  rows: LedgerTransaction[];
  total: number | null;
  categories: Category[] | undefined;
  canWrite: boolean;
  selected: Set<string>;
  saving: Set<string>;
  onSelect: (index: number, shift: boolean) => void;
  onSelectAll: (checked: boolean) => void;
  onCategory: (row: LedgerTransaction, slug: string) => void;
  onOpen: (row: LedgerTransaction) => void;
  sort: LedgerSort;
  onSort: (sort: LedgerSort) => void;
  hasMore: boolean;
  loadingMore: boolean;
  moreError?: ApiError;
  onLoadMore: () => void;
  /** Changes when the view changes: the table scrolls back to the top. */
  resetKey: string;
}

function signedAmount(row: LedgerTransaction): string {
  return formatKES(row.direction === "in" ? row.amount_cents : -row.amount_cents, { sign: true });
}

/** "Money in" / "money out" line of the details, for screen readers and the title tooltip. */
export function rowTitle(row: LedgerTransaction): string {
  return row.counterparty_name || kindLabel(row.kind);
}

/**
 * The ledger as a windowed table: only the rows in (and just around) the visible part of the scroll box are in the
 * DOM, with spacer rows standing in for the rest, so tens of thousands of loaded rows scroll smoothly. Nearing the
 * end of what is loaded asks for the next page.
 */
export function LedgerTable(props: LedgerTableProps) {
  const { rows, total, categories, canWrite, selected, saving, onSelect, onSelectAll, onCategory, onOpen, sort, onSort } = props;
  const { hasMore, loadingMore, moreError, onLoadMore, resetKey } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const [rowHeight, setRowHeight] = useState(58);
  const [view, setView] = useState({ top: 0, height: 640 });
  const frame = useRef(0);

  const measure = useCallback(() => {
    const box = scrollRef.current;
    if (!box) return;
    setView((previous) => (previous.top === box.scrollTop && previous.height === box.clientHeight ? previous : { top: box.scrollTop, height: box.clientHeight }));
  }, []);

  useEffect(() => {
    const box = scrollRef.current;
    if (!box) return undefined;
    const observer = new ResizeObserver(() => measure());
    observer.observe(box);
    return () => {
      observer.disconnect();
      window.cancelAnimationFrame(frame.current);
    };
  }, [measure]);

  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
    measure();
  }, [resetKey, measure]);

  // The real height of a row (fonts and zoom differ), so the spacers match what they stand for.
  useLayoutEffect(() => {
    const first = bodyRef.current?.querySelector<HTMLTableRowElement>("tr.ledger-row");
    if (!first) return;
    const height = first.getBoundingClientRect().height;
    if (height > 20 && Math.abs(height - rowHeight) > 0.5) setRowHeight(height);
  });

  const start = Math.max(0, Math.floor(view.top / rowHeight) - OVERSCAN);
  const end = Math.min(rows.length, Math.ceil((view.top + view.height) / rowHeight) + OVERSCAN);

  useEffect(() => {
    if (hasMore && !loadingMore && !moreError && end >= rows.length - 40) onLoadMore();
  }, [end, rows.length, hasMore, loadingMore, moreError, onLoadMore]);

  const allSelected = rows.length > 0 && rows.every((row) => selected.has(row.id));
  const someSelected = !allSelected && selected.size > 0;
  const headerBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (headerBox.current) headerBox.current.indeterminate = someSelected;
  }, [someSelected]);

  const sortButton = (label: string, descending: LedgerSort, ascending: LedgerSort) => {
    const active = sort === descending || sort === ascending;
    return (
      <button
        type="button"
        className="sort-button"
        onClick={() => onSort(sort === descending ? ascending : descending)}
        title={`Sort by ${label.toLowerCase()}`}
      >
        {label}
        <span aria-hidden="true" className="sort-mark">
          {active ? (sort === descending ? "▼" : "▲") : "↕"}
        </span>
      </button>
    );
  };
  const ariaSort = (descending: LedgerSort, ascending: LedgerSort) =>
    sort === descending ? ("descending" as const) : sort === ascending ? ("ascending" as const) : undefined;

  return (
    <>
      <div
        className="ledger-scroll"
        ref={scrollRef}
        onScroll={() => {
          window.cancelAnimationFrame(frame.current);
          frame.current = window.requestAnimationFrame(measure);
        }}
      >
        <table className="ledger-table" data-testid="transactions-table" aria-rowcount={(total ?? rows.length) + 1}>
          <caption className="visually-hidden">Transactions, {sort.includes("amount") ? "by amount" : "by date"}</caption>
          <thead>
            <tr aria-rowindex={1}>
              <th scope="col" className="c-select">
                {canWrite && (
                  <>
                    <input
                      ref={headerBox}
                      type="checkbox"
                      id="select-all-loaded"
                      checked={allSelected}
                      onChange={(event) => onSelectAll(event.target.checked)}
                      disabled={rows.length === 0}
                    />
                    <label htmlFor="select-all-loaded" className="visually-hidden">
                      Select all {formatCount(rows.length)} loaded transactions
                    </label>
                  </>
                )}
              </th>
              <th scope="col" className="c-date" aria-sort={ariaSort("-time", "time")}>
                {sortButton("Date", "-time", "time")}
              </th>
              <th scope="col" className="c-details">
                Details
              </th>
              <th scope="col" className="c-kind">
                Type
              </th>
              <th scope="col" className="c-category">
                Category
              </th>
              <th scope="col" className="c-amount num" aria-sort={ariaSort("-amount", "amount")}>
                {sortButton("Amount", "-amount", "amount")}
              </th>
              <th scope="col" className="c-balance num">
                Balance
              </th>
            </tr>
          </thead>
          <tbody ref={bodyRef}>
            {start > 0 && (
              <tr className="ledger-spacer" aria-hidden="true" style={{ height: start * rowHeight }}>
                <td colSpan={COLUMNS} />
              </tr>
            )}
            {rows.slice(start, end).map((row, offset) => (
              <LedgerRow
                key={row.id}
                row={row}
                index={start + offset}
                isSelected={selected.has(row.id)}
                isSaving={saving.has(row.id)}
                canWrite={canWrite}
                categories={categories}
                onSelect={onSelect}
                onCategory={onCategory}
                onOpen={onOpen}
              />
            ))}
            {end < rows.length && (
              <tr className="ledger-spacer" aria-hidden="true" style={{ height: (rows.length - end) * rowHeight }}>
                <td colSpan={COLUMNS} />
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div className="ledger-footer" aria-live="polite">
        <span className="muted">
          Showing {formatCount(rows.length)}
          {total !== null ? ` of ${formatCount(total)}` : ""} transactions
        </span>
        {loadingMore && (
          <span className="muted">
            <span className="spinner" aria-hidden="true" /> Loading more…
          </span>
        )}
        {moreError && (
          <span className="negative" role="alert">
            Could not load more: {moreError.friendly}
          </span>
        )}
        {hasMore && !loadingMore && (
          <button type="button" className="button secondary small" onClick={onLoadMore} data-testid="load-more">
            {moreError ? "Try again" : "Load more"}
          </button>
        )}
      </div>
    </>
  );
}

interface RowProps {
  row: LedgerTransaction;
  index: number;
  isSelected: boolean;
  isSaving: boolean;
  canWrite: boolean;
  categories: Category[] | undefined;
  onSelect: (index: number, shift: boolean) => void;
  onCategory: (row: LedgerTransaction, slug: string) => void;
  onOpen: (row: LedgerTransaction) => void;
}

/** One row; memoised so scrolling re-renders only the rows that come into view. */
const LedgerRow = memo(function LedgerRow({ row, index, isSelected, isSaving, canWrite, categories, onSelect, onCategory, onOpen }: RowProps) {
  const name = rowTitle(row);
  const day = formatDay(row.local_day);
  const time = row.local_time.slice(11, 16);
  return (
    <tr
      className={`ledger-row ${isSelected ? "selected" : ""}`}
      data-testid="transaction-row"
      data-id={row.id}
      aria-rowindex={index + 2}
      aria-selected={canWrite ? isSelected : undefined}
    >
      <td className="c-select">
        {canWrite && (
          <input
            type="checkbox"
            data-testid="select-row"
            aria-label={`Select ${name}, ${day} ${time}, ${signedAmount(row)}`}
            checked={isSelected}
            onChange={(event) => {
              const native = event.nativeEvent as MouseEvent;
              onSelect(index, !!native.shiftKey);
            }}
          />
        )}
      </td>
      <td className="c-date">
        <span className="line">{day}</span>
        <span className="line muted small-text">
          {time}
          <span className="tz"> EAT</span>
        </span>
      </td>
      <td className="c-details">
        <button type="button" className="row-open line" onClick={() => onOpen(row)} title="Show the transaction's details">
          {name}
        </button>
        <span className="line muted small-text" title={row.details}>
          {row.note ? <span className="row-note">Note: {row.note} · </span> : null}
          {row.details}
        </span>
      </td>
      <td className="c-kind">
        <span className="line">{kindLabel(row.kind)}</span>
        <span className="line muted small-text">{row.receipt}</span>
      </td>
      <td className="c-category">
        {canWrite ? (
          <select
            data-testid="category-select"
            className={isSaving ? "saving" : undefined}
            aria-busy={isSaving || undefined}
            aria-label={`Category of ${name}, ${day} ${time}`}
            value={row.category}
            onChange={(event) => onCategory(row, event.target.value)}
          >
            <CategoryOptions categories={categories} current={row.category} forAssignment />
          </select>
        ) : (
          <span className="line">{categoryName(categories, row.category)}</span>
        )}
      </td>
      <td className="c-amount num">
        <span className={`line amount ${row.direction === "in" ? "positive" : "negative"}`}>{signedAmount(row)}</span>
        {row.fee_cents > 0 && <span className="line muted small-text">fee {formatKES(row.fee_cents)}</span>}
      </td>
      <td className="c-balance num">
        <span className="line">{formatKES(row.balance_cents)}</span>
      </td>
    </tr>
  );
});
