import { useState } from "react";
import { download, type Query } from "../../api/client";
import { ApiError } from "../../api/problem";
import { useToast } from "../../components/Toasts";

/** Fetches a report file with the session's token and saves it; busy while it downloads, a toast when it fails. */
export function DownloadButton(props: { label: string; busyLabel?: string; description: string; path: string; query: Query; fallbackName: string; testId: string; disabled?: boolean }) {
  const { label, busyLabel = "Preparing…", description, path, query, fallbackName, testId, disabled } = props;
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="button secondary small"
      data-testid={testId}
      aria-label={busy ? `${description}: preparing` : description}
      aria-busy={busy || undefined}
      disabled={busy || disabled}
      onClick={async () => {
        setBusy(true);
        try {
          const name = await download(path, query, fallbackName);
          toast(`Downloaded ${name}`, "success");
        } catch (error) {
          toast(`Could not download the ${description.replace(/^Download (the )?/i, "")}: ${error instanceof ApiError ? error.friendly : String(error)}`, "error");
        } finally {
          setBusy(false);
        }
      }}
    >
      {busy && <span className="spinner" aria-hidden="true" />}
      {busy ? busyLabel : label}
    </button>
  );
}
