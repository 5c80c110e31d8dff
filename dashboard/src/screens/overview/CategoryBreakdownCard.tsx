import { useMemo, useState } from "react";
import type { ChartConfiguration } from "chart.js";
import type { BFFSection, CategoryBreakdown } from "../../api/types";
import { ChartCanvas, COLORS } from "../../components/ChartCanvas";
import { Section } from "../../components/Section";
import { useCategoryNames } from "../../lib/categories";
import { formatBasisPoints, formatKES } from "../../lib/format";
import { Link } from "../../lib/router";
import { usePeriod } from "../../lib/period";
import { sectionError } from "./bff";

/** Where the money goes (or comes from), by category: a doughnut and a ranked list linking to the transactions. */
export function CategoryBreakdownCard({ loading, section, onRetry }: { loading: boolean; section?: BFFSection<CategoryBreakdown>; onRetry: () => void }) {
  const [direction, setDirection] = useState<"out" | "in">("out");
  const { nameOf } = useCategoryNames();
  const { from, to } = usePeriod();
  const lines = useMemo(
    () => (section?.data?.categories ?? []).filter((line) => line.direction === direction).sort((a, b) => b.amount_cents - a.amount_cents),
    [section, direction],
  );
  const top = lines.slice(0, 8);
  const rest = lines.slice(8).reduce((sum, line) => sum + line.amount_cents, 0);
  const config = useMemo<ChartConfiguration<"doughnut">>(
    () => ({
      type: "doughnut",
      data: {
        labels: [...top.map((line) => nameOf(line.category)), ...(rest > 0 ? ["Everything else"] : [])],
        datasets: [{ data: [...top.map((line) => line.amount_cents), ...(rest > 0 ? [rest] : [])], backgroundColor: COLORS.categorical, borderWidth: 1 }],
      },
      options: {
        cutout: "60%",
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: (item) => `${item.label}: ${formatKES(Number(item.raw))}` } } },
      },
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [lines, nameOf.length],
  );
  return (
    <Section
      title={direction === "out" ? "Where the money goes" : "Where the money comes from"}
      actions={
        <div className="segmented" role="group" aria-label="Direction">
          <button type="button" className={`button small ${direction === "out" ? "" : "secondary"}`} aria-pressed={direction === "out"} onClick={() => setDirection("out")}>
            Money out
          </button>
          <button type="button" className={`button small ${direction === "in" ? "" : "secondary"}`} aria-pressed={direction === "in"} onClick={() => setDirection("in")}>
            Money in
          </button>
        </div>
      }
      loading={loading}
      error={sectionError(section, "analytics")}
      empty={lines.length === 0}
      emptyText={direction === "out" ? "No money went out in this period." : "No money came in during this period."}
      onRetry={onRetry}
      testId="categories"
    >
      <div className="split">
        <ChartCanvas config={config} label={`Shares of money ${direction === "out" ? "out" : "in"} by category`} height={200} />
        <ul className="list">
          {top.map((line) => (
            <li key={line.category} data-testid="category-line" data-category={line.category} data-cents={line.amount_cents}>
              <div className="grow">
                <Link to={`/transactions?category=${encodeURIComponent(line.category)}&direction=${direction}&from=${from}&to=${to}`}>{nameOf(line.category)}</Link>
                <div className="bar" aria-hidden="true">
                  <span style={{ width: `${Math.max(1, Math.round(line.share_bp / 100))}%` }} />
                </div>
              </div>
              <div className="num">
                {formatKES(line.amount_cents)}
                <div className="muted small-text">{formatBasisPoints(line.share_bp)}</div>
              </div>
            </li>
          ))}
        </ul>
      </div>
    </Section>
  );
}
