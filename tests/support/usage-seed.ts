import { withWorkspace } from "../../lib/db";
import { bucketOf } from "../../lib/usage/histogram";
import { costUsd } from "../../lib/usage/prices";

/**
 * Seeded usage rows for the analytics tests, plus the independent arithmetic the
 * tests compare the dashboard with (plain loops over the rows, no shared code but the
 * bucket definition and the price table).
 */
export type SeedRow = {
  apiKeyId: string | null;
  provider: string;
  model: string;
  status: number;
  stream: boolean;
  estimated: boolean;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  ttfbMs: number | null;
  createdAt: Date;
};

function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODELS = [
  ["openai", "openai/gpt-4o-mini"],
  ["anthropic", "anthropic/claude-sonnet-4-5"],
  ["mock", "mock/echo"],
  ["acme", "acme/unpriced-1"],
] as const;
const STATUSES = [200, 200, 200, 200, 200, 200, 400, 429, 500, 502];

/** `n` rows spread over the last `days` days, before `now`. */
export function makeRows(n: number, keyIds: (string | null)[], now: Date, days = 45, seed = 7): SeedRow[] {
  const rnd = prng(seed);
  return Array.from({ length: n }, () => {
    const [provider, model] = MODELS[Math.floor(rnd() * MODELS.length)]!;
    const stream = rnd() < 0.5;
    const estimated = stream && rnd() < 0.3;
    const status = STATUSES[Math.floor(rnd() * STATUSES.length)]!;
    const latencyMs = Math.round((5 + rnd() ** 3 * 4000) * 10) / 10;
    return {
      apiKeyId: keyIds[Math.floor(rnd() * keyIds.length)]!,
      provider,
      model,
      status,
      stream,
      estimated,
      promptTokens: 1 + Math.floor(rnd() * 3000),
      completionTokens: estimated ? 0 : Math.floor(rnd() * 800),
      latencyMs,
      ttfbMs: stream ? Math.round(latencyMs * (0.05 + rnd() * 0.5) * 10) / 10 : null,
      createdAt: new Date(now.getTime() - 60_000 - Math.floor(rnd() * days * 86_400_000)),
    };
  });
}

export async function insertRows(workspaceId: string, rows: SeedRow[]) {
  await withWorkspace(workspaceId, (tx) =>
    tx.usageEvent.createMany({
      data: rows.map((r) => ({
        ...r,
        workspaceId,
        endpoint: "chat.completions",
        totalTokens: r.promptTokens + r.completionTokens,
        overheadMs: 0.5,
        errorType: r.status >= 400 ? "upstream_error" : null,
      })),
    }),
  );
}

export const DAY = 86_400_000;
export const utcDay = (d: Date) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());

/** The windows as the docs describe them, written out again here. */
export function inRange(range: "24h" | "7d" | "30d", now: Date, previous = false) {
  if (range === "24h") {
    const end = now.getTime() + 1 - (previous ? DAY : 0);
    return (r: SeedRow) => r.createdAt.getTime() >= end - DAY && r.createdAt.getTime() < end;
  }
  const days = range === "7d" ? 7 : 30;
  const first = utcDay(now) - (days - 1) * DAY - (previous ? days * DAY : 0);
  return (r: SeedRow) => r.createdAt.getTime() >= first && r.createdAt.getTime() < first + days * DAY && r.createdAt <= now;
}

export function nearestRank(values: number[], p: number): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(p * s.length) - 1)]!;
}

export function expectedTotals(rows: SeedRow[]) {
  let cost = 0;
  let unpriced = 0;
  for (const r of rows) {
    const c = costUsd(r.model, r.promptTokens, r.completionTokens);
    if (c === null) unpriced++;
    else cost += c;
  }
  const errors = rows.filter((r) => r.status >= 400).length;
  return {
    requests: rows.length,
    errors,
    errorRate: rows.length ? errors / rows.length : null,
    promptTokens: rows.reduce((a, r) => a + r.promptTokens, 0),
    completionTokens: rows.reduce((a, r) => a + r.completionTokens, 0),
    estimatedRequests: rows.filter((r) => r.estimated).length,
    costUsd: cost,
    unpricedRequests: unpriced,
    latencyP50: nearestRank(rows.map((r) => r.latencyMs), 0.5),
    latencyP95: nearestRank(rows.map((r) => r.latencyMs), 0.95),
    ttfbP50: nearestRank(rows.flatMap((r) => (r.ttfbMs === null ? [] : [r.ttfbMs])), 0.5),
  };
}

/** Dense 162-bucket histogram of the given values, as the rollup stores it. */
export function denseHistogram(values: number[]): number[] {
  const h = new Array<number>(162).fill(0);
  for (const v of values) h[bucketOf(v) - 1]!++;
  return h;
}
