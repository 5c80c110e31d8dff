import { useMemo } from "react";
import type { ChartConfiguration, Plugin } from "chart.js";
import { ChartCanvas, COLORS, shillingTick } from "../../components/ChartCanvas";
import { formatDay, formatKES, formatShortDay } from "../../lib/format";
import type { DayValue } from "./series";

/** One projected day: the middle value and its 80% and 95% ranges (cents). */
export interface Projected {
  day: string;
  mid: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

const PAST = "#374151";
const THRESHOLD = "#b42318";
// Dataset order matters: each upper band fills down to the dataset just before it (its lower edge).
const UPPER_95 = 3;
const UPPER_80 = 5;

/** Draws the "last data" divider: a dashed vertical line at the last day with real data, labelled. */
function dividerPlugin(index: number, text: string): Plugin<"line"> {
  return {
    id: "lastDataDivider",
    afterDatasetsDraw(chart) {
      const { ctx, chartArea, scales } = chart;
      const x = scales.x.getPixelForValue(index);
      if (!Number.isFinite(x)) return;
      ctx.save();
      ctx.strokeStyle = "#6b7280";
      ctx.setLineDash([5, 4]);
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(x, chartArea.top);
      ctx.lineTo(x, chartArea.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = "#374151";
      ctx.font = "600 11px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
      const nearRight = x > chartArea.left + (chartArea.right - chartArea.left) * 0.6;
      ctx.textAlign = nearRight ? "right" : "left";
      ctx.fillText(text, nearRight ? x - 6 : x + 6, chartArea.top + 12);
      ctx.restore();
    },
  };
}

/**
 * The past (balance or daily net flow) followed by the forecast with its 80% and 95% bands, a dashed divider at the
 * last day of data and, when set, the warning threshold.
 */
export function ForecastChart(props: { past: DayValue[]; projected: Projected[]; pastLabel: string; projectedLabel: string; connect: boolean; thresholdCents: number | null; testId?: string }) {
  const { past, projected, pastLabel, projectedLabel, connect, thresholdCents, testId } = props;

  const config = useMemo<ChartConfiguration<"line">>(() => {
    // Read once per build: a phone gets fewer date labels so they do not run together.
    const narrow = typeof window !== "undefined" && window.innerWidth < 600;
    const labels = [...past.map((entry) => entry.day), ...projected.map((entry) => entry.day)];
    const lastIndex = past.length - 1;
    const last = past[lastIndex];
    const gap = past.map(() => null as number | null);
    // The forecast starts from the last real value so the two lines meet at the divider.
    const join = (values: number[]) => (connect && last ? [...gap.slice(0, -1), last.value, ...values] : [...gap, ...values]);
    const band = (color: string, label: string, values: number[], fill: false | string) => ({
      label,
      data: join(values),
      borderWidth: 0,
      pointRadius: 0,
      pointHitRadius: 0,
      backgroundColor: color,
      borderColor: color,
      fill,
    });
    const datasets: ChartConfiguration<"line">["data"]["datasets"] = [
      {
        label: pastLabel,
        data: [...past.map((entry) => entry.value), ...projected.map(() => null)],
        borderColor: PAST,
        backgroundColor: PAST,
        borderWidth: 2,
        pointRadius: 0,
        pointHitRadius: 6,
      },
      {
        label: projectedLabel,
        data: join(projected.map((entry) => entry.mid)),
        borderColor: COLORS.net,
        backgroundColor: COLORS.net,
        borderDash: [6, 3],
        borderWidth: 2,
        pointRadius: 0,
        pointHitRadius: 6,
      },
      band(COLORS.band95, "95% range", projected.map((entry) => entry.lower95), false),
      band(COLORS.band95, "95% range (top)", projected.map((entry) => entry.upper95), "-1"),
      band(COLORS.band80, "80% range", projected.map((entry) => entry.lower80), false),
      band(COLORS.band80, "80% range (top)", projected.map((entry) => entry.upper80), "-1"),
    ];
    if (thresholdCents !== null) {
      datasets.push({
        label: "Your threshold",
        data: labels.map(() => thresholdCents),
        borderColor: THRESHOLD,
        backgroundColor: THRESHOLD,
        borderDash: [2, 3],
        borderWidth: 1.5,
        pointRadius: 0,
        pointHitRadius: 0,
      });
    }
    const valueAt = (datasetIndex: number, index: number) => Number(datasets[datasetIndex].data[index] ?? 0);
    return {
      type: "line",
      data: { labels, datasets },
      options: {
        interaction: { mode: "index", intersect: false },
        scales: {
          x: {
            grid: { display: false },
            ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: narrow ? 4 : 7, callback: (_value, index) => formatShortDay(labels[index] ?? "") },
          },
          y: { ticks: { callback: (value) => shillingTick(value) } },
        },
        plugins: {
          legend: {
            position: "bottom",
            labels: { boxWidth: 14, filter: (item) => item.datasetIndex !== UPPER_95 && item.datasetIndex !== UPPER_80 },
          },
          tooltip: {
            filter: (item) => item.datasetIndex !== UPPER_95 && item.datasetIndex !== UPPER_80 && !(item.datasetIndex > 1 && item.dataIndex <= lastIndex),
            callbacks: {
              title: (items) => (items[0] ? formatDay(labels[items[0].dataIndex]) : ""),
              label: (item) => {
                const value = Math.round(item.parsed.y);
                if (item.datasetIndex === UPPER_95 - 1 || item.datasetIndex === UPPER_80 - 1) {
                  const upper = Math.round(valueAt(item.datasetIndex + 1, item.dataIndex));
                  return `${item.dataset.label}: ${formatKES(value)} to ${formatKES(upper)}`;
                }
                return `${item.dataset.label}: ${formatKES(value)}`;
              },
            },
          },
        },
      },
      plugins: lastIndex >= 0 && last ? [dividerPlugin(lastIndex, `Last data: ${formatShortDay(last.day)}`)] : [],
    };
  }, [past, projected, pastLabel, projectedLabel, connect, thresholdCents]);

  const end = projected[projected.length - 1];
  const last = past[past.length - 1];
  const label = [
    last ? `${pastLabel} up to ${formatDay(last.day)} (last day of data): ${formatKES(last.value)}.` : "",
    end
      ? `${projectedLabel} on ${formatDay(end.day)}: ${formatKES(end.mid)}, 80% likely between ${formatKES(end.lower80)} and ${formatKES(end.upper80)}.`
      : "",
  ].join(" ");
  return <ChartCanvas config={config} label={label} height={320} testId={testId} />;
}
