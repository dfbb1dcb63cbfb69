import "server-only";
import { COMPONENT_STATES, SAMPLE_SLOT_MS, STATE_SEVERITY, UPTIME_DAYS, type ComponentState } from "../types";

/**
 * Uptime arithmetic for the status page, pure so it can be tested without a database.
 *
 * Each 5-minute sample counts once. A major outage counts as down, a partial outage as
 * 30 % down (the usual status-page convention), degraded performance as up. Maintenance
 * samples leave the denominator (planned work is announced, not downtime), and slots with
 * no sample at all are not counted either way: they are "no data", never "up".
 */
export const PARTIAL_OUTAGE_WEIGHT = 0.3;

export type StateCounts = Partial<Record<ComponentState, number>>;

const DAY_MS = 86_400_000;

/** Uptime as a ratio 0..1, or null when no sample outside maintenance exists. */
export function uptimeRatio(counts: StateCounts): number | null {
  let counted = 0;
  let down = 0;
  for (const state of COMPONENT_STATES) {
    const n = counts[state] ?? 0;
    if (n <= 0 || state === "under_maintenance") continue;
    counted += n;
    if (state === "major_outage") down += n;
    else if (state === "partial_outage") down += n * PARTIAL_OUTAGE_WEIGHT;
  }
  if (counted === 0) return null;
  return Math.max(0, (counted - down) / counted);
}

/** The worst state seen among the counts (null when there are none). */
export function worstCounted(counts: StateCounts): ComponentState | null {
  let worst: ComponentState | null = null;
  for (const state of COMPONENT_STATES) {
    if ((counts[state] ?? 0) <= 0) continue;
    if (worst === null || STATE_SEVERITY[state] > STATE_SEVERITY[worst]) worst = state;
  }
  return worst;
}

export function addCounts(into: StateCounts, state: ComponentState, n: number): void {
  into[state] = (into[state] ?? 0) + n;
}

/** Start of the 5-minute slot holding `at`. */
export function slotStart(at: Date, slotMs = SAMPLE_SLOT_MS): Date {
  return new Date(Math.floor(at.getTime() / slotMs) * slotMs);
}

/** "YYYY-MM-DD" of the UTC day holding `at`: bars are UTC days, the same for every visitor. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Midnight UTC of the first day shown in `days` daily bars ending today. */
export function firstBarDay(now: Date, days = UPTIME_DAYS): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today - (days - 1) * DAY_MS);
}

export type DailyBar = {
  /** UTC date, "YYYY-MM-DD". */
  date: string;
  /** Uptime ratio of the day, null for "no data" (or a day spent entirely in maintenance). */
  uptime: number | null;
  /** The worst state sampled that day; null when nothing was sampled. */
  worst: ComponentState | null;
  /** Samples taken that day (maintenance included). */
  samples: number;
};

/** `days` bars, oldest first, from per-day state counts keyed by "YYYY-MM-DD". */
export function dailyBars(byDay: ReadonlyMap<string, StateCounts>, now: Date, days = UPTIME_DAYS): DailyBar[] {
  const first = firstBarDay(now, days).getTime();
  const bars: DailyBar[] = [];
  for (let i = 0; i < days; i++) {
    const date = utcDay(new Date(first + i * DAY_MS));
    const counts = byDay.get(date) ?? {};
    const samples = Object.values(counts).reduce((a, n) => a + (n ?? 0), 0);
    bars.push({ date, uptime: uptimeRatio(counts), worst: worstCounted(counts), samples });
  }
  return bars;
}

export const UPTIME_WINDOWS = [
  { key: "24h", label: "24 hours", ms: DAY_MS },
  { key: "7d", label: "7 days", ms: 7 * DAY_MS },
  { key: "30d", label: "30 days", ms: 30 * DAY_MS },
  { key: "90d", label: "90 days", ms: 90 * DAY_MS },
] as const;
export type UptimeWindow = (typeof UPTIME_WINDOWS)[number]["key"];

/** Uptime percent with two decimals, rounded down so 99.996 % never shows as 100 %. */
export function formatUptime(ratio: number | null): string {
  if (ratio === null) return "No data";
  if (ratio >= 1) return "100%";
  return `${(Math.floor(ratio * 10_000) / 100).toFixed(2)}%`;
}

/** Uptime as a JSON number: percent with up to 3 decimals (rounded down), or null. */
export function uptimePercent(ratio: number | null): number | null {
  if (ratio === null) return null;
  return Math.floor(ratio * 100_000) / 1000;
}
