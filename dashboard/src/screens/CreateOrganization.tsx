import { useMemo, useState, type FormEvent } from "react";
import { api } from "../api/client";
import { ApiError } from "../api/problem";
import { ROLE_LABELS, type TenantOrganization } from "../api/tenantTypes";
import { useSession } from "../auth/session";
import { ErrorNote, PageHeader } from "../components/Section";
import { useToast } from "../components/Toasts";
import { useRouter } from "../lib/router";
import { timeZones, zoneLabel } from "./organization/timeZones";
import { sentence } from "./organization/useAction";
import "./organization/Organization.css";

/**
 * Create an organisation (a business). With `first`, this is the welcome screen of someone who belongs to no
 * organisation yet: after creating it they go straight to uploading a statement.
 */
export function CreateOrganizationScreen({ first = false }: { first?: boolean }) {
  const { profile, switchOrganization } = useSession();
  const { navigate } = useRouter();
  const toast = useToast();
  const [name, setName] = useState("");
  const [timezone, setTimezone] = useState("Africa/Nairobi");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [opening, setOpening] = useState<string | null>(null);
  const zones = useMemo(() => timeZones(), []);
  const memberships = profile?.memberships ?? [];

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim().length < 2) {
      setFields({ name: "Give the business a name of at least 2 characters." });
      return;
    }
    setBusy(true);
    setError(null);
    setFields({});
    try {
      const created = await api<TenantOrganization>("/api/v1/tenant/organizations", { body: { name: name.trim(), timezone } });
      await switchOrganization(created.id);
      toast(`${created.name} is ready`, "success");
      navigate(first ? "/upload" : "/");
    } catch (reason) {
      const problem = reason instanceof ApiError ? reason : String(reason);
      const found = reason instanceof ApiError ? reason.fieldErrors() : {};
      setFields(found);
      setError(Object.keys(found).length ? null : problem);
    } finally {
      setBusy(false);
    }
  }

  async function open(id: string) {
    setOpening(id);
    setError(null);
    try {
      await switchOrganization(id);
      navigate("/");
    } catch (reason) {
      setError(reason instanceof ApiError ? reason : String(reason));
    } finally {
      setOpening(null);
    }
  }

  return (
    <div className="org-create">
      <PageHeader
        title={first ? "Create your business to get started" : "New organisation"}
        subtitle={
          first
            ? "Your business is where your M-PESA statements, reports and team live. You can invite your team once it is set up."
            : "Each organisation keeps its own statements, reports, members and plan. You become its owner."
        }
      />
      <form className="card org-create-form" onSubmit={submit} noValidate>
        <label className="field">
          Business name
          <input
            data-testid="org-name"
            name="name"
            autoFocus
            autoComplete="organization"
            value={name}
            maxLength={100}
            placeholder="e.g. Mama Mboga Ltd"
            onChange={(event) => setName(event.target.value)}
            aria-invalid={fields.name ? true : undefined}
            aria-describedby={fields.name ? "org-name-error" : undefined}
          />
          {fields.name && (
            <span className="field-error" id="org-name-error">
              {sentence(fields.name)}
            </span>
          )}
        </label>
        <label className="field">
          Time zone
          <select value={timezone} onChange={(event) => setTimezone(event.target.value)} aria-invalid={fields.timezone ? true : undefined}>
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zoneLabel(zone)}
              </option>
            ))}
          </select>
          <span className="hint">Used for &ldquo;this month&rdquo; in usage and reports. Most Kenyan businesses keep Africa/Nairobi.</span>
          {fields.timezone && <span className="field-error">{sentence(fields.timezone)}</span>}
        </label>
        <ErrorNote error={error} />
        <div className="row">
          <button type="submit" className="button" data-testid="org-create" disabled={busy}>
            {busy ? "Creating…" : first ? "Create my business" : "Create organisation"}
          </button>
          {!first && (
            <button type="button" className="button secondary" onClick={() => navigate("/")} disabled={busy}>
              Cancel
            </button>
          )}
        </div>
      </form>
      {first && memberships.length > 0 && (
        <section className="card">
          <h2>Or open one you already belong to</h2>
          <ul className="list">
            {memberships.map((membership) => (
              <li key={membership.organization_id}>
                <span>
                  {membership.name ?? membership.organization_id} <span className="badge">{ROLE_LABELS[membership.role] ?? membership.role}</span>
                </span>
                <button
                  type="button"
                  className="button secondary small"
                  disabled={opening !== null}
                  onClick={() => void open(membership.organization_id)}
                >
                  {opening === membership.organization_id ? "Opening…" : "Open"}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {first && (
        <p className="muted small-text">
          Invited to join someone else&rsquo;s business? Open the link in the invitation e-mail instead.
        </p>
      )}
    </div>
  );
}
