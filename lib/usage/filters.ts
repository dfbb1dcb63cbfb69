import "server-only";
import { z } from "zod";

/**
 * The dashboard's filters and the time windows they stand for. Times are UTC.
 * 24 h is a rolling window read from the raw rows, in hourly buckets; 7 d and 30 d are
 * whole UTC days (today included, so far) read from the daily rollups.
 */
export const RANGES = ["24h", "7d", "30d"] as const;
export type Range = (typeof RANGES)[number];
export const STATUS_FILTERS = ["2xx", "4xx", "5xx", "errors"] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export const usageFilterSchema = z.strictObject({
  range: z.enum(RANGES, "Choose 24h, 7d or 30d.").default("7d"),
  model: z.string().trim().min(1).max(200).optional(),
  apiKeyId: z.string().uuid().optional(),
  status: z.enum(STATUS_FILTERS).optional(),
});
export type UsageFilters = z.infer<typeof usageFilterSchema>;

export type Window = {
  range: Range;
  source: "raw" | "rollup";
  /** Inclusive start, exclusive end (instants). */
  from: Date;
  to: Date;
  /** For rollups: the first and last day (YYYY-MM-DD), both included. */
  fromDay: string;
  toDay: string;
  bucketMs: number;
  /** Length actually covered (the current window ends now, part-way through a day). */
  durationMs: number;
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const dayString = (d: Date) => d.toISOString().slice(0, 10);
const startOfUtcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

/** The current window for `range` and the one just before it (same length in days or hours). */
export function windowsFor(range: Range, now: Date = new Date()): { current: Window; previous: Window } {
  if (range === "24h") {
    const to = new Date(now.getTime() + 1);
    const from = new Date(to.getTime() - DAY);
    const mk = (f: Date, t: Date): Window => ({
      range, source: "raw", from: f, to: t, fromDay: dayString(f), toDay: dayString(t), bucketMs: HOUR, durationMs: t.getTime() - f.getTime(),
    });
    return { current: mk(from, to), previous: mk(new Date(from.getTime() - DAY), from) };
  }
  const days = range === "7d" ? 7 : 30;
  const today = startOfUtcDay(now);
  const mk = (firstDay: Date, end: Date): Window => ({
    range,
    source: "rollup",
    from: firstDay,
    to: end,
    fromDay: dayString(firstDay),
    toDay: dayString(new Date(end.getTime() - 1)),
    bucketMs: DAY,
    durationMs: end.getTime() - firstDay.getTime(),
  });
  const first = new Date(today.getTime() - (days - 1) * DAY);
  return { current: mk(first, new Date(now.getTime() + 1)), previous: mk(new Date(first.getTime() - days * DAY), first) };
}

/** Bucket start times covering the window, so empty hours or days show as zeros. */
export function bucketStarts(w: Window): number[] {
  const out: number[] = [];
  const first = Math.floor(w.from.getTime() / w.bucketMs) * w.bucketMs;
  for (let t = first; t < w.to.getTime(); t += w.bucketMs) out.push(t);
  return out;
}

export function statusClassesOf(status: StatusFilter | undefined): string[] | undefined {
  if (!status) return undefined;
  return status === "errors" ? ["4xx", "5xx"] : [status];
}
