import "server-only";
import type { Cube, CubeRow } from "./cube";
import { bucketStarts, type Window } from "./filters";
import { mergeHistograms, percentile, type Histogram } from "./histogram";
import { costUsd, loadPriceTable, type PriceTable } from "./prices";

/** Pure folds of a cube into what the pages show. Cost is tokens x the model's price. */
export type Totals = {
  requests: number;
  errors: number;
  errorRate: number | null;
  promptTokens: number;
  completionTokens: number;
  estimatedRequests: number;
  avgLatencyMs: number | null;
  latencyP50: number | null;
  latencyP95: number | null;
  ttfbP50: number | null;
  ttfbP95: number | null;
  costUsd: number;
  /** Requests whose model has no price: their cost is not in costUsd. */
  unpricedRequests: number;
};

type Sums = { requests: number; errors: number; promptTokens: number; completionTokens: number; estimated: number; latencySum: number; costUsd: number; unpriced: number };
const emptySums = (): Sums => ({ requests: 0, errors: 0, promptTokens: 0, completionTokens: 0, estimated: 0, latencySum: 0, costUsd: 0, unpriced: 0 });

function add(s: Sums, r: CubeRow, prices: PriceTable): Sums {
  s.requests += r.requests;
  s.errors += r.errors;
  s.promptTokens += r.promptTokens;
  s.completionTokens += r.completionTokens;
  s.estimated += r.estimated;
  s.latencySum += r.latencySum;
  const c = costUsd(r.model, r.promptTokens, r.completionTokens, prices);
  if (c === null) s.unpriced += r.requests;
  else s.costUsd += c;
  return s;
}

function mergedHistogram(byBucket: Map<number, Histogram>): Histogram {
  const h: Histogram = new Map();
  for (const b of byBucket.values()) mergeHistograms(h, b);
  return h;
}

export function totals(cube: Cube, prices: PriceTable = loadPriceTable()): Totals {
  const s = emptySums();
  for (const r of cube.rows) add(s, r, prices);
  const lat = mergedHistogram(cube.latency);
  const ttfb = mergedHistogram(cube.ttfb);
  return {
    requests: s.requests,
    errors: s.errors,
    errorRate: s.requests ? s.errors / s.requests : null,
    promptTokens: s.promptTokens,
    completionTokens: s.completionTokens,
    estimatedRequests: s.estimated,
    avgLatencyMs: s.requests ? s.latencySum / s.requests : null,
    latencyP50: percentile(lat, 0.5),
    latencyP95: percentile(lat, 0.95),
    ttfbP50: percentile(ttfb, 0.5),
    ttfbP95: percentile(ttfb, 0.95),
    costUsd: s.costUsd,
    unpricedRequests: s.unpriced,
  };
}

export type SeriesPoint = {
  t: number;
  requests: number;
  ok: number;
  errors4xx: number;
  errors5xx: number;
  promptTokens: number;
  completionTokens: number;
  latencyP50: number | null;
  latencyP95: number | null;
  ttfbP50: number | null;
  costUsd: number;
};

export function series(cube: Cube, w: Window, prices: PriceTable = loadPriceTable()): SeriesPoint[] {
  const points = new Map<number, SeriesPoint>();
  for (const t of bucketStarts(w)) {
    const lat = cube.latency.get(t) ?? new Map();
    points.set(t, {
      t, requests: 0, ok: 0, errors4xx: 0, errors5xx: 0, promptTokens: 0, completionTokens: 0, costUsd: 0,
      latencyP50: percentile(lat, 0.5), latencyP95: percentile(lat, 0.95), ttfbP50: percentile(cube.ttfb.get(t) ?? new Map(), 0.5),
    });
  }
  for (const r of cube.rows) {
    const p = points.get(r.t);
    if (!p) continue;
    p.requests += r.requests;
    if (r.statusClass === "4xx") p.errors4xx += r.requests;
    else if (r.statusClass === "5xx") p.errors5xx += r.requests;
    else p.ok += r.requests;
    p.promptTokens += r.promptTokens;
    p.completionTokens += r.completionTokens;
    p.costUsd += costUsd(r.model, r.promptTokens, r.completionTokens, prices) ?? 0;
  }
  return [...points.values()];
}

export type BreakdownRow = {
  key: string;
  label: string;
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  avgLatencyMs: number | null;
  costUsd: number;
  unpricedRequests: number;
};

/** Groups rows by `keyOf` (which also names the group), biggest spend first, then requests. */
export function breakdown(rows: CubeRow[], keyOf: (r: CubeRow) => { key: string; label: string }, prices: PriceTable = loadPriceTable()): BreakdownRow[] {
  const groups = new Map<string, { label: string; s: Sums }>();
  for (const r of rows) {
    const { key, label } = keyOf(r);
    const g = groups.get(key) ?? { label, s: emptySums() };
    add(g.s, r, prices);
    groups.set(key, g);
  }
  return [...groups.entries()]
    .map(([key, { label, s }]) => ({
      key,
      label,
      requests: s.requests,
      errors: s.errors,
      promptTokens: s.promptTokens,
      completionTokens: s.completionTokens,
      avgLatencyMs: s.requests ? s.latencySum / s.requests : null,
      costUsd: s.costUsd,
      unpricedRequests: s.unpriced,
    }))
    .sort((a, b) => b.costUsd - a.costUsd || b.requests - a.requests || a.label.localeCompare(b.label));
}

/**
 * Change of `cur` against `prev` as a fraction. Counts are compared per unit of time
 * (`durations`), because the current window ends now, part-way through its last day.
 */
export function change(cur: number | null, prev: number | null, durations?: { cur: number; prev: number }): number | null {
  if (cur === null || prev === null || prev === 0) return null;
  const c = durations ? cur / durations.cur : cur;
  const p = durations ? prev / durations.prev : prev;
  return p === 0 ? null : c / p - 1;
}
