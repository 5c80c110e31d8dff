import { useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { ROLE_SCOPES, SCOPE_LABELS, type APIKey, type APIKeys } from "../../api/accountTypes";
import { ROLE_LABELS, ROLES, roleRank, type Features } from "../../api/tenantTypes";
import { useSession } from "../../auth/session";
import { ErrorNote, Section } from "../../components/Section";
import { useToast } from "../../components/Toasts";
import { formatDateTime, formatInstantDay } from "../../lib/format";
import { useAsync } from "../../lib/useAsync";
import { ConfirmDialog } from "../../components/Dialog";
import { sentence, useAction } from "../organization/useAction";
import { CopyBox } from "./CopyBox";

/** The organisation's API keys (admins: api_keys:manage): list, create (the key shown once), revoke. */
export function APIKeysSection() {
  const { organizationId, role: myRole, profile } = useSession();
  const toast = useToast();
  const keys = useAsync((signal) => api<APIKeys>("/api/v1/auth/api-keys", { signal }), [organizationId]);
  const features = useAsync(
    (signal) => api<Features>(`/api/v1/tenant/organizations/${organizationId}/features`, { signal }),
    [organizationId],
  );
  const create = useAction();
  const revoke = useAction();
  const [name, setName] = useState("");
  const [role, setRole] = useState("viewer");
  const [scopes, setScopes] = useState<string[]>(ROLE_SCOPES.viewer);
  const [secret, setSecret] = useState<APIKey | null>(null);
  const [revoking, setRevoking] = useState<APIKey | null>(null);
  const roles = ROLES.filter((r) => roleRank(r) <= roleRank(myRole));
  const planAllows = features.data ? features.data.plan.features.api_access === true : undefined;
  const limit = features.data?.plan.limits.api_keys;
  const list = [...(keys.data?.api_keys ?? [])].sort((a, b) => Number(Boolean(a.revoked_at)) - Number(Boolean(b.revoked_at)) || b.created_at.localeCompare(a.created_at));
  const active = list.filter((key) => !key.revoked_at).length;

  function chooseRole(next: string) {
    setRole(next);
    setScopes(ROLE_SCOPES[next] ?? ["read"]);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      create.setError("Give the key a name, e.g. the program that will use it.");
      return;
    }
    if (scopes.length === 0) {
      create.setError("Choose at least one thing the key may do.");
      return;
    }
    const ok = await create.run(async () => {
      const created = await api<APIKey>("/api/v1/auth/api-keys", { body: { name: name.trim(), role, scopes } });
      setSecret(created);
      keys.setData((previous) => ({ api_keys: [{ ...created, key: null }, ...(previous?.api_keys ?? [])] }));
      toast(`API key “${created.name}” created`, "success");
    });
    if (ok) {
      setName("");
      chooseRole("viewer");
    }
  }

  async function confirmRevoke() {
    if (!revoking) return;
    const target = revoking;
    const ok = await revoke.run(async () => {
      await api(`/api/v1/auth/api-keys/${encodeURIComponent(target.id)}`, { method: "DELETE" });
      keys.reload();
      toast(`API key “${target.name}” revoked`, "success");
    });
    if (ok) setRevoking(null);
  }

  const cannotCreate = planAllows === false ? "Your plan does not include API access. Upgrade to Starter or above to create keys." : null;

  return (
    <Section
      title="API keys"
      testId="api-keys"
      loading={keys.loading && !keys.data}
      error={keys.error}
      onRetry={keys.reload}
    >
      <p className="hint">
        Keys let your own programs read your data or upload statements for this organisation without a password. Each key acts with a role you
        choose, never above yours.
        {typeof limit === "number" && limit > 0 && ` Your plan allows ${limit} active ${limit === 1 ? "key" : "keys"}; ${active} in use.`}
      </p>
      {cannotCreate && <p className="note note-info">{cannotCreate}</p>}

      {secret?.key && (
        <div className="api-key-secret" role="alert">
          <p className="note note-warning">
            <strong>Copy your new key now.</strong> For your security it will not be shown again. Store it somewhere safe, such as a password manager.
          </p>
          <CopyBox text={secret.key} label="API key" testId="api-key-secret" />
          <button type="button" className="button secondary" onClick={() => setSecret(null)}>
            I have copied it
          </button>
        </div>
      )}

      {!secret?.key && (
        <form className="api-key-form" onSubmit={submit} noValidate>
          <h3>Create a key</h3>
          <fieldset className="api-key-fields" disabled={Boolean(cannotCreate) || create.busy}>
          <div className="grid two">
            <label className="field">
              Name
              <input value={name} onChange={(event) => setName(event.target.value)} maxLength={80} placeholder="e.g. Accounting export" aria-invalid={create.fields.name ? true : undefined} data-testid="api-key-name" />
              {create.fields.name && <span className="field-error">{sentence(create.fields.name)}</span>}
            </label>
            <label className="field">
              Acts as
              <select value={role} onChange={(event) => chooseRole(event.target.value)} data-testid="api-key-role">
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABELS[r]}
                  </option>
                ))}
              </select>
              {create.fields.role && <span className="field-error">{sentence(create.fields.role)}</span>}
            </label>
          </div>
          <fieldset className="scope-list">
            <legend>What the key may do</legend>
            {(ROLE_SCOPES[role] ?? []).map((scope) => (
              <label key={scope} className="scope">
                <input
                  type="checkbox"
                  checked={scopes.includes(scope)}
                  onChange={(event) => setScopes((current) => (event.target.checked ? [...current, scope] : current.filter((s) => s !== scope)))}
                />
                {SCOPE_LABELS[scope] ?? scope}
              </label>
            ))}
            {create.fields.scopes && <span className="field-error">{sentence(create.fields.scopes)}</span>}
          </fieldset>
          </fieldset>
          <ErrorNote error={create.error} />
          <div className="row">
            <button type="submit" className="button" disabled={create.busy || Boolean(cannotCreate)} data-testid="api-key-create">
              {create.busy ? "Creating…" : "Create key"}
            </button>
            {cannotCreate && <span className="hint">Not available on your plan.</span>}
          </div>
        </form>
      )}

      <h3>Your keys</h3>
      {keys.data && list.length === 0 && <p className="muted">No API keys yet.</p>}
      {list.length > 0 && (
        <div className="table-wrap">
          <table className="api-key-table" data-testid="api-keys-list">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key starts with</th>
                <th scope="col">Acts as</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((key) => (
                <tr key={key.id} className={key.revoked_at ? "revoked" : ""}>
                  <td>
                    <strong>{key.name}</strong>
                    <div className="hint">{key.scopes.map((scope) => SCOPE_LABELS[scope] ?? scope).join(", ")}</div>
                  </td>
                  <td>
                    <code>mpk_{key.prefix}_…</code>
                  </td>
                  <td>{ROLE_LABELS[key.role] ?? key.role}</td>
                  <td>
                    {formatInstantDay(key.created_at)}
                    {key.created_by === profile?.id && <div className="hint">by you</div>}
                  </td>
                  <td>{key.last_used_at ? formatDateTime(key.last_used_at) : <span className="muted">Never</span>}</td>
                  <td>{key.revoked_at ? <span className="badge">Revoked {formatInstantDay(key.revoked_at)}</span> : <span className="badge good">Active</span>}</td>
                  <td>
                    {!key.revoked_at && (
                      <button type="button" className="button secondary small" onClick={() => { setRevoking(key); revoke.reset(); }}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revoking && (
        <ConfirmDialog
          title={`Revoke “${revoking.name}”?`}
          confirmLabel="Revoke key"
          busy={revoke.busy}
          error={revoke.error}
          onConfirm={() => void confirmRevoke()}
          onClose={() => setRevoking(null)}
        >
          <p>
            Programs using the key starting <code>mpk_{revoking.prefix}_</code> stop working at once. This cannot be undone; you can create a new key
            instead.
          </p>
        </ConfirmDialog>
      )}
    </Section>
  );
}
