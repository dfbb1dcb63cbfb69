import "server-only";
import { Prisma, type Tx } from "../db";
import { statusClassesOf, type UsageFilters, type Window } from "./filters";
import { addToHistogram, type Histogram } from "./histogram";

/**
 * One read of a window: sums per (time bucket, provider, model, API key, status class),
 * and latency/TTFB histograms per time bucket. Rollup windows read usage_daily; the 24 h
 * window reads usage_events grouped the same way (hourly). Everything the dashboard shows
 * (totals, series, breakdowns, spend) is folded from this in memory.
 */
export type CubeRow = {
  t: number;
  provider: string;
  model: string;
  apiKeyId: string | null;
  statusClass: string;
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  estimated: number;
  latencySum: number;
  ttfbSum: number;
  ttfbCount: number;
};
export type Cube = { rows: CubeRow[]; latency: Map<number, Histogram>; ttfb: Map<number, Histogram> };

type HistRow = { t: number; i: number; l: number; f: number };

function rollupWhere(workspaceId: string, w: Window, f: Omit<UsageFilters, "range">) {
  const classes = statusClassesOf(f.status);
  return Prisma.sql`d.workspace_id = ${workspaceId}::uuid AND d.day BETWEEN ${w.fromDay}::date AND ${w.toDay}::date
    ${f.model ? Prisma.sql`AND d.model = ${f.model}` : Prisma.empty}
    ${f.apiKeyId ? Prisma.sql`AND d.api_key_id = ${f.apiKeyId}::uuid` : Prisma.empty}
    ${classes ? Prisma.sql`AND d.status_class IN (${Prisma.join(classes)})` : Prisma.empty}`;
}

export function rawWhere(workspaceId: string, w: Window, f: Omit<UsageFilters, "range">) {
  const classes = statusClassesOf(f.status);
  return Prisma.sql`e.workspace_id = ${workspaceId}::uuid AND e.created_at >= ${w.from} AND e.created_at < ${w.to}
    ${f.model ? Prisma.sql`AND e.model = ${f.model}` : Prisma.empty}
    ${f.apiKeyId ? Prisma.sql`AND e.api_key_id = ${f.apiKeyId}::uuid` : Prisma.empty}
    ${classes ? Prisma.sql`AND usage_status_class(e.status) IN (${Prisma.join(classes)})` : Prisma.empty}`;
}

const EPOCH_MS_OF_DAY = Prisma.sql`(extract(epoch FROM d.day::timestamp) * 1000)::float8`;
const EPOCH_MS_OF_HOUR = Prisma.sql`(extract(epoch FROM date_trunc('hour', e.created_at AT TIME ZONE 'UTC')) * 1000)::float8`;

export async function readCube(tx: Tx, workspaceId: string, w: Window, f: Omit<UsageFilters, "range">): Promise<Cube> {
  let rows: CubeRow[];
  let hist: HistRow[];
  if (w.source === "rollup") {
    const where = rollupWhere(workspaceId, w, f);
    rows = await tx.$queryRaw<CubeRow[]>`
      SELECT ${EPOCH_MS_OF_DAY} AS t, d.provider, d.model, d.api_key_id::text AS "apiKeyId", d.status_class AS "statusClass",
             d.requests::float8 AS requests, d.errors::float8 AS errors, d.prompt_tokens::float8 AS "promptTokens",
             d.completion_tokens::float8 AS "completionTokens", d.estimated_requests::float8 AS estimated,
             d.latency_ms_sum AS "latencySum", d.ttfb_ms_sum AS "ttfbSum", d.ttfb_count::float8 AS "ttfbCount"
        FROM usage_daily d WHERE ${where}`;
    const unfiltered = !f.model && !f.apiKeyId && !f.status;
    // Unfiltered: one histogram row per day. Filtered: the matching rollup rows' histograms.
    hist = unfiltered
      ? await tx.$queryRaw<HistRow[]>`
          SELECT ${EPOCH_MS_OF_DAY} AS t, u.i::int AS i, u.l::float8 AS l, u.f::float8 AS f
            FROM usage_daily_latency d, unnest(d.latency_hist, d.ttfb_hist) WITH ORDINALITY AS u(l, f, i)
           WHERE d.workspace_id = ${workspaceId}::uuid AND d.day BETWEEN ${w.fromDay}::date AND ${w.toDay}::date
             AND (u.l > 0 OR u.f > 0)`
      : await tx.$queryRaw<HistRow[]>`
          SELECT ${EPOCH_MS_OF_DAY} AS t, d.i, d.l, d.f FROM (
            SELECT d.day, u.i::int AS i, sum(u.l)::float8 AS l, sum(u.f)::float8 AS f
              FROM usage_daily d, unnest(d.latency_hist, d.ttfb_hist) WITH ORDINALITY AS u(l, f, i)
             WHERE ${where} AND (u.l > 0 OR u.f > 0)
             GROUP BY 1, 2) d`;
  } else {
    // One scan for sums and both histograms: three grouping sets, told apart by grouping().
    const all = await tx.$queryRaw<(CubeRow & { lb: number | null; tb: number | null; g: number })[]>`
      SELECT h.t, h.provider, h.model, h."apiKeyId", h."statusClass", h.lb, h.tb,
             grouping(h.provider, h.lb)::int AS g, count(*)::float8 AS requests,
             count(*) FILTER (WHERE h.status >= 400)::float8 AS errors, sum(h.prompt_tokens)::float8 AS "promptTokens",
             sum(h.completion_tokens)::float8 AS "completionTokens", count(*) FILTER (WHERE h.estimated)::float8 AS estimated,
             sum(h.latency_ms::float8) AS "latencySum", coalesce(sum(h.ttfb_ms::float8), 0) AS "ttfbSum",
             count(h.ttfb_ms)::float8 AS "ttfbCount"
        FROM (SELECT ${EPOCH_MS_OF_HOUR} AS t, e.provider, e.model, e.api_key_id::text AS "apiKeyId",
                     usage_status_class(e.status) AS "statusClass", usage_latency_bucket(e.latency_ms) AS lb,
                     usage_latency_bucket(e.ttfb_ms) AS tb, e.status, e.prompt_tokens, e.completion_tokens, e.estimated,
                     e.latency_ms, e.ttfb_ms
                FROM usage_events e WHERE ${rawWhere(workspaceId, w, f)}) h
       GROUP BY GROUPING SETS ((h.t, h.provider, h.model, h."apiKeyId", h."statusClass"), (h.t, h.lb), (h.t, h.tb))`;
    // g: 1 = the sums (lb grouped away), 2 = latency buckets, 3 = TTFB buckets.
    rows = all.filter((r) => r.g === 1);
    hist = [
      ...all.filter((r) => r.g === 2).map((r) => ({ t: r.t, i: r.lb!, l: r.requests, f: 0 })),
      ...all.filter((r) => r.g === 3 && r.tb !== null).map((r) => ({ t: r.t, i: r.tb!, l: 0, f: r.requests })),
    ];
  }
  const latency = new Map<number, Histogram>();
  const ttfb = new Map<number, Histogram>();
  for (const h of hist) {
    if (!latency.has(h.t)) latency.set(h.t, new Map());
    if (!ttfb.has(h.t)) ttfb.set(h.t, new Map());
    addToHistogram(latency.get(h.t)!, h.i, h.l);
    addToHistogram(ttfb.get(h.t)!, h.i, h.f);
  }
  return { rows, latency, ttfb };
}
