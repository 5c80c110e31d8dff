import type { Summary } from "../../api/types";
import { Section } from "../../components/Section";
import { formatCount, formatDay, formatKES } from "../../lib/format";

/** What the forecast stands on: the ledger's days, money in and out, and the last printed balance. */
export function DataSummary(props: { summary?: Summary; balanceCents?: number | null; balanceDay?: string; loading: boolean; error?: string; onRetry: () => void }) {
  const { summary, balanceCents, balanceDay, loading, error, onRetry } = props;
  return (
    <Section
      title={summary?.from && summary.to ? `Your data: ${formatDay(summary.from)} – ${formatDay(summary.to)}` : "Your data"}
      loading={loading}
      error={error}
      onRetry={onRetry}
      testId="cashflow-summary"
    >
      {summary && (
        <div className="kpis cf-kpis">
          {balanceCents !== undefined && balanceCents !== null && (
            <div className="kpi">
              <div className="kpi-label">Last balance{balanceDay ? ` (${formatDay(balanceDay)})` : ""}</div>
              <div className="kpi-value">{formatKES(balanceCents)}</div>
            </div>
          )}
          <div className="kpi">
            <div className="kpi-label">Money in</div>
            <div className="kpi-value positive">{formatKES(summary.inflow_cents)}</div>
          </div>
          <div className="kpi">
            <div className="kpi-label">Money out (with charges)</div>
            <div className="kpi-value negative">{formatKES(summary.outflow_cents + summary.fees_cents)}</div>
          </div>
          <div className="kpi">
            <div className="kpi-label">Net</div>
            <div className={`kpi-value ${summary.net_cents < 0 ? "negative" : ""}`}>{formatKES(summary.net_cents, { sign: true })}</div>
            <div className="kpi-change muted">
              {formatCount(summary.transaction_count)} transactions over {formatCount(summary.days)} days
            </div>
          </div>
        </div>
      )}
    </Section>
  );
}
