import { useEffect } from "react";
import { useSession } from "../auth/session";
import { PageHeader } from "../components/Section";
import { useRouter } from "../lib/router";
import { APIKeysSection } from "./settings/APIKeysSection";
import { MFASection } from "./settings/MFASection";
import { PasswordSection } from "./settings/PasswordSection";
import { ProfileSection } from "./settings/ProfileSection";
import { SessionsSection } from "./settings/SessionsSection";
import "./settings/Settings.css";

interface Part {
  id: string;
  label: string;
}

/**
 * The account's settings on one page with a section index: profile, password, sessions, two-step verification and,
 * for admins of the current organisation, API keys. `?section=` names the section to show (bookmarkable). Works
 * without an organisation (everything but API keys).
 */
export function SettingsScreen() {
  const { organizationId, can } = useSession();
  const { query, setQuery } = useRouter();
  const showKeys = Boolean(organizationId) && can("api_keys:manage");
  const parts: Part[] = [
    { id: "profile", label: "Profile" },
    { id: "password", label: "Password" },
    { id: "sessions", label: "Devices" },
    { id: "mfa", label: "Two-step verification" },
    ...(showKeys ? [{ id: "api-keys", label: "API keys" }] : []),
  ];
  const section = query.get("section") ?? query.get("tab");

  useEffect(() => {
    if (!section) return;
    const target = document.getElementById(`section-${section}`);
    if (target) {
      target.scrollIntoView({ block: "start" });
      target.focus({ preventScroll: true });
    }
  }, [section]);

  return (
    <div className="settings-screen">
      <PageHeader title="Settings" subtitle="Your account, how you log in, and where you are logged in." />
      <div className="settings-layout">
        <nav className="settings-nav" aria-label="Settings sections">
          <ul>
            {parts.map((part) => (
              <li key={part.id}>
                <a
                  href={`/settings?section=${part.id}`}
                  aria-current={section === part.id ? "true" : undefined}
                  onClick={(event) => {
                    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
                    event.preventDefault();
                    if (section === part.id) document.getElementById(`section-${part.id}`)?.scrollIntoView({ block: "start" });
                    else setQuery({ section: part.id, tab: null });
                  }}
                >
                  {part.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="settings-body">
          <div id="section-profile" tabIndex={-1} className="settings-anchor">
            <ProfileSection />
          </div>
          <div id="section-password" tabIndex={-1} className="settings-anchor">
            <PasswordSection />
          </div>
          <div id="section-sessions" tabIndex={-1} className="settings-anchor">
            <SessionsSection />
          </div>
          <div id="section-mfa" tabIndex={-1} className="settings-anchor">
            <MFASection />
          </div>
          <div id="section-api-keys" tabIndex={-1} className="settings-anchor">
            {showKeys ? (
              <APIKeysSection />
            ) : (
              <section className="card" aria-labelledby="settings-keys">
                <h2 id="settings-keys">API keys</h2>
                <p className="hint">
                  {organizationId
                    ? "Only admins and owners of the organisation can see and create API keys."
                    : "API keys belong to an organisation: create or join one first."}
                </p>
              </section>
            )}
          </div>
        </div>
      </div>
    </div>
  );
}
