import { useState } from "react";
import { api } from "../../api/client";
import type { AccountSession, AccountSessions } from "../../api/accountTypes";
import { useSession } from "../../auth/session";
import { Section } from "../../components/Section";
import { useToast } from "../../components/Toasts";
import { formatDateTime } from "../../lib/format";
import { useAsync } from "../../lib/useAsync";
import { ConfirmDialog } from "../../components/Dialog";
import { useAction } from "../organization/useAction";

const FOLD = 6;

/** "Chrome on Windows" from a user agent string (best effort; the full string is shown too). */
export function describeAgent(agent: string | null | undefined): string {
  if (!agent) return "Unknown device";
  const browser = /Edg\//.test(agent)
    ? "Edge"
    : /OPR\/|Opera/.test(agent)
      ? "Opera"
      : /SamsungBrowser/.test(agent)
        ? "Samsung Internet"
        : /Chrome\/|CriOS/.test(agent)
          ? "Chrome"
          : /Firefox\/|FxiOS/.test(agent)
            ? "Firefox"
            : /Safari\//.test(agent)
              ? "Safari"
              : /curl|python|okhttp|Go-http|urllib/i.test(agent)
                ? "A program"
                : "A browser";
  const system = /Android/.test(agent)
    ? "Android"
    : /iPhone|iPad|iOS/.test(agent)
      ? "iPhone or iPad"
      : /Windows/.test(agent)
        ? "Windows"
        : /Mac OS X|Macintosh/.test(agent)
          ? "Mac"
          : /CrOS/.test(agent)
            ? "Chromebook"
            : /Linux/.test(agent)
              ? "Linux"
              : "";
  return system ? `${browser} on ${system}` : browser;
}

/** The account's sessions (devices): where and when each was last used; end one, or every other. */
export function SessionsSection() {
  const { logout } = useSession();
  const toast = useToast();
  const sessions = useAsync((signal) => api<AccountSessions>("/api/v1/auth/sessions", { signal }), []);
  const action = useAction();
  const [ending, setEnding] = useState<AccountSession | "others" | null>(null);
  const [showAll, setShowAll] = useState(false);
  const list = sessions.data?.sessions ?? [];
  const others = list.filter((session) => !session.current);
  // This device first, then the most recently used; long lists are folded.
  const ordered = [...list].sort((a, b) => Number(b.current) - Number(a.current) || b.last_used_at.localeCompare(a.last_used_at));
  const shown = showAll ? ordered : ordered.slice(0, FOLD);

  async function confirm() {
    if (!ending) return;
    const ok = await action.run(async () => {
      if (ending === "others") {
        await api("/api/v1/auth/sessions", { method: "DELETE" });
        sessions.setData((previous) => ({ sessions: (previous?.sessions ?? []).filter((session) => session.current) }));
        toast("Every other device was logged out", "success");
      } else {
        await api(`/api/v1/auth/sessions/${encodeURIComponent(ending.id)}`, { method: "DELETE" });
        sessions.setData((previous) => ({ sessions: (previous?.sessions ?? []).filter((session) => session.id !== ending.id) }));
        toast(`${describeAgent(ending.user_agent)} was logged out`, "success");
      }
    });
    if (ok) setEnding(null);
  }

  return (
    <Section
      title="Where you are logged in"
      loading={sessions.loading && !sessions.data}
      error={sessions.error}
      onRetry={sessions.reload}
      empty={sessions.data !== undefined && list.length === 0}
      emptyText="No active sessions."
      actions={
        others.length > 0 ? (
          <button type="button" className="button secondary small" onClick={() => setEnding("others")} data-testid="sessions-end-others">
            Log out all other devices
          </button>
        ) : undefined
      }
    >
      <p className="hint">Times are in Nairobi time (EAT). If you see a device you do not recognise, log it out and change your password.</p>
      <ul className="session-list" data-testid="sessions-list">
        {shown.map((session) => (
          <li key={session.id} className={`session-row ${session.current ? "current" : ""}`} data-testid="session-row">
            <div className="session-who">
              <strong>{describeAgent(session.user_agent)}</strong> {session.current && <span className="badge good">This device</span>}
              <div className="small-text muted">
                {session.ip ? `IP address ${session.ip}` : "IP address unknown"} · last used {formatDateTime(session.last_used_at)}
              </div>
              <div className="hint">
                Logged in {formatDateTime(session.created_at)} · stays logged in until {formatDateTime(session.expires_at)}
              </div>
              {session.user_agent && (
                <div className="hint session-agent" title={session.user_agent}>
                  {session.user_agent}
                </div>
              )}
            </div>
            {session.current ? (
              <button type="button" className="button secondary small" onClick={() => void logout()}>
                Log out
              </button>
            ) : (
              <button type="button" className="button secondary small" onClick={() => setEnding(session)} disabled={action.busy}>
                Log out this device
              </button>
            )}
          </li>
        ))}
      </ul>
      {ordered.length > FOLD && (
        <button type="button" className="button link" onClick={() => setShowAll(!showAll)} aria-expanded={showAll}>
          {showAll ? "Show fewer" : `Show all ${ordered.length} sessions`}
        </button>
      )}
      {ending && (
        <ConfirmDialog
          title={ending === "others" ? "Log out every other device?" : "Log out this device?"}
          confirmLabel={ending === "others" ? `Log out ${others.length} other ${others.length === 1 ? "device" : "devices"}` : "Log it out"}
          busy={action.busy}
          error={action.error}
          onConfirm={() => void confirm()}
          onClose={() => {
            setEnding(null);
            action.reset();
          }}
        >
          {ending === "others" ? (
            <p>Everywhere except this browser will have to log in again. This device stays logged in.</p>
          ) : (
            <p>
              {describeAgent(ending.user_agent)}
              {ending.ip ? ` (${ending.ip})` : ""}, last used {formatDateTime(ending.last_used_at)}, will have to log in again.
            </p>
          )}
        </ConfirmDialog>
      )}
    </Section>
  );
}
