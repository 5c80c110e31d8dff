import type { ForecastAnswer, RunwayAnswer } from "../../api/cashflowTypes";
import { api } from "../../api/client";
import type { Timeseries } from "../../api/types";
import { Section } from "../../components/Section";
import { formatCount, formatDay, formatKES } from "../../lib/format";
import { useAsync } from "../../lib/useAsync";
import { dailyNet } from "./series";

const TRAILING_DAYS = 90;

/** Burn rate and runway, computed by the cashflow service from the daily net flow and the last printed balance. */
export function RunwayCard(props: { series?: Timeseries; answer?: ForecastAnswer; loading: boolean; error?: string; onRetry: () => void }) {
  const { series, answer, loading, error, onRetry } = props;
  const balance = answer?.opening_balance_cents ?? null;
  const runway = useAsync(
    (signal) => {
      if (!series || balance === null || series.points.length === 0) return Promise.resolve(null);
      const net = dailyNet(series).filter((entry) => !answer || entry.day <= answer.history_to);
      return api<RunwayAnswer>("/api/v1/cashflow/runway", {
        method: "POST",
        body: { series: { start: net[0].day, values_cents: net.map((entry) => entry.value) }, balance_cents: balance, trailing_days: TRAILING_DAYS },
        signal,
      });
    },
    [series?.from, series?.to, series?.points.length, balance, answer?.history_to],
  );
  const data = runway.data;
  const noBalance = !!answer && balance == null;

  return (
    <Section
      title="Runway and burn rate"
      loading={loading || (runway.loading && !data && !noBalance)}
      error={error ?? runway.error}
      onRetry={error ? onRetry : runway.reload}
      empty={noBalance}
      emptyText="Runway needs your balance, and your statement does not print one."
      testId="runway"
    >
      {data && answer && (
        <div className="stack">
          <div className="cf-figures">
            <div>
              <div className="kpi-label">Burn rate</div>
              <div className="kpi-value">{data.burn_rate != null ? `${formatKES(data.burn_rate)} a day` : "Not burning cash"}</div>
            </div>
            <div>
              <div className="kpi-label">Runway</div>
              <div className="kpi-value">
                {data.runway_days == null ? "No end in sight" : data.runway_days === 0 ? "None left" : `${formatCount(data.runway_days)} days`}
              </div>
            </div>
          </div>
          {data.burn_rate == null ? (
            <p>
              Over the last {formatCount(data.trailing_days)} days of your data, more money came in than went out (on average{" "}
              {formatKES(data.average_daily_net_flow, { sign: true })} a day), so your balance of {formatKES(data.balance)} is not running down.
            </p>
          ) : data.runway_days === 0 ? (
            <p className="negative">
              Your balance was {formatKES(data.balance)} on {formatDay(answer.history_to)} and you spent on average {formatKES(data.burn_rate)} a day
              more than you received: there is no cushion left.
            </p>
          ) : (
            <p>
              Over the last {formatCount(data.trailing_days)} days you spent on average {formatKES(data.burn_rate)} a day more than you received. At
              that rate the balance of {formatKES(data.balance)} on {formatDay(answer.history_to)} lasts until about{" "}
              <strong>{formatDay(data.run_out_day)}</strong>.
            </p>
          )}
          <p className="hint">Based on the average daily net flow (money in minus money out, charges included) of your most recent days.</p>
        </div>
      )}
    </Section>
  );
}
