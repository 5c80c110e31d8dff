import { useEffect, useRef, useState } from "react";
import { KINDS, kindLabel, SORTS, type StatementSummary } from "../../api/ledgerTypes";
import type { Category } from "../../api/ruleTypes";
import { formatDay, parseKES } from "../../lib/format";
import { CategoryOptions } from "../../components/CategoryOptions";
import { activeFilters, centsToInput, validDay, type FilterParam, type LedgerQuery } from "./filters";

export type FilterChanges = Partial<Record<FilterParam | "sort", string | null>>;

interface Props {
  query: LedgerQuery;
  /** `push`: a new history entry (the back button undoes it); otherwise the current entry is replaced. */
  onChange: (changes: FilterChanges, push: boolean) => void;
  categories: Category[] | undefined;
  statements: StatementSummary[] | undefined;
  /** A name for the counterparty filter (it holds a key such as `paybill:4016891`). */
  counterpartyLabel?: string | null;
  fieldErrors: Record<string, string>;
}

const ADVANCED: FilterParam[] = ["kind", "min_amount_cents", "max_amount_cents", "statement_id", "tag"];

function statementLabel(statement: StatementSummary): string {
  const first = statement.first_day ?? statement.period_start;
  const last = statement.last_day ?? statement.period_end;
  const period = first && last ? ` (${formatDay(first)} – ${formatDay(last)})` : "";
  return `${statement.filename || statement.id}${period}`;
}

/** A text input that commits its value on Enter or when it loses focus (amounts, tag). */
function CommitInput(props: {
  id: string;
  label: string;
  value: string;
  onCommit: (text: string) => string | null;
  placeholder?: string;
  inputMode?: "decimal" | "text";
  error?: string;
}) {
  const { id, label, value, onCommit, placeholder, inputMode, error } = props;
  const [text, setText] = useState(value);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    setText(value);
    setProblem(null);
  }, [value]);
  const commit = () => {
    if (text.trim() === value) return;
    setProblem(onCommit(text.trim()));
  };
  const message = problem ?? error;
  return (
    <label className="field" htmlFor={id}>
      {label}
      <input
        id={id}
        value={text}
        inputMode={inputMode}
        placeholder={placeholder}
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? `${id}-error` : undefined}
        onChange={(event) => setText(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === "Enter") {
            event.preventDefault();
            commit();
          }
        }}
      />
      {message && (
        <span className="field-error" id={`${id}-error`}>
          {message}
        </span>
      )}
    </label>
  );
}

