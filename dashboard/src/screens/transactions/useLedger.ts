import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../../api/client";
import type { LedgerTotals, LedgerTransaction, TransactionPage } from "../../api/ledgerTypes";
import { ApiError, networkProblem } from "../../api/problem";
import { ledgerKey, type LedgerQuery } from "./filters";

const PATH = "/api/v1/analytics/transactions";

export interface LedgerState {
  rows: LedgerTransaction[];
  next: string | null;
  totals: LedgerTotals | null;
  loading: boolean;
  loadingMore: boolean;
  error?: ApiError;
  moreError?: ApiError;
}

const EMPTY: LedgerState = { rows: [], next: null, totals: null, loading: true, loadingMore: false };

function asProblem(reason: unknown): ApiError {
  return reason instanceof ApiError ? reason : networkProblem(reason);
}

function aborted(reason: unknown): boolean {
  return (reason as { name?: string } | null)?.name === "AbortError";
}

/**
 * The filtered ledger, a page at a time with the API's keyset cursor. A new query starts over (the totals come with
 * the first page); a page answered for an older query is dropped. `scope` (the organisation) starts over too.
 */
export function useLedger(query: LedgerQuery, scope: string | null, firstPage = 200, nextPages = 500) {
  const [state, setState] = useState<LedgerState>(EMPTY);
  const [nonce, setNonce] = useState(0);
  const key = ledgerKey(query);
  const queryRef = useRef(query);
  queryRef.current = query;
  const stateRef = useRef(state);
  stateRef.current = state;
  const generation = useRef(0);
  const more = useRef<AbortController | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    const current = ++generation.current;
    more.current?.abort();
    more.current = null;
    setState(EMPTY);
    api<TransactionPage>(PATH, { query: { ...queryRef.current, limit: firstPage, include_totals: "true" }, signal: controller.signal })
      .then((page) => {
        if (current !== generation.current) return;
        setState({ rows: page.transactions, next: page.next_cursor ?? null, totals: page.totals ?? null, loading: false, loadingMore: false });
      })
      .catch((reason: unknown) => {
        if (controller.signal.aborted || aborted(reason) || current !== generation.current) return;
        setState({ ...EMPTY, loading: false, error: asProblem(reason) });
      });
    return () => controller.abort();
  }, [key, scope, nonce, firstPage]);

  const loadMore = useCallback(() => {
    const now = stateRef.current;
    if (!now.next || now.loading || more.current) return;
    const current = generation.current;
    const controller = new AbortController();
    more.current = controller;
    setState((previous) => ({ ...previous, loadingMore: true, moreError: undefined }));
    api<TransactionPage>(PATH, { query: { ...queryRef.current, limit: nextPages, cursor: now.next }, signal: controller.signal })
      .then((page) => {
        if (current !== generation.current) return;
        setState((previous) => ({
          ...previous,
          rows: previous.rows.concat(page.transactions),
          next: page.next_cursor ?? null,
          loadingMore: false,
        }));
      })
      .catch((reason: unknown) => {
        if (controller.signal.aborted || aborted(reason) || current !== generation.current) return;
        setState((previous) => ({ ...previous, loadingMore: false, moreError: asProblem(reason) }));
      })
      .finally(() => {
        if (more.current === controller) more.current = null;
      });
  }, [nextPages]);

  /** Changes loaded rows in place (an edit made here), without refetching. */
  const patchRows = useCallback((ids: Iterable<string>, change: (row: LedgerTransaction) => LedgerTransaction) => {
    const wanted = new Set(ids);
    setState((previous) => ({ ...previous, rows: previous.rows.map((row) => (wanted.has(row.id) ? change(row) : row)) }));
  }, []);

  const reload = useCallback(() => setNonce((value) => value + 1), []);

  return { ...state, loadMore, patchRows, reload };
}
