import { useEffect, useState, type ReactNode } from "react";
import { useSession } from "../auth/session";
import { Link, useRouter } from "../lib/router";
import { OrganizationSwitcher } from "./OrganizationSwitcher";

interface NavItem {
  to: string;
  label: string;
  /** Shown only to members whose role grants this scope. */
  scope?: string;
}

const NAV: NavItem[] = [
  { to: "/", label: "Overview" },
  { to: "/upload", label: "Upload", scope: "statements:write" },
  { to: "/transactions", label: "Transactions" },
  { to: "/cashflow", label: "Cashflow" },
  { to: "/rules", label: "Rules & categories" },
  { to: "/reports", label: "Reports" },
  { to: "/organization", label: "Organisation" },
  { to: "/settings", label: "Settings" },
];

/** The signed-in frame: header (organisation switcher, account, log out) and navigation, collapsible on phones. */
export function AppShell({ children }: { children: ReactNode }) {
  const { profile, can, logout, organizationId } = useSession();
  const { path } = useRouter();
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [path]);

  const items = NAV.filter((item) => (!item.scope || can(item.scope)) && (organizationId || item.to === "/settings"));
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="primary-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          <span aria-hidden="true">☰</span>
          <span className="visually-hidden">Menu</span>
        </button>
        <Link to="/" className="brand" aria-label="M-PESA Analytics: overview">
          <span className="brand-mark" aria-hidden="true">M</span> <span className="brand-text">M-PESA Analytics</span>
        </Link>
        <div className="topbar-right">
          <OrganizationSwitcher />
          <span className="user-name" title={profile?.email}>
            {profile?.name}
          </span>
          <button type="button" className="button secondary small" onClick={() => void logout()} data-testid="logout">
            Log out
          </button>
        </div>
      </header>
      <div className="frame">
        <nav id="primary-nav" className={`sidebar ${menuOpen ? "open" : ""}`} aria-label="Main">
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                <Link to={item.to} aria-current={path === item.to ? "page" : undefined} className={path === item.to ? "active" : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
          {profile && !profile.email_verified && (
            <p className="sidebar-note">
              Please confirm your e-mail: we sent a link to <strong>{profile.email}</strong>.
            </p>
          )}
        </nav>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
