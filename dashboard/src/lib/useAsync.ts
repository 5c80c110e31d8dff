import { useCallback, useEffect, useRef, useState, type DependencyList } from "react";
import { ApiError, networkProblem } from "../api/problem";

export interface AsyncState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
  /** Replace the data locally (after a successful edit) without refetching. */
  setData: (update: T | ((previous: T | undefined) => T)) => void;
}

/** Loads data for a section; a newer load supersedes an older one (no stale answers painted over fresh ones). */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): AsyncState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    loadRef
      .current(controller.signal)
      .then((value) => {
        if (!controller.signal.aborted) setData(value);
      })
      .catch((reason: unknown) => {
        if (controller.signal.aborted) return;
        setError(reason instanceof ApiError ? reason : networkProblem(reason));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const set = useCallback((update: T | ((previous: T | undefined) => T)) => {
    setData((previous) => (typeof update === "function" ? (update as (p: T | undefined) => T)(previous) : update));
  }, []);
  return { data, error, loading, reload, setData: set };
}
