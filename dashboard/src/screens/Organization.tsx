import { useCallback, useState } from "react";
import { api } from "../api/client";
import type { Members, TenantOrganization } from "../api/tenantTypes";
import { useSession } from "../auth/session";
import { PageHeader, Section } from "../components/Section";
import { formatDateTime } from "../lib/format";
import { useAsync } from "../lib/useAsync";
import { DangerZone } from "./organization/DangerZone";
import { InvitationsPanel } from "./organization/InvitationsPanel";
import { IsolationPanel } from "./organization/IsolationPanel";
import { MembersPanel } from "./organization/MembersPanel";
import { OrgDetails } from "./organization/OrgDetails";
import { UsagePanel } from "./organization/UsagePanel";
import "./organization/Organization.css";

/**
 * The organisation: details, plan usage, members and invitations, data storage, and deletion. Each part loads on
 * its own (a failed one says so and offers a retry); what the role cannot do is hidden or explained.
 */
export function OrganizationScreen() {
  const { organizationId, can, reloadProfile } = useSession();
  const id = organizationId ?? "";
  const base = `/api/v1/tenant/organizations/${id}`;
  const organization = useAsync((signal) => api<TenantOrganization>(base, { signal }), [base]);
  const members = useAsync((signal) => api<Members>(`${base}/members`, { signal }), [base]);
  const [usageKey, setUsageKey] = useState(0);
  const bumpUsage = useCallback(() => setUsageKey((n) => n + 1), []);
  const reloadOrganization = organization.reload;
  const afterMove = useCallback(() => {
    reloadOrganization();
  }, [reloadOrganization]);
  const org = organization.data;
  const manageMembers = can("members:manage");
  const manageSettings = can("settings:manage");

  if (!organizationId) {
    return <Section title="Organisation" empty emptyText="You are not working in an organisation yet." />;
  }

  function saved(updated: TenantOrganization) {
    organization.setData(updated);
    // The organisation's name appears in the switcher.
    void reloadProfile().catch(() => undefined);
  }

  return (
    <div className="organization-screen">
      <PageHeader title={org?.name ?? "Organisation"} subtitle="Your business, its plan and the people who can use it." />
      {org?.status === "deleting" && (
        <p className="note note-warning" role="status">
          This organisation is scheduled for deletion on <strong>{formatDateTime(org.deletion_due_at)}</strong>. An owner can restore it from the bottom of
          this page until then.
        </p>
      )}
      {org?.status === "suspended" && (
        <p className="note note-error" role="status">
          This organisation is suspended{org.suspended_reason ? `: ${org.suspended_reason}` : ""}. Contact support to reactivate it.
        </p>
      )}
      {org?.relocating_to && (
        <p className="note note-info" role="status">
          Your data is being moved to new storage. You can look at everything, but uploads and changes wait until the move has finished.
        </p>
      )}
      <div className="grid two org-top">
        <OrgDetails
          organization={org}
          loading={organization.loading}
          error={organization.error}
          onRetry={organization.reload}
          canEdit={manageSettings}
          onSaved={saved}
        />
        <UsagePanel organizationId={id} refreshKey={usageKey} />
      </div>
      <MembersPanel organizationId={id} organizationName={org?.name ?? "this organisation"} members={members} onChanged={bumpUsage} />
      {manageMembers ? (
        <InvitationsPanel organizationId={id} members={members.data?.members ?? []} onChanged={bumpUsage} />
      ) : (
        <Section title="Invitations">
          <p className="hint">Only admins and owners can invite people. Ask one of them to invite the person you want to add.</p>
        </Section>
      )}
      {manageSettings ? (
        <IsolationPanel organizationId={id} onMoved={afterMove} />
      ) : (
        <Section title="Data storage (isolation)">
          <p className="hint">Only admins and owners can see how the organisation&rsquo;s data is stored.</p>
        </Section>
      )}
      {org && <DangerZone organization={org} onChanged={(updated) => organization.setData(updated)} />}
    </div>
  );
}
