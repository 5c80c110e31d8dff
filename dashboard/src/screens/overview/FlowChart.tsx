import { useMemo } from "react";
import type { ChartConfiguration } from "chart.js";
import type { SeriesPoint, Timeseries } from "../../api/types";
import { ChartCanvas, COLORS, shillingTick } from "../../components/ChartCanvas";
import { formatDay, formatKES, formatShortDay } from "../../lib/format";

/** Daily points, grouped into weeks when the period is long (sums of integer cents). */
function grouped(series: Timeseries): { points: SeriesPoint[]; unit: "day" | "week" } {
  if (series.points.length <= 62) return { points: series.points, unit: "day" };
  const weeks: SeriesPoint[] = [];
  for (let index = 0; index < series.points.length; index += 7) {
    const slice = series.points.slice(index, index + 7);
    weeks.push(
      slice.reduce(
        (total, point) => ({
          ...total,
          last_day: point.last_day,
          inflow_cents: total.inflow_cents + point.inflow_cents,
          outflow_cents: total.outflow_cents + point.outflow_cents,
          fees_cents: total.fees_cents + point.fees_cents,
          net_cents: total.net_cents + point.net_cents,
          count: total.count + point.count,
        }),
        { ...slice[0], inflow_cents: 0, outflow_cents: 0, fees_cents: 0, net_cents: 0, count: 0 },
      ),
    );
  }
  return { points: weeks, unit: "week" };
}

/** Money in and out per day (or week) as bars, with net as a line. */
export function FlowChart({ series }: { series: Timeseries }) {
  const { points, unit } = useMemo(() => grouped(series), [series]);
  const config = useMemo<ChartConfiguration<"bar" | "line">>(
    () => ({
      type: "bar",
      data: {
        labels: points.map((point) => (unit === "day" ? formatShortDay(point.first_day) : `Week of ${formatShortDay(point.first_day)}`)),
        datasets: [
          { type: "bar", label: "Money in", data: points.map((point) => point.inflow_cents), backgroundColor: COLORS.inflow, borderRadius: 3 },
          { type: "bar", label: "Money out", data: points.map((point) => -point.outflow_cents), backgroundColor: COLORS.outflow, borderRadius: 3 },
          { type: "line", label: "Net", data: points.map((point) => point.net_cents), borderColor: COLORS.net, backgroundColor: COLORS.net, pointRadius: 0, borderWidth: 2, tension: 0.25 },
        ],
      },
      options: {
        interaction: { mode: "index", intersect: false },
        scales: {
          x: { stacked: true, grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 12 } },
          y: { stacked: false, ticks: { callback: (value) => shillingTick(value) } },
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${formatKES(Math.abs(Number(item.raw)))}` } },
        },
      },
    }),
    [points, unit],
  );
  const totalIn = points.reduce((sum, point) => sum + point.inflow_cents, 0);
  const totalOut = points.reduce((sum, point) => sum + point.outflow_cents, 0);
  return (
    <>
      <ChartCanvas
        config={config}
        label={`Money in ${formatKES(totalIn)} and out ${formatKES(totalOut)} per ${unit} from ${formatDay(series.from)} to ${formatDay(series.to)}`}
        testId="flow-chart"
      />
      <details className="chart-table">
        <summary>Show as a table</summary>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{unit === "day" ? "Day" : "Week from"}</th>
                <th className="num">Money in</th>
                <th className="num">Money out</th>
                <th className="num">Net</th>
                <th className="num">Payments</th>
              </tr>
            </thead>
            <tbody>
              {points.map((point) => (
                <tr key={point.key}>
                  <td>{formatDay(point.first_day)}</td>
                  <td className="num">{formatKES(point.inflow_cents)}</td>
                  <td className="num">{formatKES(point.outflow_cents)}</td>
                  <td className={`num ${point.net_cents < 0 ? "negative" : ""}`}>{formatKES(point.net_cents)}</td>
                  <td className="num">{point.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}
