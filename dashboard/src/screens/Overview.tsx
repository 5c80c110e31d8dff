import { api } from "../api/client";
import type { BFFDocument, CategoryBreakdown, Counterparties, Insights, Organization, Profile, Summary, Timeseries, Usage } from "../api/types";
import { PageHeader, Section } from "../components/Section";
import { PeriodPicker } from "../components/PeriodPicker";
import { formatDay } from "../lib/format";
import { usePeriod } from "../lib/period";
import { useAsync } from "../lib/useAsync";
import { sectionError } from "./overview/bff";
import { CategoryBreakdownCard } from "./overview/CategoryBreakdownCard";
import { CounterpartiesCard } from "./overview/CounterpartiesCard";
import { FlowChart } from "./overview/FlowChart";
import { InsightList } from "./overview/InsightList";
import { KpiCards } from "./overview/KpiCards";
import "./overview/Overview.css";
import { NoDataYet } from "../components/NoDataYet";

type OverviewSections = {
  account: Profile;
  organisation: Organization;
  usage: Usage;
  summary: Summary;
  categories: CategoryBreakdown;
  counterparties: Counterparties;
  insights: Insights;
  timeseries: Timeseries;
};

/** The business at a glance for the chosen period: KPIs against the previous period, flows, categories, top names, insights. */
export function OverviewScreen() {
  const { from, to, previous, hasData, spanLoading, span } = usePeriod();
  const overview = useAsync((signal) => api<BFFDocument<OverviewSections>>("/bff/v1/overview", { query: { from, to }, signal }), [from, to]);
  const before = useAsync((signal) => api<Summary>("/api/v1/analytics/summary", { query: { ...previous }, signal }), [previous.from, previous.to]);
  const sections = overview.data?.sections;
  const loading = overview.loading && !overview.data;
  const organisation = sections?.organisation.status === "ok" ? sections.organisation.data : undefined;

  if (!spanLoading && !hasData) {
    return (
      <div>
        <PageHeader title="Overview" subtitle={organisation?.name} />
        <NoDataYet testId="overview-empty" title="Upload your first M-PESA statement">
          Your overview fills in as soon as a statement is in: money in and out, your best customers, where the money goes, and what to watch.
        </NoDataYet>
      </div>
    );
  }

  return (
    <div>
      <PageHeader
        title="Overview"
        subtitle={
          <>
            {organisation?.name ? `${organisation.name} · ` : ""}
            {formatDay(from)} – {formatDay(to)}
            {span && <span className="muted"> (your data: {formatDay(span.from)} – {formatDay(span.to)})</span>}
          </>
        }
        actions={<PeriodPicker />}
      />
      {overview.error && (
        <Section error={overview.error} onRetry={overview.reload} />
      )}
      <KpiCards
        loading={loading}
        summary={sections?.summary.status === "ok" ? sections.summary.data : undefined}
        summaryError={sections ? sectionError(sections.summary, "analytics") : undefined}
        previous={before.data}
        onRetry={overview.reload}
      />
      <Section
        title="Money in and out"
        loading={loading}
        error={sections ? sectionError(sections.timeseries, "analytics") : undefined}
        empty={sections?.timeseries.data?.points.length === 0}
        emptyText="No transactions in this period."
        onRetry={overview.reload}
        testId="flow-chart-section"
      >
        {sections?.timeseries.data && <FlowChart series={sections.timeseries.data} />}
      </Section>
      <div className="grid two">
        <CategoryBreakdownCard loading={loading} section={sections?.categories} onRetry={overview.reload} />
        <CounterpartiesCard loading={loading} section={sections?.counterparties} onRetry={overview.reload} />
      </div>
      <InsightList loading={loading} section={sections?.insights} onRetry={overview.reload} />
    </div>
  );
}
