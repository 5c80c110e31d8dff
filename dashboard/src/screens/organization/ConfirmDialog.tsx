import { useEffect, useRef, type ReactNode } from "react";
import type { ApiError } from "../../api/problem";
import { ErrorNote } from "../../components/Section";
import "./ConfirmDialog.css";

/**
 * A modal confirmation (the browser's own <dialog>: focus stays inside, Escape closes it, focus returns to the
 * button that opened it). Used before anything that cannot be undone.
 */
export function ConfirmDialog(props: {
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  tone?: "danger" | "primary";
  busy?: boolean;
  error?: ApiError | string | null;
  /** Keeps the confirm button disabled (e.g. until the name is typed). */
  confirmDisabled?: boolean;
  onConfirm: () => void;
  onClose: () => void;
  testId?: string;
}) {
  const { title, children, confirmLabel, tone = "danger", busy, error, confirmDisabled, onConfirm, onClose, testId } = props;
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement as HTMLElement | null;
    if (dialog && !dialog.open) {
      if (typeof dialog.showModal === "function") dialog.showModal();
      else dialog.setAttribute("open", "");
    }
    return () => {
      if (dialog?.open) dialog.close();
      opener?.focus?.();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby="confirm-dialog-title"
      data-testid={testId}
      onCancel={(event) => {
        // Escape: close through React state so the dialog unmounts.
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy && !confirmDisabled) onConfirm();
        }}
      >
        <h2 id="confirm-dialog-title">{title}</h2>
        <div className="confirm-dialog-body">{children}</div>
        <ErrorNote error={error} />
        <div className="confirm-dialog-actions">
          <button type="button" className="button secondary" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className={`button ${tone === "danger" ? "danger" : ""}`} disabled={busy || confirmDisabled} data-testid="confirm-dialog-confirm">
            {busy ? "Working…" : confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