/** Search, period, direction, category, sort, and more filters behind a toggle; all of them in the URL. */
export function TransactionFilters({ query, onChange, categories, statements, counterpartyLabel, fieldErrors }: Props) {
  const committed = query.q ?? "";
  const [text, setText] = useState(committed);
  const lastCommitted = useRef(committed);
  const typing = useRef(false);
  const [more, setMore] = useState(() => ADVANCED.some((key) => query[key] !== undefined));

  // The URL changed from elsewhere (back button, a link, "clear filters"): show its search text.
  useEffect(() => {
    if (committed !== lastCommitted.current) {
      lastCommitted.current = committed;
      setText(committed);
    }
  }, [committed]);

  useEffect(() => {
    const value = text.trim();
    if (value === lastCommitted.current) return undefined;
    const timer = window.setTimeout(() => {
      lastCommitted.current = value;
      // One history entry per search (the first change of a typing session), not one per keystroke.
      onChange({ q: value || null }, !typing.current);
      typing.current = true;
    }, 400);
    return () => window.clearTimeout(timer);
  }, [text, onChange]);

  useEffect(() => {
    if (ADVANCED.some((key) => query[key] !== undefined)) setMore(true);
  }, [query]);

  const set = (key: FilterParam | "sort", value: string) => onChange({ [key]: value || null }, true);
  const amountCommit = (key: "min_amount_cents" | "max_amount_cents") => (value: string) => {
    if (!value) {
      onChange({ [key]: null }, true);
      return null;
    }
    const cents = parseKES(value);
    if (cents === null || cents < 0) return "Enter an amount in shillings, such as 1,500 or 250.50";
    onChange({ [key]: String(cents) }, true);
    return null;
  };
  const active = activeFilters(query);
  const kindValue = query.kind ?? "";
  const advancedCount = ADVANCED.filter((key) => query[key] !== undefined).length;
  const error = (key: string) => fieldErrors[key] ?? fieldErrors[`/${key}`];

  return (
    <form className="ledger-filters card" role="search" aria-label="Filter transactions" onSubmit={(event) => event.preventDefault()}>
      <div className="filter-grid">
        <label className="field filter-search" htmlFor="tx-search">
          Search
          <input
            id="tx-search"
            type="search"
            data-testid="transactions-search"
            placeholder="Name, receipt or details"
            maxLength={200}
            value={text}
            onChange={(event) => setText(event.target.value)}
            onBlur={() => {
              typing.current = false;
            }}
            aria-invalid={error("q") ? true : undefined}
          />
          {error("q") && <span className="field-error" title={error("q")}>{error("q")}</span>}
        </label>
        <label className="field" htmlFor="tx-from">
          From
          <input
            id="tx-from"
            type="date"
            value={validDay(query.from) ? query.from : ""}
            max={validDay(query.to) ? query.to : undefined}
            onChange={(event) => set("from", event.target.value)}
            aria-invalid={error("from") ? true : undefined}
          />
          {error("from") && <span className="field-error" title={error("from")}>{error("from")}</span>}
        </label>
        <label className="field" htmlFor="tx-to">
          To
          <input
            id="tx-to"
            type="date"
            value={validDay(query.to) ? query.to : ""}
            min={validDay(query.from) ? query.from : undefined}
            onChange={(event) => set("to", event.target.value)}
            aria-invalid={error("to") ? true : undefined}
          />
          {error("to") && <span className="field-error" title={error("to")}>{error("to")}</span>}
        </label>
        <label className="field" htmlFor="tx-direction">
          Money
          <select id="tx-direction" value={query.direction ?? ""} onChange={(event) => set("direction", event.target.value)}>
            <option value="">In and out</option>
            <option value="in">Money in</option>
            <option value="out">Money out</option>
            {query.direction && query.direction !== "in" && query.direction !== "out" && <option value={query.direction}>{query.direction}</option>}
          </select>
          {error("direction") && <span className="field-error" title={error("direction")}>{error("direction")}</span>}
        </label>
        <label className="field" htmlFor="tx-category">
          Category
          <select id="tx-category" value={query.category ?? ""} onChange={(event) => set("category", event.target.value)}>
            <option value="">All categories</option>
            <CategoryOptions categories={categories} current={query.category} />
          </select>
          {error("category") && <span className="field-error" title={error("category")}>{error("category")}</span>}
        </label>
        <label className="field" htmlFor="tx-sort">
          Order
          <select id="tx-sort" value={query.sort ?? "-time"} onChange={(event) => set("sort", event.target.value === "-time" ? "" : event.target.value)}>
            {SORTS.map((sort) => (
              <option key={sort.value} value={sort.value}>
                {sort.label}
              </option>
            ))}
            {query.sort && !SORTS.some((sort) => sort.value === query.sort) && <option value={query.sort}>{query.sort}</option>}
          </select>
          {error("sort") && <span className="field-error" title={error("sort")}>{error("sort")}</span>}
        </label>
      </div>

      <div className="row filter-bar">
        <button type="button" className="button link" aria-expanded={more} aria-controls="tx-more-filters" onClick={() => setMore((open) => !open)}>
          {more ? "Fewer filters" : "More filters"}
          {advancedCount > 0 && !more ? ` (${advancedCount})` : ""}
        </button>
        {query.counterparty && (
          <span className="filter-chip">
            Other party: <strong>{counterpartyLabel || query.counterparty}</strong>
            <button type="button" className="chip-remove" onClick={() => set("counterparty", "")} aria-label="Remove the other-party filter">
              ×
            </button>
          </span>
        )}
        {error("counterparty") && <span className="field-error" title={error("counterparty")}>{error("counterparty")}</span>}
        <span className="spacer" />
        {active.length > 0 && (
          <button
            type="button"
            className="button secondary small"
            onClick={() => onChange(Object.fromEntries(active.map((key) => [key, null])) as FilterChanges, true)}
          >
            Clear all filters
          </button>
        )}
      </div>

      {more && (
        <div className="filter-grid filter-more" id="tx-more-filters">
          <label className="field" htmlFor="tx-kind">
            Type
            <select id="tx-kind" value={kindValue} onChange={(event) => set("kind", event.target.value)}>
              <option value="">All types</option>
              {kindValue && !KINDS.includes(kindValue) && <option value={kindValue}>{kindValue}</option>}
              {KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {kindLabel(kind)}
                </option>
              ))}
            </select>
            {error("kind") && <span className="field-error" title={error("kind")}>{error("kind")}</span>}
          </label>
          <CommitInput
            id="tx-min"
            label="Smallest amount (KES)"
            inputMode="decimal"
            placeholder="e.g. 500"
            value={centsToInput(query.min_amount_cents)}
            onCommit={amountCommit("min_amount_cents")}
            error={error("min_amount_cents")}
          />
          <CommitInput
            id="tx-max"
            label="Largest amount (KES)"
            inputMode="decimal"
            placeholder="e.g. 10,000"
            value={centsToInput(query.max_amount_cents)}
            onCommit={amountCommit("max_amount_cents")}
            error={error("max_amount_cents")}
          />
          <label className="field" htmlFor="tx-statement">
            Statement
            <select id="tx-statement" value={query.statement_id ?? ""} onChange={(event) => set("statement_id", event.target.value)}>
              <option value="">All statements</option>
              {query.statement_id && !statements?.some((statement) => statement.id === query.statement_id) && (
                <option value={query.statement_id}>{query.statement_id}</option>
              )}
              {(statements ?? []).map((statement) => (
                <option key={statement.id} value={statement.id}>
                  {statementLabel(statement)}
                </option>
              ))}
            </select>
          </label>
          <CommitInput
            id="tx-tag"
            label="Tag"
            placeholder="e.g. supplier"
            value={query.tag ?? ""}
            onCommit={(value) => {
              onChange({ tag: value || null }, true);
              return null;
            }}
            error={error("tag")}
          />
        </div>
      )}
    </form>
  );
}

export { statementLabel };
