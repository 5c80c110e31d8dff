import type { ForecastAnswer } from "../../api/cashflowTypes";
import type { Timeseries } from "../../api/types";
import { addDays } from "../../lib/format";

export interface DayValue {
  day: string;
  value: number;
}

/** Daily net flow (cents) for every day of the series, quiet days as 0. */
export function dailyNet(series: Timeseries): DayValue[] {
  const byDay = new Map(series.points.map((point) => [point.key, point.net_cents]));
  const out: DayValue[] = [];
  for (let day = series.from; day <= series.to && out.length < 5000; day = addDays(day, 1)) out.push({ day, value: byDay.get(day) ?? 0 });
  return out;
}

/**
 * End-of-day balances worked back from the last balance M-PESA printed (the forecast's starting balance, which is the
 * balance at the end of `history_to`): each earlier day is the next day's balance minus that day's net flow. Null when
 * the statement prints no balance or the series does not reach the forecast's last day.
 */
export function balanceHistory(series: Timeseries, forecast: ForecastAnswer): DayValue[] | null {
  const opening = forecast.opening_balance_cents;
  if (opening === null || opening === undefined) return null;
  const net = dailyNet(series).filter((entry) => entry.day <= forecast.history_to);
  if (net.length === 0 || net[net.length - 1].day !== forecast.history_to) return null;
  const out: DayValue[] = new Array(net.length);
  let balance = opening;
  for (let index = net.length - 1; index >= 0; index -= 1) {
    out[index] = { day: net[index].day, value: balance };
    balance -= net[index].value;
  }
  return out;
}
