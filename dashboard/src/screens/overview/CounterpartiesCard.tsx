import { useState } from "react";
import type { BFFSection, Counterparties, CounterpartyShare } from "../../api/types";
import { Section } from "../../components/Section";
import { formatBasisPoints, formatKES } from "../../lib/format";
import { usePeriod } from "../../lib/period";
import { Link } from "../../lib/router";
import { sectionError } from "./bff";

function Trend({ line }: { line: CounterpartyShare }) {
  if (line.previous_amount_cents === 0) return <span className="badge">new</span>;
  const bp = Math.round(((line.amount_cents - line.previous_amount_cents) * 10000) / line.previous_amount_cents);
  return (
    <span className={`small-text ${bp >= 0 ? "positive" : "negative"}`} title="Against the previous period">
      {bp >= 0 ? "▲" : "▼"} {formatBasisPoints(Math.abs(bp))}
    </span>
  );
}

/** Top customers (who pays you) and suppliers (whom you pay), with share and trend. */
export function CounterpartiesCard({ loading, section, onRetry }: { loading: boolean; section?: BFFSection<Counterparties>; onRetry: () => void }) {
  const [side, setSide] = useState<"customers" | "suppliers">("customers");
  const { from, to } = usePeriod();
  const lines = (section?.data?.[side] ?? []).slice(0, 10);
  return (
    <Section
      title={side === "customers" ? "Top customers" : "Top suppliers"}
      actions={
        <div className="segmented" role="group" aria-label="Customers or suppliers">
          <button type="button" className={`button small ${side === "customers" ? "" : "secondary"}`} aria-pressed={side === "customers"} onClick={() => setSide("customers")}>
            Customers
          </button>
          <button type="button" className={`button small ${side === "suppliers" ? "" : "secondary"}`} aria-pressed={side === "suppliers"} onClick={() => setSide("suppliers")}>
            Suppliers
          </button>
        </div>
      }
      loading={loading}
      error={sectionError(section, "analytics")}
      empty={lines.length === 0}
      emptyText={side === "customers" ? "Nobody paid you in this period." : "You paid nobody in this period."}
      onRetry={onRetry}
      testId="counterparties"
    >
      <ol className="list ranked">
        {lines.map((line) => (
          <li key={line.counterparty_key} data-testid="counterparty-line">
            <div className="grow">
              <Link to={`/transactions?counterparty=${encodeURIComponent(line.counterparty_key)}&from=${from}&to=${to}`}>{line.name || line.counterparty_key}</Link>
              <div className="muted small-text">
                {line.count} payment{line.count === 1 ? "" : "s"} · {formatBasisPoints(line.share_bp)} of {side === "customers" ? "money in" : "money out"}
              </div>
            </div>
            <div className="num">
              {formatKES(line.amount_cents)}
              <div>
                <Trend line={line} />
              </div>
            </div>
          </li>
        ))}
      </ol>
    </Section>
  );
}
