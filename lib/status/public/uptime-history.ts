import "server-only";
import { db } from "../../db";
import { COMPONENT_STATES, UPTIME_DAYS, type ComponentState } from "../types";
import { addCounts, dailyBars, firstBarDay, uptimeRatio, UPTIME_WINDOWS, type DailyBar, type StateCounts, type UptimeWindow } from "./uptime";

/**
 * Sample counts per component for the uptime bars (per UTC day, 90 days) and the
 * rolling 24 h / 7 d / 30 d / 90 d percentages. Two grouped queries over status_samples;
 * the arithmetic is in uptime.ts.
 */
export type ComponentUptime = { windows: Record<UptimeWindow, number | null>; daily: DailyBar[] };

const isState = (s: string): s is ComponentState => (COMPONENT_STATES as readonly string[]).includes(s);

export async function loadUptime(componentIds: string[], now: Date): Promise<Map<string, ComponentUptime>> {
  const out = new Map<string, ComponentUptime>();
  if (!componentIds.length) return out;
  const longest = Math.max(...UPTIME_WINDOWS.map((w) => w.ms));
  const since = new Date(Math.min(firstBarDay(now, UPTIME_DAYS).getTime(), now.getTime() - longest));
  const [d1, d7, d30, d90] = UPTIME_WINDOWS.map((w) => new Date(now.getTime() - w.ms));

  const [daily, windows] = await Promise.all([
    db().$queryRaw<{ component_id: string; day: string; state: string; n: number }[]>`
      SELECT component_id::text, to_char(slot AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, state, count(*)::int AS n
        FROM status_samples
       WHERE component_id = ANY(${componentIds}::uuid[]) AND slot >= ${since} AND slot <= ${now}
       GROUP BY 1, 2, 3`,
    db().$queryRaw<{ component_id: string; state: string; d1: number; d7: number; d30: number; d90: number }[]>`
      SELECT component_id::text, state,
             count(*) FILTER (WHERE slot >= ${d1})::int AS d1,
             count(*) FILTER (WHERE slot >= ${d7})::int AS d7,
             count(*) FILTER (WHERE slot >= ${d30})::int AS d30,
             count(*) FILTER (WHERE slot >= ${d90})::int AS d90
        FROM status_samples
       WHERE component_id = ANY(${componentIds}::uuid[]) AND slot >= ${since} AND slot <= ${now}
       GROUP BY 1, 2`,
  ]);

  const byDay = new Map<string, Map<string, StateCounts>>();
  for (const r of daily) {
    if (!isState(r.state)) continue;
    const days = byDay.get(r.component_id) ?? new Map<string, StateCounts>();
    const counts = days.get(r.day) ?? {};
    addCounts(counts, r.state, r.n);
    days.set(r.day, counts);
    byDay.set(r.component_id, days);
  }
  const byWindow = new Map<string, Record<UptimeWindow, StateCounts>>();
  for (const r of windows) {
    if (!isState(r.state)) continue;
    const w = byWindow.get(r.component_id) ?? { "24h": {}, "7d": {}, "30d": {}, "90d": {} };
    addCounts(w["24h"], r.state, r.d1);
    addCounts(w["7d"], r.state, r.d7);
    addCounts(w["30d"], r.state, r.d30);
    addCounts(w["90d"], r.state, r.d90);
    byWindow.set(r.component_id, w);
  }

  for (const id of componentIds) {
    const w = byWindow.get(id);
    out.set(id, {
      windows: {
        "24h": w ? uptimeRatio(w["24h"]) : null,
        "7d": w ? uptimeRatio(w["7d"]) : null,
        "30d": w ? uptimeRatio(w["30d"]) : null,
        "90d": w ? uptimeRatio(w["90d"]) : null,
      },
      daily: dailyBars(byDay.get(id) ?? new Map(), now, UPTIME_DAYS),
    });
  }
  return out;
}
