import type { ReactNode } from "react";
import { Link } from "../lib/router";

/** The frame of the signed-out pages: a centred card with the brand. */
export function AuthLayout({ title, children, footer, className }: { title: string; children: ReactNode; footer?: ReactNode; className?: string }) {
  return (
    <div className="auth-page">
      <main className={`auth-card ${className ?? ""}`} id="main">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">M</span> M-PESA Analytics
        </Link>
        <h1>{title}</h1>
        {children}
        {footer && <div className="auth-links">{footer}</div>}
      </main>
    </div>
  );
}
