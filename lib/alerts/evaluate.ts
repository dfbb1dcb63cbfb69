import "server-only";
import type pg from "pg";
import { withWorkspaceRaw } from "../db";
import { fireAlert, type FiredAlert, type NewAlert } from "./fire";
import {
  DAY_MS,
  ERROR_RATE_COOLDOWN_MS,
  ERROR_RATE_MIN_REQUESTS,
  ERROR_RATE_THRESHOLD,
  ERROR_RATE_WINDOW_MS,
  KEY_EXPIRY_DAYS,
  KEY_EXPIRY_MAX_LISTED,
  MINUTE_MS,
  PROVIDER_KEY_COOLDOWN_MS,
  PROVIDER_KEY_ERROR_TYPES,
  PROVIDER_KEY_WINDOW_MS,
} from "./rules";

/**
 * The checked alert kinds, evaluated for one workspace in one transaction of the raw
 * pool under its RLS context. They read what the proxy already records (usage_events,
 * api_keys): the request path does no work for alerts. A workspace with no destination
 * is skipped at the cost of one indexed query.
 */
type Check = (c: pg.PoolClient, workspaceId: string, now: Date) => Promise<NewAlert[]>;

const providerKeyFailures: Check = async (c, workspaceId, now) => {
  const since = new Date(now.getTime() - PROVIDER_KEY_WINDOW_MS);
  const rows = await c.query<{ provider: string; failures: number; last_status: number }>(
    `SELECT provider, count(*)::int AS failures, max(status)::int AS last_status FROM usage_events
      WHERE workspace_id = $1 AND status IN (401, 403) AND error_type = ANY($2::text[]) AND created_at > $3 AND created_at <= $4
      GROUP BY provider ORDER BY provider`,
    [workspaceId, PROVIDER_KEY_ERROR_TYPES, since, now],
  );
  return rows.rows.map((r) => ({
    kind: "provider_key_failure",
    dedupKey: `provider_key_failure:${r.provider}`,
    cooldownMs: PROVIDER_KEY_COOLDOWN_MS,
    capped: true,
    title: `The ${r.provider} provider is refusing this workspace's provider key`,
    lines: [
      `In the last ${PROVIDER_KEY_WINDOW_MS / MINUTE_MS} minutes, ${r.failures} request(s) were refused by ${r.provider} with HTTP 401/403 for the workspace's own provider key.`,
      "Check or replace the key on the Providers page.",
    ],
    details: { provider: r.provider, failures: r.failures, window_minutes: PROVIDER_KEY_WINDOW_MS / MINUTE_MS },
  }));
};

const errorRate: Check = async (c, workspaceId, now) => {
  const since = new Date(now.getTime() - ERROR_RATE_WINDOW_MS);
  const r = await c.query<{ requests: number; errors: number }>(
    `SELECT count(*)::int AS requests, (count(*) FILTER (WHERE status >= 400 AND status <> 499))::int AS errors
       FROM usage_events WHERE workspace_id = $1 AND created_at > $2 AND created_at <= $3`,
    [workspaceId, since, now],
  );
  const { requests, errors } = r.rows[0] ?? { requests: 0, errors: 0 };
  if (requests < ERROR_RATE_MIN_REQUESTS || errors / requests < ERROR_RATE_THRESHOLD) return [];
  const rate = Math.round((errors / requests) * 1000) / 10;
  const minutes = ERROR_RATE_WINDOW_MS / MINUTE_MS;
  return [
    {
      kind: "error_rate",
      dedupKey: "error_rate",
      cooldownMs: ERROR_RATE_COOLDOWN_MS,
      capped: true,
      title: `${rate}% of this workspace's requests failed in the last ${minutes} minutes`,
      lines: [`${errors} of ${requests} requests failed (threshold ${ERROR_RATE_THRESHOLD * 100}%).`, "See the Usage page, filtered on errors."],
      details: { window_minutes: minutes, requests, errors, error_rate_percent: rate, threshold_percent: ERROR_RATE_THRESHOLD * 100 },
    },
  ];
};

/**
 * Keys expiring within KEY_EXPIRY_DAYS: one alert lists the keys not announced yet, each
 * key announced once per expiry date (a key whose expiry is moved is announced again).
 */
async function keyExpiry(c: pg.PoolClient, workspaceId: string, now: Date): Promise<FiredAlert | null> {
  const keys = await c.query<{ id: string; name: string; expires_at: Date }>(
    `SELECT id, name, expires_at FROM api_keys
      WHERE workspace_id = $1 AND revoked_at IS NULL AND expires_at > $2 AND expires_at <= $3
      ORDER BY expires_at LIMIT $4`,
    [workspaceId, now, new Date(now.getTime() + KEY_EXPIRY_DAYS * DAY_MS), KEY_EXPIRY_MAX_LISTED],
  );
  const fresh: { id: string; name: string; expires_at: string }[] = [];
  for (const k of keys.rows) {
    const claimed = await c.query(
      "INSERT INTO alert_dedup (workspace_id, dedup_key, fired_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
      [workspaceId, `api_key_expiry:${k.id}:${k.expires_at.toISOString()}`, now],
    );
    if (claimed.rowCount === 1) fresh.push({ id: k.id, name: k.name, expires_at: k.expires_at.toISOString() });
  }
  if (!fresh.length) return null;
  return fireAlert(
    c,
    workspaceId,
    {
      kind: "api_key_expiry",
      // Each key was deduplicated above; this key only names the batch.
      dedupKey: `api_key_expiry_batch:${now.toISOString()}`,
      cooldownMs: null,
      // One batch per evaluation at most, and a key lost to the cap would never be announced.
      capped: false,
      title: fresh.length === 1 ? `API key "${fresh[0]!.name}" expires soon` : `${fresh.length} API keys expire soon`,
      lines: [`Expiring within ${KEY_EXPIRY_DAYS} days:`, ...fresh.map((k) => `- ${k.name}: ${k.expires_at}`), "Issue replacements on the API keys page."],
      details: { within_days: KEY_EXPIRY_DAYS, keys: fresh },
    },
    now,
  );
}

export type Evaluation = { workspaceId: string; skipped: boolean; fired: FiredAlert[] };

export async function evaluateWorkspace(workspaceId: string, now = new Date()): Promise<Evaluation> {
  return withWorkspaceRaw(workspaceId, async (c) => {
    const has = await c.query("SELECT 1 FROM alert_destinations WHERE workspace_id = $1 LIMIT 1", [workspaceId]);
    if (!has.rowCount) return { workspaceId, skipped: true, fired: [] };
    const fired: FiredAlert[] = [];
    for (const check of [providerKeyFailures, errorRate]) {
      for (const alert of await check(c, workspaceId, now)) {
        const f = await fireAlert(c, workspaceId, alert, now);
        if (f) fired.push(f);
      }
    }
    const expiring = await keyExpiry(c, workspaceId, now);
    if (expiring) fired.push(expiring);
    return { workspaceId, skipped: false, fired };
  });
}
