import { useEffect, useId, useRef, type FormEvent, type ReactNode } from "react";
import type { ApiError } from "../api/problem";
import { ErrorNote } from "./Section";
import "./Dialog.css";

/**
 * A modal dialog on the native `<dialog>` (focus kept inside, Escape closes, the page behind is inert). Mount it to
 * open it; focus goes back to where it was when it closes. `variant="drawer"` slides in from the right.
 */
export function Dialog({
  title,
  onClose,
  children,
  footer,
  variant = "center",
  testId,
}: {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  variant?: "center" | "drawer";
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    const previous = document.activeElement as HTMLElement | null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      previous?.focus?.();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${variant}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onCloseRef.current();
      }}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its box) closes it.
        if (event.target === ref.current) {
          const box = ref.current.getBoundingClientRect();
          const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
          if (!inside) onCloseRef.current();
        }
      }}
    >
      <div className="dialog-box">
        <header className="dialog-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="dialog-close" onClick={() => onCloseRef.current()}>
            <span aria-hidden="true">×</span>
            <span className="visually-hidden">Close</span>
          </button>
        </header>
        <div className="dialog-body">{children}</div>
        {footer && <footer className="dialog-footer">{footer}</footer>}
      </div>
    </dialog>
  );
}

/**
 * "Are you sure?" before anything that cannot be undone; the confirm button says what it does. Enter confirms (the
 * body may hold a field, such as the organisation's name typed again), Escape cancels, a failure shows in the dialog.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  busy,
  error,
  tone = "danger",
  confirmDisabled,
  onConfirm,
  onClose,
  testId,
}: {
  title: ReactNode;
  children?: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  error?: ApiError | string | null;
  tone?: "danger" | "primary";
  /** Keeps the confirm button disabled (e.g. until a name is typed). */
  confirmDisabled?: boolean;
  onConfirm: () => void;
  onClose: () => void;
  testId?: string;
}) {
  const formId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy && !confirmDisabled) onConfirm();
  };
  return (
    <Dialog
      title={title}
      onClose={() => {
        if (!busy) onClose();
      }}
      testId={testId}
      footer={
        <>
          <button type="button" className="button secondary" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" form={formId} className={`button ${tone === "danger" ? "danger" : ""}`} disabled={busy || confirmDisabled} data-testid="confirm">
            {busy ? "Working…" : confirmLabel}
          </button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="confirm-dialog-body">
        {children}
        <ErrorNote error={error} />
      </form>
    </Dialog>
  );
}
