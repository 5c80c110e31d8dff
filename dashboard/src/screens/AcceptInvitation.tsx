import { useState, type ReactNode } from "react";
import { api } from "../api/client";
import { ApiError } from "../api/problem";
import { ROLE_HINTS, ROLE_LABELS, roleNoun, type InvitationAccepted, type InvitationPreview } from "../api/tenantTypes";
import { useSession } from "../auth/session";
import { ErrorNote } from "../components/Section";
import { useToast } from "../components/Toasts";
import { formatDateTime } from "../lib/format";
import { Link, useRouter } from "../lib/router";
import { useAsync } from "../lib/useAsync";
import { AuthLayout } from "./AuthLayout";
import "./organization/Organization.css";

/** The signed-out pages' frame, with the invitation's own spacing. */
function Frame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <AuthLayout title={title} className="invitation-card">
      {children}
    </AuthLayout>
  );
}

/**
 * The page an invitation e-mail links to (`/invitations/accept?token=…`). It says which organisation and role the
 * invitation is for before anyone logs in; signed in, one button joins; signed out, log in or create an account and
 * come back here.
 */
export function AcceptInvitationScreen() {
  const { state, profile, switchOrganization, logout } = useSession();
  const { query, navigate } = useRouter();
  const toast = useToast();
  const token = query.get("token") ?? "";
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);

  const preview = useAsync(
    (signal) =>
      token ? api<InvitationPreview>("/api/v1/tenant/invitations/preview", { body: { token }, signal, anonymous: true }) : Promise.resolve(null),
    [token],
  );

  const here = `/invitations/accept?token=${encodeURIComponent(token)}`;
  const next = encodeURIComponent(here);

  if (!token) {
    return (
      <Frame title="This link is incomplete">
        <p>The invitation link is missing its code. Open the link from the invitation e-mail again, or copy the whole address into the browser.</p>
        <p>
          <Link to="/">Go to M-PESA Analytics</Link>
        </p>
      </Frame>
    );
  }

  if (preview.loading && !preview.data) {
    return (
      <Frame title="Invitation">
        <div className="state state-loading" aria-busy="true">
          <span className="spinner" aria-hidden="true" /> Checking the invitation…
        </div>
      </Frame>
    );
  }

  if (preview.error) {
    const dead = preview.error.status === 422 || preview.error.status === 404 || preview.error.status === 400;
    return (
      <Frame title={dead ? "This invitation can no longer be used" : "We could not check the invitation"}>
        <div className="note note-warning" role="alert" data-testid="invitation-invalid">
          {dead
            ? "The link has expired, was cancelled, or was already used. Ask the person who invited you to send a new invitation."
            : preview.error.friendly}
        </div>
        {!dead && (
          <button type="button" className="button" onClick={preview.reload}>
            Try again
          </button>
        )}
        <p className="auth-links">
          <Link to="/">{state.status === "signed-in" ? "Go to your dashboard" : "Log in"}</Link>
        </p>
      </Frame>
    );
  }

  const invitation = preview.data;
  if (!invitation) return null;
  const role = ROLE_LABELS[invitation.role] ?? invitation.role;
  const otherAccount = profile && profile.email.toLowerCase() !== invitation.email.toLowerCase();

  async function accept() {
    setBusy(true);
    setError(null);
    try {
      const answer = await api<InvitationAccepted>("/api/v1/tenant/invitations/accept", { body: { token } });
      await switchOrganization(answer.organization.id);
      toast(`Welcome to ${answer.organization.name}`, "success");
      navigate("/");
    } catch (reason) {
      if (reason instanceof ApiError && reason.status === 422) {
        setError("The invitation has expired, was cancelled, or was already used. Ask for a new one.");
      } else setError(reason instanceof ApiError ? reason : String(reason));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Frame title={`Join ${invitation.organization_name}`}>
      <div data-testid="invitation-preview">
        <p>
          <strong>{invitation.invited_by}</strong> invited you to join <strong>{invitation.organization_name}</strong> on M-PESA Analytics
          as <span className="badge good">{role}</span>.
        </p>
        {ROLE_HINTS[invitation.role] && <p className="muted small-text">As {roleNoun(invitation.role)} you {ROLE_HINTS[invitation.role]}.</p>}
        <dl className="invitation-facts">
          <dt>Invitation for</dt>
          <dd>{invitation.email}</dd>
          <dt>Link works until</dt>
          <dd>{formatDateTime(invitation.expires_at)}</dd>
        </dl>
      </div>
      {state.status === "signed-in" ? (
        <>
          {otherAccount && (
            <p className="note note-warning">
              You are logged in as <strong>{profile?.email}</strong>, but this invitation is for <strong>{invitation.email}</strong>. Log out
              and log in with that address to accept it.
            </p>
          )}
          <ErrorNote error={error} />
          <div className="stack">
            {!otherAccount && (
              <button type="button" className="button" onClick={() => void accept()} disabled={busy} data-testid="invitation-accept">
                {busy ? "Joining…" : `Accept and join ${invitation.organization_name}`}
              </button>
            )}
            {otherAccount && (
              <button type="button" className="button" onClick={() => void logout()} disabled={busy} data-testid="invitation-logout">
                Log out and use another account
              </button>
            )}
          </div>
          <p className="auth-links">
            <Link to="/">Not now</Link>
          </p>
        </>
      ) : (
        <>
          <p>Log in with {invitation.email} to accept, or create an account with that address if you do not have one yet.</p>
          <div className="stack">
            <Link to={`/login?next=${next}`} className="button" data-testid="invitation-login">
              Log in to accept
            </Link>
            <Link to={`/register?next=${next}`} className="button secondary" data-testid="invitation-register">
              Create an account
            </Link>
          </div>
        </>
      )}
    </Frame>
  );
}
