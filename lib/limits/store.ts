import "server-only";
import { withWorkspaceRaw } from "../db";
import { lookupCache } from "../lookup-cache";
import type { CounterStore, WorkspaceLimits } from "./enforcer";
import { hasLimits, limitsFromRow, type Limits, type LimitsRow } from "./policy";

/**
 * The shared counters and the limits themselves, on the raw pool under the workspace's
 * RLS context. Items go in one statement per call, in a fixed order (scope, metric), so
 * two instances taking the same counters lock them in the same order.
 */
export const counterStore: CounterStore = {
  async take(workspaceId, items) {
    const order = items.map((_, i) => i).sort((a, b) => compare(items[a]!, items[b]!));
    const sorted = order.map((i) => items[i]!);
    const { rows } = await withWorkspaceRaw(workspaceId, (client) =>
      client.query<{ granted: string; used: string }>(
        `SELECT g.granted::text AS granted, g.used::text AS used
           FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::bigint[], $6::bigint[]) WITH ORDINALITY
             AS t(scope, metric, window_start, want, cap, n),
           LATERAL usage_limit_take($1, t.scope, t.metric, t.window_start, t.want, t.cap) AS g
          ORDER BY t.n`,
        [
          workspaceId,
          sorted.map((i) => i.scope),
          sorted.map((i) => i.metric),
          sorted.map((i) => new Date(i.windowStart)),
          sorted.map((i) => String(Math.round(i.want))),
          sorted.map((i) => String(Math.round(i.cap))),
        ],
      ),
    );
    const out = new Array<{ granted: number; used: number }>(items.length);
    order.forEach((original, position) => (out[original] = { granted: Number(rows[position]?.granted ?? 0), used: Number(rows[position]?.used ?? 0) }));
    return out;
  },

  async adjust(workspaceId, items) {
    const sorted = [...items].sort(compare);
    const params = [
      workspaceId,
      sorted.map((i) => i.scope),
      sorted.map((i) => i.metric),
      sorted.map((i) => new Date(i.windowStart)),
      sorted.map((i) => String(Math.round(i.delta))),
    ];
    const rows = "unnest($2::text[], $3::text[], $4::timestamptz[], $5::bigint[]) AS t(scope, metric, window_start, delta)";
    await withWorkspaceRaw(workspaceId, async (client) => {
      // Given back: leases that went unused. Added: usage beyond reservations.
      await client.query(
        `UPDATE usage_limit_counters c SET used = GREATEST(0, c.used + t.delta) FROM ${rows}
          WHERE t.delta < 0 AND c.workspace_id = $1 AND c.scope = t.scope AND c.metric = t.metric AND c.window_start = t.window_start`,
        params,
      );
      await client.query(
        `INSERT INTO usage_limit_counters AS c (workspace_id, scope, metric, window_start, used)
           SELECT $1, t.scope, t.metric, t.window_start, t.delta FROM ${rows} WHERE t.delta > 0
         ON CONFLICT (workspace_id, scope, metric, window_start) DO UPDATE SET used = c.used + EXCLUDED.used`,
        params,
      );
    });
  },
};

function compare(a: { scope: string; metric: string; windowStart: number }, b: { scope: string; metric: string; windowStart: number }): number {
  return a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : a.windowStart - b.windowStart;
}

/**
 * A workspace's limits for the proxy, cached like the other per-request lookups: a change
 * reaches every instance within 5 seconds (and this one at once, `forgetLimits`).
 * Workspaces without any limit are cached as null, so they cost a map lookup.
 */
const cache = lookupCache<WorkspaceLimits | null>({ ttlMs: 5_000, refreshAfterMs: 4_000, max: 10_000 });

export function limitsOfWorkspace(workspaceId: string): Promise<WorkspaceLimits | null> {
  return cache.get(workspaceId, () => loadLimits(workspaceId));
}

export function forgetLimits(workspaceId: string): void {
  cache.delete(workspaceId);
}

async function loadLimits(workspaceId: string): Promise<WorkspaceLimits | null> {
  const { rows } = await withWorkspaceRaw(workspaceId, (client) =>
    client.query<LimitsRow & { api_key_id: string | null }>(
      `SELECT api_key_id, spend_day_micros, spend_month_micros, tokens_day, tokens_month,
              requests_per_minute, tokens_per_minute, allowed_models
         FROM usage_limits WHERE workspace_id = $1`,
      [workspaceId],
    ),
  );
  let workspace: Limits | null = null;
  const keys = new Map<string, Limits>();
  for (const row of rows) {
    const limits = limitsFromRow(row);
    if (!hasLimits(limits)) continue;
    if (row.api_key_id === null) workspace = limits;
    else keys.set(row.api_key_id, limits);
  }
  return workspace === null && keys.size === 0 ? null : { workspace, keys };
}
