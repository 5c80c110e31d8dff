import { useState } from "react";
import { api, download } from "../../api/client";
import type { TenantOrganization } from "../../api/tenantTypes";
import { useSession } from "../../auth/session";
import { ErrorNote, Section } from "../../components/Section";
import { useToast } from "../../components/Toasts";
import { formatDateTime } from "../../lib/format";
import { ConfirmDialog } from "../../components/Dialog";
import { useAction } from "./useAction";

/** Download everything (admins) and delete the organisation after a grace period, or restore it (owners). */
export function DangerZone({ organization, onChanged }: { organization: TenantOrganization; onChanged: (o: TenantOrganization) => void }) {
  const { can } = useSession();
  const toast = useToast();
  const action = useAction();
  const exporting = useAction();
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState("");
  const canDelete = can("organization:delete");
  const canExport = can("settings:manage");
  const base = `/api/v1/tenant/organizations/${organization.id}`;
  const scheduled = organization.status === "deleting";

  async function remove() {
    const ok = await action.run(async () => {
      const updated = await api<TenantOrganization>(base, { method: "DELETE" });
      onChanged(updated);
      toast(updated.deletion_due_at ? `Deletion scheduled for ${formatDateTime(updated.deletion_due_at)}` : "The organisation was deleted", "info");
    });
    if (ok) {
      setConfirming(false);
      setTyped("");
    }
  }

  async function restore() {
    await action.run(async () => {
      const updated = await api<TenantOrganization>(`${base}/restore`, { method: "POST" });
      onChanged(updated);
      toast(`${updated.name} will not be deleted`, "success");
    });
  }

  async function exportData() {
    await exporting.run(async () => {
      const name = await download(`${base}/export`, undefined, `organisation-${organization.id}.json`);
      toast(`Downloaded ${name}`, "success");
    });
  }

  if (!canDelete && !canExport) return null;
  return (
    <Section title="Your data and deletion" className="danger-zone" testId="danger-zone">
      {canExport && (
        <div className="danger-row">
          <div>
            <strong>Download the organisation&rsquo;s records</strong>
            <p className="hint">Details, members, invitations, usage and the activity log, as a JSON file.</p>
          </div>
          <button type="button" className="button secondary" onClick={() => void exportData()} disabled={exporting.busy}>
            {exporting.busy ? "Preparing…" : "Download"}
          </button>
        </div>
      )}
      <ErrorNote error={exporting.error} />
      <div className="danger-row">
        <div>
          <strong>Delete this organisation</strong>
          {scheduled ? (
            <p className="hint">
              Deletion is scheduled for <strong>{formatDateTime(organization.deletion_due_at)}</strong>. Until then everything stays readable and you can
              restore it.
            </p>
          ) : (
            <p className="hint">
              Removes the organisation with its statements, transactions, reports and members. It is kept for a grace period first, during which an owner
              can restore it.
            </p>
          )}
          {!canDelete && <p className="hint">Only owners can delete or restore the organisation.</p>}
        </div>
        {canDelete &&
          (scheduled ? (
            <button type="button" className="button" onClick={() => void restore()} disabled={action.busy} data-testid="org-restore">
              {action.busy ? "Restoring…" : "Restore organisation"}
            </button>
          ) : (
            <button type="button" className="button danger" onClick={() => setConfirming(true)} disabled={action.busy} data-testid="org-delete">
              Delete organisation
            </button>
          ))}
      </div>
      {!confirming && <ErrorNote error={action.error} />}
      {confirming && (
        <ConfirmDialog
          title={`Delete ${organization.name}?`}
          confirmLabel="Delete organisation"
          busy={action.busy}
          error={action.error}
          confirmDisabled={typed.trim() !== organization.name}
          onConfirm={() => void remove()}
          onClose={() => {
            setConfirming(false);
            setTyped("");
            action.reset();
          }}
          testId="delete-dialog"
        >
          <p>
            Everything in <strong>{organization.name}</strong> (statements, transactions, reports, rules, members and API keys) will be deleted for
            good at the end of the grace period. Until then it stays readable and an owner can restore it from this page.
          </p>
          <label className="field">
            <span>
              To confirm, type <strong className="delete-name">{organization.name}</strong>
            </span>
            <input value={typed} onChange={(event) => setTyped(event.target.value)} autoComplete="off" spellCheck={false} autoFocus data-testid="delete-confirm-name" />
          </label>
        </ConfirmDialog>
      )}
    </Section>
  );
}
