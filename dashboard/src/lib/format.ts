/**
 * Money arrives as integer cents (Int64 on the server, exact as a JS number up to 2^53) and is formatted with
 * integer arithmetic only: `KES 1,234.50`, `-KES 1,234.50`. Dates and times are shown in Africa/Nairobi.
 */

export const TIME_ZONE = "Africa/Nairobi";

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export function formatKES(cents: number | null | undefined, options: { sign?: boolean; compact?: boolean } = {}): string {
  if (cents === null || cents === undefined || !Number.isFinite(cents)) return "—";
  const negative = cents < 0;
  const absolute = Math.abs(Math.trunc(cents));
  const shillings = Math.floor(absolute / 100);
  const remainder = absolute % 100;
  let body: string;
  if (options.compact && shillings >= 1_000_000) {
    // One decimal of millions, by integer arithmetic (rounded half up).
    const tenths = Math.floor((shillings + 50_000) / 100_000);
    body = `${groupThousands(String(Math.floor(tenths / 10)))}.${tenths % 10}M`;
  } else if (options.compact && shillings >= 10_000) {
    body = `${groupThousands(String(Math.floor((shillings + 500) / 1000)))}K`;
  } else {
    body = `${groupThousands(String(shillings))}.${String(remainder).padStart(2, "0")}`;
  }
  const sign = negative ? "-" : options.sign && absolute > 0 ? "+" : "";
  return `${sign}KES ${body}`;
}

/** Parses what a person types ("1,234.5", "KES 200") into cents, exactly; null when it is not an amount. */
export function parseKES(text: string): number | null {
  const cleaned = text.replace(/KES|Ksh|,|\s/gi, "");
  const match = /^(-?)(\d{1,13})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  const cents = Number(match[2]) * 100 + Number((match[3] ?? "").padEnd(2, "0"));
  return match[1] === "-" ? -cents : cents;
}

/** A share in basis points or a ratio, as a percentage for display. */
export function formatPercent(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "—";
  return `${(ratio * 100).toFixed(digits)}%`;
}

export function formatBasisPoints(bp: number | null | undefined): string {
  if (bp === null || bp === undefined) return "—";
  const sign = bp < 0 ? "-" : "";
  const value = Math.abs(Math.trunc(bp));
  return `${sign}${Math.floor(value / 100)}.${String(value % 100).padStart(2, "0")}%`;
}

export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return groupThousands(String(Math.trunc(value)));
}

const dayFormat = new Intl.DateTimeFormat("en-KE", { timeZone: TIME_ZONE, day: "numeric", month: "short", year: "numeric" });
const dateTimeFormat = new Intl.DateTimeFormat("en-KE", {
  timeZone: TIME_ZONE, day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hour12: false,
});
const monthFormat = new Intl.DateTimeFormat("en-KE", { timeZone: "UTC", month: "long", year: "numeric" });
const shortDayFormat = new Intl.DateTimeFormat("en-KE", { timeZone: "UTC", day: "numeric", month: "short" });

/** A calendar day `YYYY-MM-DD` (already a Nairobi day on the server) for display. */
export function formatDay(day: string | null | undefined): string {
  if (!day) return "—";
  const date = new Date(`${day.slice(0, 10)}T12:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : new Intl.DateTimeFormat("en-KE", { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" }).format(date);
}

export function formatShortDay(day: string): string {
  const date = new Date(`${day.slice(0, 10)}T12:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : shortDayFormat.format(date);
}

export function formatMonth(month: string): string {
  const date = new Date(`${month.slice(0, 7)}-15T12:00:00Z`);
  return Number.isNaN(date.getTime()) ? month : monthFormat.format(date);
}

/** An instant (RFC 3339) in Nairobi time. */
export function formatDateTime(instant: string | number | null | undefined): string {
  if (instant === null || instant === undefined || instant === "") return "—";
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? String(instant) : `${dateTimeFormat.format(date)} EAT`;
}

export function formatInstantDay(instant: string | null | undefined): string {
  if (!instant) return "—";
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? instant : dayFormat.format(date);
}

/** Today's calendar day in Nairobi, `YYYY-MM-DD`. */
export function nairobiToday(): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  return parts.slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((new Date(`${to}T12:00:00Z`).getTime() - new Date(`${from}T12:00:00Z`).getTime()) / 86_400_000);
}

/** "Transport & fuel" from "transport_fuel"-like slugs when no name is known. */
export function humanize(slug: string | null | undefined): string {
  if (!slug) return "—";
  const text = slug.replace(/[_-]+/g, " ").trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}
