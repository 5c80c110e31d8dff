import type { ReactNode } from "react";
import type { ApiError } from "../api/problem";

/**
 * A screen section with its own loading, error and empty states: a failed section says what failed and offers a
 * retry, and never blanks the rest of the page.
 */
export function Section(props: {
  title?: ReactNode;
  actions?: ReactNode;
  loading?: boolean;
  error?: ApiError | string | null;
  empty?: boolean;
  emptyText?: ReactNode;
  onRetry?: () => void;
  children?: ReactNode;
  className?: string;
  testId?: string;
}) {
  const { title, actions, loading, error, empty, emptyText, onRetry, children, className, testId } = props;
  let body: ReactNode;
  if (error) {
    const message = typeof error === "string" ? error : error.friendly;
    body = (
      <div className="state state-error" role="alert">
        <p>{message}</p>
        {onRetry && (
          <button type="button" className="button secondary" onClick={onRetry}>
            Try again
          </button>
        )}
      </div>
    );
  } else if (loading) {
    body = (
      <div className="state state-loading" aria-busy="true">
        <span className="spinner" aria-hidden="true" /> Loading…
      </div>
    );
  } else if (empty) {
    body = <div className="state state-empty">{emptyText ?? "Nothing here yet."}</div>;
  } else {
    body = children;
  }
  return (
    <section className={`card ${className ?? ""}`} data-testid={testId} aria-busy={loading ? true : undefined}>
      {(title || actions) && (
        <header className="card-header">
          {title && <h2>{title}</h2>}
          {actions && <div className="card-actions">{actions}</div>}
        </header>
      )}
      {body}
    </section>
  );
}

/** An inline message for a failed action (form submit, save). */
export function ErrorNote({ error }: { error?: ApiError | string | null }) {
  if (!error) return null;
  return (
    <p className="note note-error" role="alert">
      {typeof error === "string" ? error : error.friendly}
    </p>
  );
}

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle && <p className="muted">{subtitle}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}
