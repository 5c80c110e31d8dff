import { useMemo, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { ROLE_LABELS, TIER_LABELS, type TenantOrganization } from "../../api/tenantTypes";
import { ErrorNote, Section } from "../../components/Section";
import { useToast } from "../../components/Toasts";
import { formatInstantDay, humanize } from "../../lib/format";
import { timeZones, zoneLabel } from "./timeZones";
import { sentence, useAction } from "./useAction";

const STATUS_BADGE: Record<string, string> = { active: "good", suspended: "bad", deleting: "warn", deleted: "bad" };

/** The organisation's details; admins (settings:manage) can change the name, time zone, contact e-mail and KRA PIN. */
export function OrgDetails(props: {
  organization: TenantOrganization | undefined;
  loading: boolean;
  error?: Parameters<typeof Section>[0]["error"];
  onRetry: () => void;
  canEdit: boolean;
  onSaved: (organization: TenantOrganization) => void;
}) {
  const { organization, loading, error, onRetry, canEdit, onSaved } = props;
  const [editing, setEditing] = useState(false);
  return (
    <Section
      title="Organisation details"
      loading={loading && !organization}
      error={error}
      onRetry={onRetry}
      testId="org-details"
      actions={
        organization && !editing ? (
          canEdit ? (
            <button type="button" className="button secondary small" onClick={() => setEditing(true)} data-testid="org-edit">
              Edit details
            </button>
          ) : (
            <span className="hint">Only admins and owners can change these.</span>
          )
        ) : undefined
      }
    >
      {organization &&
        (editing ? (
          <DetailsForm
            organization={organization}
            onCancel={() => setEditing(false)}
            onSaved={(updated) => {
              setEditing(false);
              onSaved(updated);
            }}
          />
        ) : (
          <dl className="facts">
            <div>
              <dt>Name</dt>
              <dd>{organization.name}</dd>
            </div>
            <div>
              <dt>Plan</dt>
              <dd>{humanize(organization.plan)}</dd>
            </div>
            <div>
              <dt>Your role</dt>
              <dd>{ROLE_LABELS[organization.role ?? ""] ?? organization.role ?? "—"}</dd>
            </div>
            <div>
              <dt>Status</dt>
              <dd>
                <span className={`badge ${STATUS_BADGE[organization.status] ?? ""}`}>{organization.status === "deleting" ? "Scheduled for deletion" : humanize(organization.status)}</span>
                {organization.suspended_reason && <span className="hint"> {organization.suspended_reason}</span>}
              </dd>
            </div>
            <div>
              <dt>Data storage</dt>
              <dd>{TIER_LABELS[organization.tier] ?? humanize(organization.tier)}</dd>
            </div>
            <div>
              <dt>Time zone</dt>
              <dd>{zoneLabel(organization.timezone)}</dd>
            </div>
            <div>
              <dt>Contact e-mail</dt>
              <dd>{organization.contact_email || <span className="muted">Not set</span>}</dd>
            </div>
            <div>
              <dt>KRA PIN</dt>
              <dd>{organization.kra_pin || <span className="muted">Not set</span>}</dd>
            </div>
            <div>
              <dt>Created</dt>
              <dd>{formatInstantDay(organization.created_at)}</dd>
            </div>
          </dl>
        ))}
    </Section>
  );
}

function DetailsForm({ organization, onCancel, onSaved }: { organization: TenantOrganization; onCancel: () => void; onSaved: (o: TenantOrganization) => void }) {
  const toast = useToast();
  const action = useAction();
  const [name, setName] = useState(organization.name);
  const [timezone, setTimezone] = useState(organization.timezone);
  const [email, setEmail] = useState(organization.contact_email ?? "");
  const [pin, setPin] = useState(organization.kra_pin ?? "");
  const zones = useMemo(() => timeZones(organization.timezone), [organization.timezone]);
  const { fields } = action;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const changes: Record<string, string | null> = {};
    if (name.trim() !== organization.name) changes.name = name.trim();
    if (timezone !== organization.timezone) changes.timezone = timezone;
    if (email.trim() !== (organization.contact_email ?? "")) changes.contact_email = email.trim() || null;
    if (pin.trim().toUpperCase() !== (organization.kra_pin ?? "")) changes.kra_pin = pin.trim() || null;
    if (Object.keys(changes).length === 0) {
      onCancel();
      return;
    }
    await action.run(
      async () => {
        const updated = await api<TenantOrganization>(`/api/v1/tenant/organizations/${organization.id}`, { method: "PATCH", body: changes });
        toast("Organisation details saved", "success");
        onSaved(updated);
      },
      { email: "contact_email" },
    );
  }

  return (
    <form onSubmit={submit} noValidate className="details-form">
      <div className="grid two">
        <label className="field">
          Name
          <input value={name} onChange={(event) => setName(event.target.value)} maxLength={100} autoFocus aria-invalid={fields.name ? true : undefined} />
          {fields.name && <span className="field-error">{sentence(fields.name)}</span>}
        </label>
        <label className="field">
          Time zone
          <select value={timezone} onChange={(event) => setTimezone(event.target.value)}>
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zoneLabel(zone)}
              </option>
            ))}
          </select>
          {fields.timezone && <span className="field-error">{sentence(fields.timezone)}</span>}
        </label>
        <label className="field">
          Contact e-mail
          <input
            type="email"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            placeholder="accounts@yourbusiness.co.ke"
            autoComplete="email"
            aria-invalid={fields.contact_email ? true : undefined}
          />
          <span className="hint">The business&rsquo;s contact address. Leave empty to remove.</span>
          {fields.contact_email && <span className="field-error">{sentence(fields.contact_email)}</span>}
        </label>
        <label className="field">
          KRA PIN
          <input
            value={pin}
            onChange={(event) => setPin(event.target.value.toUpperCase())}
            placeholder="P051234567Q"
            maxLength={11}
            autoCapitalize="characters"
            spellCheck={false}
            aria-invalid={fields.kra_pin ? true : undefined}
          />
          <span className="hint">Your business tax PIN: a letter, nine digits and a letter.</span>
          {fields.kra_pin && <span className="field-error">{sentence(fields.kra_pin)}</span>}
        </label>
      </div>
      <ErrorNote error={action.error} />
      <div className="row">
        <button type="submit" className="button" disabled={action.busy} data-testid="org-save">
          {action.busy ? "Saving…" : "Save changes"}
        </button>
        <button type="button" className="button secondary" onClick={onCancel} disabled={action.busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
