import { useCallback, useState } from "react";
import { ApiError, networkProblem } from "../../api/problem";

/** Busy flag, error and field errors of one user action (a save, an invite, a removal). */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  const reset = useCallback(() => {
    setError(null);
    setFields({});
  }, []);

  /**
   * Runs `task`; on failure keeps the problem (field errors next to their inputs, the rest as a message) and
   * answers false. `fieldMap` renames the API's field names to the form's (e.g. `email` → `contact_email`).
   */
  const run = useCallback(async (task: () => Promise<void>, fieldMap: Record<string, string> = {}): Promise<boolean> => {
    setBusy(true);
    setError(null);
    setFields({});
    try {
      await task();
      return true;
    } catch (reason) {
      const problem = reason instanceof ApiError ? reason : networkProblem(reason);
      const found: Record<string, string> = {};
      for (const [field, message] of Object.entries(problem.fieldErrors())) found[fieldMap[field] ?? field] = message;
      setFields(found);
      setError(Object.keys(found).length ? null : problem);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);

  return { busy, error, fields, run, reset, setError };
}

/** A sentence-case version of an API field message ("the current password is wrong" → "The current password is wrong."). */
export function sentence(text: string | undefined): string | undefined {
  if (!text) return text;
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
