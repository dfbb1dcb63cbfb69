import "server-only";
import { withWorkspace } from "../db";
import { AppError } from "../errors";
import { assertCan } from "../rbac";
import type { Actor } from "../workspaces/context";
import { readCube } from "./cube";
import { RANGES, windowsFor, type Range, type UsageFilters } from "./filters";
import { breakdown, change, series, totals, type BreakdownRow, type SeriesPoint, type Totals } from "./fold";
import { keyDirectory, type KeyDirectory, type VisibleKey } from "./key-directory";
import { loadPriceTable, priceOf } from "./prices";
import { readWorkspaceSetup, type WorkspaceSetup } from "./setup";

/**
 * The usage pages' reads, all inside withWorkspace (RLS) and filtered on the actor's
 * workspace as well. Metadata only: counts, tokens, timings, model ids, key names.
 */
export type Changes = Record<"requests" | "promptTokens" | "completionTokens" | "errorRate" | "latencyP50" | "latencyP95" | "ttfbP50" | "ttfbP95" | "costUsd", number | null>;
export type PeriodStats = { current: Totals; previous: Totals; change: Changes };

function compare(cur: Totals, prev: Totals, durations: { cur: number; prev: number }): Changes {
  return {
    requests: change(cur.requests, prev.requests, durations),
    promptTokens: change(cur.promptTokens, prev.promptTokens, durations),
    completionTokens: change(cur.completionTokens, prev.completionTokens, durations),
    costUsd: change(cur.costUsd, prev.costUsd, durations),
    errorRate: cur.errorRate !== null && prev.errorRate !== null ? cur.errorRate - prev.errorRate : null,
    latencyP50: change(cur.latencyP50, prev.latencyP50),
    latencyP95: change(cur.latencyP95, prev.latencyP95),
    ttfbP50: change(cur.ttfbP50, prev.ttfbP50),
    ttfbP95: change(cur.ttfbP95, prev.ttfbP95),
  };
}

function checkKeyFilter(dir: KeyDirectory, filters: Pick<UsageFilters, "apiKeyId">) {
  // A Member may filter by their own keys only; someone else's key is "not found".
  if (filters.apiKeyId && !dir.canFilterBy(filters.apiKeyId)) throw new AppError("NOT_FOUND", "API key not found.");
}

export type UsageOverview = { ranges: Record<Range, PeriodStats>; setup: WorkspaceSetup };

/** Stat cards for the workspace overview: 24 h, 7 d and 30 d against the period before. */
export async function getUsageOverview(actor: Actor, now = new Date()): Promise<UsageOverview> {
  assertCan(actor.role, "usage.view");
  const prices = loadPriceTable();
  return withWorkspace(actor.workspaceId, async (tx) => {
    const ranges = {} as Record<Range, PeriodStats>;
    for (const range of RANGES) {
      const { current, previous } = windowsFor(range, now);
      const cur = totals(await readCube(tx, actor.workspaceId, current, {}), prices);
      const prev = totals(await readCube(tx, actor.workspaceId, previous, {}), prices);
      ranges[range] = { current: cur, previous: prev, change: compare(cur, prev, { cur: current.durationMs, prev: previous.durationMs }) };
    }
    return { ranges, setup: await readWorkspaceSetup(tx, actor.workspaceId) };
  });
}

export type UsageDashboard = PeriodStats & {
  range: Range;
  bucket: "hour" | "day";
  series: SeriesPoint[];
  byModel: BreakdownRow[];
  byProvider: BreakdownRow[];
  byKey: BreakdownRow[];
  /** Models in this window without a price (their spend is not estimated). */
  unpricedModels: string[];
};

export async function getUsageDashboard(actor: Actor, filters: UsageFilters, now = new Date()): Promise<UsageDashboard> {
  assertCan(actor.role, "usage.view");
  const prices = loadPriceTable();
  const { current, previous } = windowsFor(filters.range, now);
  return withWorkspace(actor.workspaceId, async (tx) => {
    const dir = await keyDirectory(tx, actor);
    checkKeyFilter(dir, filters);
    const cube = await readCube(tx, actor.workspaceId, current, filters);
    const prevCube = await readCube(tx, actor.workspaceId, previous, filters);
    const cur = totals(cube, prices);
    const prev = totals(prevCube, prices);
    return {
      range: filters.range,
      bucket: current.source === "raw" ? "hour" : "day",
      current: cur,
      previous: prev,
      change: compare(cur, prev, { cur: current.durationMs, prev: previous.durationMs }),
      series: series(cube, current, prices),
      byModel: breakdown(cube.rows, (r) => ({ key: r.model, label: r.model }), prices),
      byProvider: breakdown(cube.rows, (r) => ({ key: r.provider, label: r.provider }), prices),
      byKey: breakdown(cube.rows, (r) => dir.label(r.apiKeyId), prices),
      unpricedModels: [...new Set(cube.rows.map((r) => r.model))].filter((m) => !priceOf(m, prices)).sort(),
    };
  });
}

export type UsageFilterOptions = { models: string[]; keys: VisibleKey[] };

/** What the filter form offers: models seen in the last 30 days, and the keys the actor may name. */
export async function getUsageFilterOptions(actor: Actor, now = new Date()): Promise<UsageFilterOptions> {
  assertCan(actor.role, "usage.view");
  const { current } = windowsFor("30d", now);
  return withWorkspace(actor.workspaceId, async (tx) => {
    const dir = await keyDirectory(tx, actor);
    const models = await tx.usageDaily.findMany({
      where: { workspaceId: actor.workspaceId, day: { gte: new Date(`${current.fromDay}T00:00:00Z`) } },
      distinct: ["model"],
      select: { model: true },
      orderBy: { model: "asc" },
      take: 500,
    });
    return { models: models.map((m) => m.model), keys: dir.visible };
  });
}

export { checkKeyFilter };
