import { api } from "../../api/client";
import type { Features, Usage, UsageItem } from "../../api/tenantTypes";
import { Section } from "../../components/Section";
import { formatCount, formatKES, formatMonth, humanize } from "../../lib/format";
import { useAsync } from "../../lib/useAsync";

const METRIC_LABELS: Record<string, string> = {
  members: "Team members",
  pending_invitations: "Open invitations",
  api_keys: "API keys",
  statements: "Statements uploaded",
  transactions: "Transactions imported",
};

const FEATURE_LABELS: Record<string, string> = {
  api_access: "API access",
  webhooks: "Webhooks",
  pdf_reports: "PDF reports",
  forecasting: "Cash-flow forecasts",
  anomaly_alerts: "Unusual-activity alerts",
  lender_report: "Lender report",
  custom_categories: "Your own categories",
  audit_log: "Activity log",
};

/** Usage against the plan's limits (this month's metered quantities, seats and keys now), as progress bars. */
export function UsagePanel({ organizationId, refreshKey }: { organizationId: string; refreshKey: number }) {
  const usage = useAsync((signal) => api<Usage>(`/api/v1/tenant/organizations/${organizationId}/usage`, { signal }), [organizationId, refreshKey]);
  const features = useAsync((signal) => api<Features>(`/api/v1/tenant/organizations/${organizationId}/features`, { signal }), [organizationId]);
  const plan = features.data?.plan;
  const pendingInvitations = usage.data?.items.find((item) => item.metric === "pending_invitations")?.used ?? 0;
  const included = plan ? Object.entries(plan.features).filter(([, on]) => on).map(([key]) => FEATURE_LABELS[key] ?? humanize(key)) : [];

  return (
    <Section
      title="Plan and usage"
      testId="usage"
      loading={usage.loading && !usage.data}
      error={usage.error}
      onRetry={usage.reload}
      empty={usage.data !== undefined && usage.data.items.length === 0}
      emptyText="No usage recorded yet."
      actions={
        plan ? (
          <span className="plan-name">
            <strong>{plan.name} plan</strong> · {plan.monthly_price_cents === 0 ? "free" : `${formatKES(plan.monthly_price_cents)} a month`}
          </span>
        ) : undefined
      }
    >
      {usage.data && (
        <>
          <p className="muted small-text">Monthly figures are for {formatMonth(usage.data.period)}; members and API keys are counted now.</p>
          <ul className="usage-list">
            {usage.data.items.map((item) => (
              <UsageRow key={item.metric} item={item} pending={item.metric === "members" ? pendingInvitations : 0} />
            ))}
          </ul>
          {plan && (
            <p className="small-text included">
              <span className="muted">Included in your plan: </span>
              {included.length ? included.join(", ") : "the basics"}.
            </p>
          )}
          {features.error && <p className="hint">The plan&rsquo;s features could not be loaded ({features.error.friendly}).</p>}
        </>
      )}
    </Section>
  );
}

function UsageRow({ item, pending }: { item: UsageItem; pending: number }) {
  const label = `${METRIC_LABELS[item.metric] ?? humanize(item.metric)}${item.period ? " this month" : ""}`;
  const limit = item.limit ?? null;
  if (limit === null) {
    return (
      <li className="usage-row">
        <div className="usage-head">
          <span>{label}</span>
          <span className="num">{formatCount(item.used)}</span>
        </div>
        {item.metric !== "pending_invitations" && <span className="hint">No limit on your plan</span>}
      </li>
    );
  }
  if (limit === 0) {
    return (
      <li className="usage-row">
        <div className="usage-head">
          <span>{label}</span>
          <span className="num">{formatCount(item.used)}</span>
        </div>
        <span className="hint">Not included in your plan</span>
      </li>
    );
  }
  // Whole percent by integer arithmetic, capped for the bar.
  const percent = Math.min(100, Math.floor((item.used * 100) / limit));
  const tone = item.used >= limit ? "full" : percent >= 80 ? "near" : "";
  return (
    <li className="usage-row">
      <div className="usage-head">
        <span id={`usage-${item.metric}`}>{label}</span>
        <span className="num">
          {formatCount(item.used)} of {formatCount(limit)}
        </span>
      </div>
      <div
        className={`bar usage-bar ${tone}`}
        role="progressbar"
        aria-labelledby={`usage-${item.metric}`}
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={Math.min(item.used, limit)}
        aria-valuetext={`${formatCount(item.used)} of ${formatCount(limit)}`}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
      {pending > 0 && (
        <span className="hint">
          Open invitations also hold a place: {formatCount(item.used + pending)} of {formatCount(limit)} places taken.
        </span>
      )}
      {tone === "full" && <span className="hint usage-warning">Limit reached: upgrade the plan for more.</span>}
      {tone === "near" && <span className="hint usage-warning">Almost at the limit.</span>}
    </li>
  );
}
