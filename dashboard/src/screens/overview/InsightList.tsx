import type { BFFSection, Insights } from "../../api/types";
import { Section } from "../../components/Section";
import { Link } from "../../lib/router";
import { sectionError } from "./bff";

const SEVERITY: Record<string, { label: string; tone: string }> = {
  critical: { label: "Act now", tone: "bad" },
  warning: { label: "Watch", tone: "warn" },
  info: { label: "Good to know", tone: "" },
};

/** What stands out, each insight linking to the transactions that show it. */
export function InsightList({ loading, section, onRetry }: { loading: boolean; section?: BFFSection<Insights>; onRetry: () => void }) {
  const insights = section?.data?.insights ?? [];
  return (
    <Section
      title="What stands out"
      loading={loading}
      error={sectionError(section, "analytics")}
      empty={insights.length === 0}
      emptyText="Nothing unusual in this period."
      onRetry={onRetry}
      testId="insights"
    >
      <ul className="insights">
        {insights.slice(0, 12).map((insight, index) => {
          const severity = SEVERITY[insight.severity] ?? SEVERITY.info;
          const evidence = insight.evidence.slice(0, 200);
          return (
            <li key={`${insight.kind}-${index}`} className="insight" data-testid="insight" data-kind={insight.kind}>
              <div className="row">
                <span className={`badge ${severity.tone}`}>{severity.label}</span>
                <strong>{insight.title}</strong>
              </div>
              <p className="muted">{insight.detail}</p>
              {evidence.length > 0 && (
                <Link to={`/transactions?id=${evidence.join(",")}`} data-testid="insight-evidence">
                  See the {evidence.length} transaction{evidence.length === 1 ? "" : "s"} behind this
                </Link>
              )}
            </li>
          );
        })}
      </ul>
    </Section>
  );
}
