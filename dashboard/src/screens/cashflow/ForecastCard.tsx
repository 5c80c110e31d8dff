import { useMemo } from "react";
import type { ForecastAnswer } from "../../api/cashflowTypes";
import type { ApiError } from "../../api/problem";
import type { BFFSection, Timeseries } from "../../api/types";
import { Section } from "../../components/Section";
import { formatCount, formatDay, formatKES, formatPercent } from "../../lib/format";
import { sectionProblem } from "./bff";
import { ForecastChart, type Projected } from "./ForecastChart";
import { describeMethod, typicalDailyErrorCents } from "./model";
import { balanceHistory, dailyNet, type DayValue } from "./series";

/** The balance so far and the forecast after it, with the model in plain words. */
export function ForecastCard(props: {
  forecast?: BFFSection<ForecastAnswer>;
  timeseries?: BFFSection<Timeseries>;
  whole?: ApiError;
  loading: boolean;
  horizon: number;
  thresholdCents: number | null;
  onRetry: () => void;
}) {
  const { forecast, timeseries, whole, loading, horizon, thresholdCents, onRetry } = props;
  const answer = forecast?.status === "ok" ? forecast.data : undefined;
  const series = timeseries?.status === "ok" ? timeseries.data : undefined;
  const seriesProblem = sectionProblem(timeseries, undefined);

  const view = useMemo(() => {
    if (!answer?.forecast) return null;
    const keep = Math.max(90, horizon);
    const trim = (values: DayValue[]) => values.slice(-keep);
    if (answer.balance && answer.balance.days.length > 0) {
      const history = series ? balanceHistory(series, answer) : null;
      const past = history ? trim(history) : [{ day: answer.history_to, value: answer.balance.opening_balance }];
      const projected: Projected[] = answer.balance.days.map((day) => ({
        day: day.day, mid: day.balance, lower80: day.lower_80, upper80: day.upper_80, lower95: day.lower_95, upper95: day.upper_95,
      }));
      return { mode: "balance" as const, past, projected, rebuilt: !!history };
    }
    const past = series ? trim(dailyNet(series).filter((entry) => entry.day <= answer.history_to)) : [];
    const projected: Projected[] = answer.forecast.points.map((point) => ({
      day: point.day, mid: point.mean, lower80: point.lower_80, upper80: point.upper_80, lower95: point.lower_95, upper95: point.upper_95,
    }));
    return { mode: "net" as const, past, projected, rebuilt: false };
  }, [answer, series, horizon]);

  const model = answer?.forecast;
  const error = !model && answer ? "The forecast service gave no forecast for your data." : sectionProblem(forecast, whole);
  const end = view?.projected[view.projected.length - 1];
  const typicalError = model ? typicalDailyErrorCents(model) : null;

  return (
    <Section title={view?.mode === "net" ? "Daily net flow forecast" : "Balance forecast"} loading={loading} error={error} onRetry={onRetry} testId="forecast-section">
      {answer && model && view && (
        <>
          {model.method === "flat_mean" && (
            <p className="note note-warning" role="status">
              Your history is too short for a proper forecast ({model.notes[0] ?? "a flat forecast at the daily average"}). Upload more
              statements for a better one.
            </p>
          )}
          {view.mode === "net" && (
            <p className="note note-info">
              Your statement does not print balances, so this shows the daily net flow (money in minus money out) and its forecast
              instead of the balance.
            </p>
          )}
          {view.mode === "balance" && !view.rebuilt && (
            <p className="note note-warning">
              Past balances could not be shown. {seriesProblem ?? ""} The chart starts from the last printed balance.
            </p>
          )}
          <ForecastChart
            past={view.past}
            projected={view.projected}
            pastLabel={view.mode === "balance" ? "Balance" : "Daily net flow"}
            projectedLabel={view.mode === "balance" ? "Forecast balance" : "Forecast net flow"}
            connect={view.mode === "balance"}
            thresholdCents={view.mode === "balance" ? thresholdCents : null}
            testId="forecast-chart"
          />
          <p className="cf-caption muted small-text">
            Left of the dashed line: {view.mode === "balance" ? "your end-of-day balance" : "what actually came in and went out"} up to{" "}
            {formatDay(answer.history_to)}, the last day of your data
            {view.mode === "balance" && view.rebuilt ? " (worked back from the last balance M-PESA printed)" : ""}. Right: the next{" "}
            {formatCount(view.projected.length)} days. The shaded bands show where the figure should land 80% and 95% of the time.
          </p>
          {end && (
            <p className="cf-outlook">
              By <strong>{formatDay(end.day)}</strong>: {view.mode === "balance" ? "balance" : "net flow that day"} about{" "}
              <strong>{formatKES(end.mid)}</strong>, 80% likely between {formatKES(end.lower80)} and {formatKES(end.upper80)}.
            </p>
          )}
          <div className="cf-model" data-testid="forecast-model">
            <p>
              Forecast by <strong>{describeMethod(model.method)}</strong>
              {typicalError !== null && model.backtest ? (
                <>
                  , typically off by <strong>{formatKES(typicalError)} a day</strong> in backtests on your own past data.
                </>
              ) : (
                <>. There was too little history to test it against the past, so treat it as a rough guide.</>
              )}
            </p>
            {model.backtest && (
              <p className="muted small-text">
                Tested by forecasting {formatCount(model.backtest.origins)} past stretch{model.backtest.origins === 1 ? "" : "es"} of{" "}
                {formatCount(model.backtest.horizon)} days: the real figure fell inside the 80% band {formatPercent(model.backtest.coverage_80, 0)} of
                the time and inside the 95% band {formatPercent(model.backtest.coverage_95, 0)} of the time.
              </p>
            )}
            {model.notes.length > 0 && (
              <details className="cf-notes">
                <summary>How this forecast was made</summary>
                <ul>
                  {model.notes.map((note) => (
                    <li key={note}>{note}</li>
                  ))}
                  {model.candidates.length > 1 && <li>{formatCount(model.candidates.length)} models were compared; the one with the smallest backtest error was used.</li>}
                </ul>
              </details>
            )}
          </div>
        </>
      )}
    </Section>
  );
}
