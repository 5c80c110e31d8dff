import type { RecurringPayment } from "../../api/cashflowTypes";
import { addDays } from "../../lib/format";

export interface Occurrence {
  day: string;
  payment: RecurringPayment;
}

function parts(day: string): { year: number; month: number; day: number } {
  return { year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)), day: Number(day.slice(8, 10)) };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The day's position in its month, month-end aware (the last three days of any month are 29, 30, 31), as the API does. */
function anchorOf(day: string): number {
  const { year, month, day: dom } = parts(day);
  const toEnd = daysInMonth(year, month) - dom;
  return toEnd < 3 ? 31 - toEnd : dom;
}

function monthsLater(day: string, months: number, anchor: number): string {
  const { year, month } = parts(day);
  const total = year * 12 + (month - 1) + months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  const length = daysInMonth(y, m);
  return iso(y, m, anchor >= 29 ? length - (31 - anchor) : Math.min(anchor, length));
}

/**
 * The expected dates of a recurring payment from its next expected day through `through`, stepping by its cadence the
 * way the platform projects them into the forecast (monthly and quarterly keep the day of the month).
 */
export function expectedDays(payment: RecurringPayment, through: string, limit = 60): string[] {
  const out: string[] = [];
  const anchor = anchorOf(payment.next_expected_day);
  let day = payment.next_expected_day;
  while (day <= through && out.length < limit) {
    out.push(day);
    if (payment.cadence === "weekly") day = addDays(day, 7);
    else if (payment.cadence === "biweekly") day = addDays(day, 14);
    else if (payment.cadence === "quarterly") day = monthsLater(day, 3, anchor);
    else if (payment.cadence === "monthly") day = monthsLater(day, 1, anchor);
    else break;
  }
  return out;
}

export function cadenceWords(cadence: string): string {
  switch (cadence) {
    case "weekly":
      return "every week";
    case "biweekly":
      return "every two weeks";
    case "monthly":
      return "every month";
    case "quarterly":
      return "every three months";
    default:
      return cadence;
  }
}

/** `YYYY-MM` months from the month of `from` through the month of `to`. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let { year, month } = parts(from);
  const end = to.slice(0, 7);
  while (iso(year, month, 1).slice(0, 7) <= end && out.length < 240) {
    out.push(iso(year, month, 1).slice(0, 7));
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return out;
}

/** The weeks (Monday first) of a `YYYY-MM` month, each day `YYYY-MM-DD` or null for padding. */
export function monthWeeks(month: string): (string | null)[][] {
  const year = Number(month.slice(0, 4));
  const number = Number(month.slice(5, 7));
  const offset = (new Date(Date.UTC(year, number - 1, 1)).getUTCDay() + 6) % 7;
  const cells: (string | null)[] = Array.from({ length: offset }, () => null);
  for (let day = 1; day <= daysInMonth(year, number); day += 1) cells.push(iso(year, number, day));
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let index = 0; index < cells.length; index += 7) weeks.push(cells.slice(index, index + 7));
  return weeks;
}
