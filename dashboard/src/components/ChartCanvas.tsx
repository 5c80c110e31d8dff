import { useEffect, useRef } from "react";
import { Chart, registerables, type ChartConfiguration, type ChartType } from "chart.js";

Chart.register(...registerables);
Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
Chart.defaults.color = "#4b5563";

/** A Chart.js chart on a canvas, rebuilt when its configuration changes and destroyed with the component. */
export function ChartCanvas<T extends ChartType>({ config, label, height = 260, testId }: { config: ChartConfiguration<T>; label: string; height?: number; testId?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return undefined;
    const chart = new Chart(canvas.current, {
      ...config,
      options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options },
    } as ChartConfiguration<T>);
    return () => chart.destroy();
  }, [config]);
  return (
    <div className="chart" style={{ height }} data-testid={testId}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}

/** Palette used across charts (accessible contrast on white). */
export const COLORS = {
  inflow: "#0b7a3e",
  outflow: "#c2410c",
  net: "#1d4ed8",
  fees: "#7c3aed",
  band95: "rgba(29, 78, 216, 0.12)",
  band80: "rgba(29, 78, 216, 0.22)",
  categorical: ["#0b7a3e", "#1d4ed8", "#c2410c", "#7c3aed", "#0e7490", "#b45309", "#be123c", "#4d7c0f", "#6b7280", "#a21caf"],
};

/** Axis ticks in whole shillings from cents (display only). */
export function shillingTick(value: number | string): string {
  const cents = typeof value === "number" ? value : Number(value);
  const shillings = Math.round(cents / 100);
  const abs = Math.abs(shillings);
  if (abs >= 1_000_000) return `${shillings < 0 ? "-" : ""}${Math.round(abs / 100_000) / 10}M`;
  if (abs >= 1_000) return `${shillings < 0 ? "-" : ""}${Math.round(abs / 100) / 10}K`;
  return String(shillings);
}
