import type { ForecastModel } from "../../api/cashflowTypes";

const NAMES: Record<string, string> = {
  comb: "a blend of three smoothing models (Comb)",
  ses: "simple exponential smoothing",
  holt: "a trend model (Holt)",
  holt_damped: "a trend model that flattens out (damped Holt)",
  seasonal_ses: "smoothing with a weekly pattern",
  holt_winters: "a trend and weekly-pattern model (Holt-Winters)",
  holt_winters_damped: "a flattening trend with a weekly pattern (damped Holt-Winters)",
  theta: "the Theta method",
  naive: "repeating the last day",
  seasonal_naive: "repeating the same weekday of last week",
  flat_mean: "your daily average (too little history for a model)",
  constant: "repeating your constant daily flow",
  zero: "zero (no money moved in the history)",
};

/** A model name the API reports (`comb`, `theta+month_effect`, `ensemble(comb, ses)`) in plain words. */
export function describeMethod(method: string): string {
  const ensemble = /^ensemble\((.*)\)$/.exec(method);
  if (ensemble) {
    const members = ensemble[1].split(",").map((item) => describeMethod(item.trim()));
    return `an average of ${members.slice(0, -1).join(", ")} and ${members[members.length - 1]}`;
  }
  if (method.endsWith("+month_effect")) return `${describeMethod(method.slice(0, -"+month_effect".length))}, adjusted for month-end days`;
  return NAMES[method] ?? method.replace(/_/g, " ");
}

/** The chosen model's average daily error in the backtest, in whole cents (null when it was not backtested). */
export function typicalDailyErrorCents(forecast: ForecastModel): number | null {
  const chosen = forecast.candidates.find((candidate) => candidate.method === forecast.method);
  if (chosen && Number.isFinite(chosen.mae)) return Math.round(chosen.mae);
  if (forecast.backtest && Number.isFinite(forecast.backtest.mase * forecast.backtest.seasonal_naive_mae)) {
    return Math.round(forecast.backtest.mase * forecast.backtest.seasonal_naive_mae);
  }
  return null;
}
