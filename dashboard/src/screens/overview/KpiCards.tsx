import type { Summary } from "../../api/types";
import { Section } from "../../components/Section";
import { formatBasisPoints, formatCount, formatKES } from "../../lib/format";

interface Kpi {
  id: string;
  label: string;
  cents: number;
  previousCents?: number;
  /** Whether a rise is good news (inflow) or bad news (outflow, fees, Fuliza cost). */
  riseIsGood: boolean;
  note?: string;
}

/** Change against the previous period in basis points (integer arithmetic on cents; display only). */
function changeBp(current: number, previous: number | undefined): number | null {
  if (previous === undefined || previous === 0) return null;
  return Math.round(((current - previous) * 10000) / Math.abs(previous));
}

function Change({ kpi }: { kpi: Kpi }) {
  if (kpi.previousCents === undefined) return <span className="kpi-change muted">&nbsp;</span>;
  if (kpi.id === "net") {
    // A percentage of a net that changes sign means nothing; say the difference in shillings.
    const difference = kpi.cents - kpi.previousCents;
    if (difference === 0) return <span className="kpi-change muted">Same as the previous period</span>;
    return (
      <span className={`kpi-change ${difference > 0 ? "positive" : "negative"}`}>
        <span aria-hidden="true">{difference > 0 ? "▲" : "▼"}</span> {formatKES(Math.abs(difference))} {difference > 0 ? "better" : "worse"} than the previous period
      </span>
    );
  }
  const bp = changeBp(kpi.cents, kpi.previousCents);
  if (bp === 0) return <span className="kpi-change muted">Same as the previous period</span>;
  if (bp === null) return <span className="kpi-change muted">{kpi.cents === 0 ? "No change" : "New this period"} vs previous period</span>;
  const good = bp === 0 ? null : bp > 0 === kpi.riseIsGood;
  const arrow = bp > 0 ? "▲" : bp < 0 ? "▼" : "■";
  return (
    <span className={`kpi-change ${good === null ? "muted" : good ? "positive" : "negative"}`}>
      <span aria-hidden="true">{arrow}</span> {formatBasisPoints(Math.abs(bp))} {bp >= 0 ? "up" : "down"} vs previous period
      <span className="visually-hidden"> ({formatKES(kpi.previousCents)} before)</span>
    </span>
  );
}

/** Inflow, outflow, net, fees and Fuliza cost, each with its change against the period just before. */
export function KpiCards(props: { loading: boolean; summary?: Summary; summaryError?: string; previous?: Summary; onRetry: () => void }) {
  const { loading, summary, summaryError, previous, onRetry } = props;
  if (loading || summaryError || !summary) {
    return <Section loading={loading} error={summaryError} onRetry={onRetry} empty={!loading && !summaryError} emptyText="No figures for this period." />;
  }
  const kpis: Kpi[] = [
    { id: "inflow", label: "Money in", cents: summary.inflow_cents, previousCents: previous?.inflow_cents, riseIsGood: true, note: `${formatCount(summary.inflow_count)} payments` },
    { id: "outflow", label: "Money out", cents: summary.outflow_cents, previousCents: previous?.outflow_cents, riseIsGood: false, note: `${formatCount(summary.outflow_count)} payments` },
    { id: "net", label: "Net cashflow", cents: summary.net_cents, previousCents: previous?.net_cents, riseIsGood: true, note: summary.net_cents >= 0 ? "More in than out" : "More out than in" },
    {
      id: "fees", label: "M-PESA fees", cents: summary.fees_cents, previousCents: previous?.fees_cents, riseIsGood: false,
      note: summary.fee_rate_bp !== null && summary.fee_rate_bp !== undefined ? `${formatBasisPoints(summary.fee_rate_bp)} of money out` : undefined,
    },
    {
      id: "fuliza", label: "Fuliza cost (estimated)", cents: summary.fuliza?.estimated_cost_cents ?? 0, previousCents: previous?.fuliza?.estimated_cost_cents,
      riseIsGood: false, note: summary.fuliza ? `${formatCount(summary.fuliza.days_in_overdraft)} days in overdraft` : undefined,
    },
  ];
  return (
    <div className="kpis" data-testid="kpis">
      {kpis.map((kpi) => (
        <div className="kpi" key={kpi.id} data-testid={`kpi-${kpi.id}`} data-cents={kpi.cents}>
          <div className="kpi-label">{kpi.label}</div>
          <div className="kpi-value">{formatKES(kpi.cents)}</div>
          <Change kpi={kpi} />
          {kpi.note && <div className="muted small-text">{kpi.note}</div>}
        </div>
      ))}
    </div>
  );
}
