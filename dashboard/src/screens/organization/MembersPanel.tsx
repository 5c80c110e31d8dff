import { useState } from "react";
import { api, forgetTokens } from "../../api/client";
import { ROLE_HINTS, ROLE_LABELS, ROLES, roleNoun, roleRank, type Member, type Members } from "../../api/tenantTypes";
import { useSession } from "../../auth/session";
import { Section } from "../../components/Section";
import { useToast } from "../../components/Toasts";
import { formatInstantDay } from "../../lib/format";
import { useRouter } from "../../lib/router";
import type { AsyncState } from "../../lib/useAsync";
import { ConfirmDialog } from "../../components/Dialog";
import { useAction } from "./useAction";

type Pending = { kind: "role"; member: Member; role: string } | { kind: "remove"; member: Member } | { kind: "leave"; member: Member };

/** The members with their roles; admins change roles and remove people; everyone can leave. */
export function MembersPanel({ organizationId, organizationName, members, onChanged }: {
  organizationId: string;
  organizationName: string;
  members: AsyncState<Members>;
  onChanged: () => void;
}) {
  const { profile, role: myRole, can, logout } = useSession();
  const { navigate } = useRouter();
  const toast = useToast();
  const action = useAction();
  const [pending, setPending] = useState<Pending | null>(null);
  const manage = can("members:manage");
  const iAmOwner = myRole === "owner";
  const list = members.data?.members ?? [];
  const owners = list.filter((member) => member.role === "owner").length;
  const sorted = [...list].sort((a, b) => roleRank(b.role) - roleRank(a.role) || a.name.localeCompare(b.name));

  function close() {
    setPending(null);
    action.reset();
  }

  async function confirm() {
    if (!pending) return;
    const base = `/api/v1/tenant/organizations/${organizationId}/members/${encodeURIComponent(pending.member.user_id)}`;
    const done = await action.run(async () => {
      if (pending.kind === "role") {
        const updated = await api<Member>(base, { method: "PATCH", body: { role: pending.role } });
        members.setData((previous) => ({ members: (previous?.members ?? []).map((m) => (m.user_id === updated.user_id ? updated : m)) }));
        toast(`${pending.member.name} is now ${ROLE_LABELS[updated.role]?.toLowerCase() ?? updated.role}`, "success");
      } else {
        await api(base, { method: "DELETE" });
        if (pending.kind === "leave") {
          // The platform ends sessions bound to an organisation one is no longer in, this one included: log out
          // cleanly now rather than meet an expired session on the next click.
          toast(`You left ${organizationName}. Log in again to carry on.`, "success");
          navigate("/", { replace: true });
          forgetTokens(); // the session is being ended by the platform; no logout call that would meet a 401
          await logout();
          return;
        }
        members.setData((previous) => ({ members: (previous?.members ?? []).filter((m) => m.user_id !== pending.member.user_id) }));
        toast(`${pending.member.name} was removed`, "success");
      }
      onChanged();
    });
    if (done) setPending(null);
  }

  /** Roles the current user may give: admins up to admin, owners any. */
  const assignable = ROLES.filter((role) => iAmOwner || role !== "owner");

  return (
    <Section
      title={`Members${list.length ? ` (${list.length})` : ""}`}
      loading={members.loading && !members.data}
      error={members.error}
      onRetry={members.reload}
      empty={members.data !== undefined && list.length === 0}
      emptyText="No members."
    >
      {!manage && <p className="hint">Only admins and owners can change roles or remove members.</p>}
      <ul className="member-list" data-testid="members-list">
        {sorted.map((member) => {
          const me = member.user_id === profile?.id;
          // Admins cannot touch owners; nobody changes their own role here (leave instead).
          const editable = manage && !me && (iAmOwner || member.role !== "owner");
          const lastOwner = member.role === "owner" && owners <= 1;
          return (
            <li key={member.user_id} className="member-row" data-testid="member-row">
              <div className="member-who">
                <strong>{member.name}</strong>
                {me && <span className="badge good">You</span>}
                <div className="muted small-text member-email">{member.email}</div>
                <div className="hint">Joined {formatInstantDay(member.joined_at)}</div>
              </div>
              <div className="member-actions">
                {editable ? (
                  <label className="member-role">
                    <span className="visually-hidden">Role of {member.name}</span>
                    <select
                      value={member.role}
                      disabled={action.busy}
                      onChange={(event) => setPending({ kind: "role", member, role: event.target.value })}
                      data-testid="member-role"
                    >
                      {assignable.map((role) => (
                        <option key={role} value={role}>
                          {ROLE_LABELS[role]}
                        </option>
                      ))}
                    </select>
                  </label>
                ) : (
                  <span className={`badge ${member.role === "owner" ? "good" : ""}`} title={ROLE_HINTS[member.role]}>
                    {ROLE_LABELS[member.role] ?? member.role}
                  </span>
                )}
                {editable && (
                  <button type="button" className="button secondary small" onClick={() => setPending({ kind: "remove", member })} disabled={action.busy || lastOwner}>
                    Remove
                  </button>
                )}
                {me && (
                  <button
                    type="button"
                    className="button secondary small"
                    onClick={() => setPending({ kind: "leave", member })}
                    disabled={action.busy || lastOwner}
                    title={lastOwner ? "You are the only owner: make someone else an owner first, or delete the organisation" : undefined}
                    data-testid="leave-organization"
                  >
                    Leave organisation
                  </button>
                )}
                {me && lastOwner && <span className="hint">You are the only owner, so you cannot leave.</span>}
              </div>
            </li>
          );
        })}
      </ul>
      <details className="role-help">
        <summary>What can each role do?</summary>
        <ul>
          {ROLES.map((role) => (
            <li key={role}>
              <strong>{ROLE_LABELS[role]}</strong>: {ROLE_HINTS[role]}.
            </li>
          ))}
        </ul>
      </details>
      {pending && (
        <ConfirmDialog
          title={
            pending.kind === "role"
              ? `Change ${pending.member.name}'s role?`
              : pending.kind === "remove"
                ? `Remove ${pending.member.name}?`
                : `Leave ${organizationName}?`
          }
          confirmLabel={pending.kind === "role" ? `Make ${ROLE_LABELS[pending.role]?.toLowerCase()}` : pending.kind === "remove" ? "Remove member" : "Leave organisation"}
          tone={pending.kind === "role" ? "primary" : "danger"}
          busy={action.busy}
          error={action.error}
          onConfirm={() => void confirm()}
          onClose={close}
        >
          {pending.kind === "role" && (
            <p>
              {pending.member.name} will go from <strong>{ROLE_LABELS[pending.member.role]}</strong> to <strong>{ROLE_LABELS[pending.role]}</strong>: {roleNoun(pending.role)} {ROLE_HINTS[pending.role]}.
            </p>
          )}
          {pending.kind === "remove" && (
            <p>
              {pending.member.name} ({pending.member.email}) will lose access to {organizationName} at once and be logged out of it. You can invite them
              again later.
            </p>
          )}
          {pending.kind === "leave" && (
            <p>
              You will lose access to {organizationName} and its statements and reports, and you will be logged out. Log in again to carry on
              with your other organisations. To come back to this one, an admin must invite you again.
            </p>
          )}
        </ConfirmDialog>
      )}
    </Section>
  );
}
