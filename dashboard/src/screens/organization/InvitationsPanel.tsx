import { useState, type FormEvent, type ReactNode } from "react";
import { api } from "../../api/client";
import { ROLE_HINTS, ROLE_LABELS, ROLES, type Invitation, type Invitations, type Member } from "../../api/tenantTypes";
import { useSession } from "../../auth/session";
import { ErrorNote, Section } from "../../components/Section";
import { useToast } from "../../components/Toasts";
import { formatDateTime, formatInstantDay } from "../../lib/format";
import { useAsync } from "../../lib/useAsync";
import { ConfirmDialog } from "../../components/Dialog";
import { sentence, useAction } from "./useAction";

const STATUS: Record<string, { label: string; tone: string }> = {
  pending: { label: "Waiting", tone: "warn" },
  accepted: { label: "Accepted", tone: "good" },
  revoked: { label: "Cancelled", tone: "" },
  expired: { label: "Expired", tone: "bad" },
};

/** Invite people by e-mail with a role, and follow the invitations (admins: members:manage). */
export function InvitationsPanel({ organizationId, members, onChanged }: { organizationId: string; members: Member[]; onChanged: () => void }) {
  const { role: myRole } = useSession();
  const toast = useToast();
  const base = `/api/v1/tenant/organizations/${organizationId}/invitations`;
  const invitations = useAsync((signal) => api<Invitations>(base, { signal }), [base]);
  const invite = useAction();
  const rowAction = useAction();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState("viewer");
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const [working, setWorking] = useState<string | null>(null);
  const roles = ROLES.filter((r) => myRole === "owner" || r !== "owner");
  const names = new Map(members.map((member) => [member.user_id, member.name]));
  const list = [...(invitations.data?.invitations ?? [])].sort((a, b) => b.created_at.localeCompare(a.created_at));
  const open = list.filter((invitation) => invitation.status === "pending");
  const past = list.filter((invitation) => invitation.status !== "pending");

  async function submit(event: FormEvent) {
    event.preventDefault();
    const address = email.trim();
    if (!address.includes("@")) {
      invite.setError("Enter the e-mail address of the person to invite.");
      return;
    }
    const ok = await invite.run(async () => {
      const created = await api<Invitation>(base, { body: { email: address, role } });
      invitations.setData((previous) => ({ invitations: [created, ...(previous?.invitations ?? []).filter((i) => i.id !== created.id)] }));
      if (created.email_sent === false) toast(`Invitation saved, but the e-mail to ${created.email} could not be sent. Try "Send again".`, "error");
      else toast(`Invitation sent to ${created.email}`, "success");
      onChanged();
    });
    if (ok) {
      setEmail("");
      setRole("viewer");
    }
  }

  async function resend(invitation: Invitation) {
    setWorking(invitation.id);
    await rowAction.run(async () => {
      const updated = await api<Invitation>(`${base}/${invitation.id}/resend`, { method: "POST" });
      invitations.setData((previous) => ({ invitations: (previous?.invitations ?? []).map((i) => (i.id === updated.id ? updated : i)) }));
      toast(updated.email_sent === false ? `The e-mail to ${updated.email} could not be sent` : `Sent again to ${updated.email}`, updated.email_sent === false ? "error" : "success");
      onChanged();
    });
    setWorking(null);
  }

  async function revoke() {
    if (!revoking) return;
    const target = revoking;
    const ok = await rowAction.run(async () => {
      await api(`${base}/${target.id}`, { method: "DELETE" });
      invitations.reload();
      toast(`Invitation to ${target.email} cancelled`, "success");
      onChanged();
    });
    if (ok) setRevoking(null);
  }

  return (
    <Section title="Invitations" testId="invitations">
      <form className="invite-form" onSubmit={submit} noValidate data-testid="invite-form">
        <label className="field invite-email">
          E-mail address
          <input
            type="email"
            data-testid="invite-email"
            value={email}
            autoComplete="off"
            placeholder="name@example.com"
            onChange={(event) => setEmail(event.target.value)}
            aria-invalid={invite.fields.email ? true : undefined}
          />
          {invite.fields.email && <span className="field-error">{sentence(invite.fields.email)}</span>}
        </label>
        <label className="field invite-role">
          Role
          <select value={role} onChange={(event) => setRole(event.target.value)} data-testid="invite-role">
            {roles.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
          {invite.fields.role && <span className="field-error">{sentence(invite.fields.role)}</span>}
        </label>
        <button type="submit" className="button invite-submit" disabled={invite.busy} data-testid="invite-submit">
          {invite.busy ? "Sending…" : "Send invitation"}
        </button>
      </form>
      <p className="hint invite-hint">
        {ROLE_LABELS[role]}s {ROLE_HINTS[role]}. The link in the e-mail works for 7 days. Open invitations count towards your plan&rsquo;s members.
      </p>
      <ErrorNote error={invite.error} />
      <ErrorNote error={revoking ? null : rowAction.error} />

      {invitations.error ? (
        <div className="state state-error" role="alert">
          <p>{invitations.error.friendly}</p>
          <button type="button" className="button secondary" onClick={invitations.reload}>
            Try again
          </button>
        </div>
      ) : invitations.loading && !invitations.data ? (
        <div className="state state-loading" aria-busy="true">
          <span className="spinner" aria-hidden="true" /> Loading invitations…
        </div>
      ) : (
        <div data-testid="invitations-list">
          <h3>Open invitations</h3>
          {open.length === 0 ? (
            <p className="muted small-text">No open invitations.</p>
          ) : (
            <ul className="invitation-list">
              {open.map((invitation) => (
                <InvitationRow key={invitation.id} invitation={invitation} inviter={names.get(invitation.invited_by)}>
                  <button type="button" className="button secondary small" onClick={() => void resend(invitation)} disabled={working !== null || rowAction.busy}>
                    {working === invitation.id ? "Sending…" : "Send again"}
                  </button>
                  <button type="button" className="button secondary small" onClick={() => setRevoking(invitation)} disabled={rowAction.busy}>
                    Cancel invitation
                  </button>
                </InvitationRow>
              ))}
            </ul>
          )}
          {past.length > 0 && (
            <details className="past-invitations">
              <summary>Past invitations ({past.length})</summary>
              <ul className="invitation-list">
                {past.map((invitation) => (
                  <InvitationRow key={invitation.id} invitation={invitation} inviter={names.get(invitation.invited_by)}>
                    {invitation.status === "expired" && (
                      <button type="button" className="button secondary small" onClick={() => void resend(invitation)} disabled={working !== null || rowAction.busy}>
                        {working === invitation.id ? "Sending…" : "Send a new link"}
                      </button>
                    )}
                  </InvitationRow>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
      {revoking && (
        <ConfirmDialog
          title="Cancel this invitation?"
          confirmLabel="Cancel invitation"
          busy={rowAction.busy}
          error={rowAction.error}
          onConfirm={() => void revoke()}
          onClose={() => {
            setRevoking(null);
            rowAction.reset();
          }}
        >
          <p>
            The link sent to <strong>{revoking.email}</strong> will stop working. You can invite them again later.
          </p>
        </ConfirmDialog>
      )}
    </Section>
  );
}

function InvitationRow({ invitation, inviter, children }: { invitation: Invitation; inviter?: string; children?: ReactNode }) {
  const status = STATUS[invitation.status] ?? { label: invitation.status, tone: "" };
  return (
    <li className="invitation-row" data-testid="invitation-row">
      <div className="invitation-who">
        <strong className="invitation-email">{invitation.email}</strong> <span className="badge">{ROLE_LABELS[invitation.role] ?? invitation.role}</span>{" "}
        <span className={`badge ${status.tone}`}>{status.label}</span>
        <div className="hint">
          Invited {formatInstantDay(invitation.created_at)}
          {inviter ? ` by ${inviter}` : ""}
          {invitation.sent_count > 1 ? ` · sent ${invitation.sent_count} times` : ""}
          {invitation.status === "pending" && ` · link works until ${formatDateTime(invitation.expires_at)}`}
          {invitation.status === "accepted" && invitation.accepted_at && ` · joined ${formatInstantDay(invitation.accepted_at)}`}
        </div>
      </div>
      {children && <div className="invitation-actions">{children}</div>}
    </li>
  );
}
