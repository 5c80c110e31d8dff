import { useState } from "react";
import { ApiError } from "../api/problem";
import { useSession } from "../auth/session";
import { useRouter } from "../lib/router";
import { useToast } from "./Toasts";

/** Switches the organisation the session acts for (a refresh of the session for that organisation). */
export function OrganizationSwitcher() {
  const { profile, organizationId, switchOrganization } = useSession();
  const { navigate } = useRouter();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const memberships = profile?.memberships ?? [];
  return (
    <label className="org-switcher">
      <span className="visually-hidden">Organisation</span>
      <select
        data-testid="org-switcher"
        value={organizationId ?? ""}
        disabled={busy}
        onChange={async (event) => {
          const value = event.target.value;
          if (value === "__new") {
            navigate("/organizations/new");
            return;
          }
          setBusy(true);
          try {
            await switchOrganization(value);
            navigate("/", { replace: false });
            const name = memberships.find((membership) => membership.organization_id === value)?.name ?? value;
            toast(`Now working in ${name}`, "success");
          } catch (error) {
            toast(error instanceof ApiError ? error.friendly : "Could not switch organisation", "error");
          } finally {
            setBusy(false);
          }
        }}
      >
        {!organizationId && <option value="">Choose an organisation</option>}
        {memberships.map((membership) => (
          <option key={membership.organization_id} value={membership.organization_id}>
            {membership.name ?? membership.organization_id} ({membership.role})
          </option>
        ))}
        <option value="__new">+ New organisation…</option>
      </select>
    </label>
  );
}
