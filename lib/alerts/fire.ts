import "server-only";
import type pg from "pg";
import { publicOrigin } from "../http/public-origin";
import { MAX_CHECKED_ALERTS_PER_HOUR, type AlertKind } from "./rules";

/**
 * Recording an alert, inside a raw-pool transaction in the workspace's RLS context:
 * the deduplication row decides whether it fires at all (atomically, so instances that
 * evaluate at the same time fire once), then the alert, one delivery per destination
 * and, for the e-mail destination, one outbox message per Owner and Admin.
 *
 * `details` holds usage metadata only: numbers, enums, ids, names, timestamps.
 */
export type AlertDetails = Record<string, string | number | boolean | null | Array<Record<string, string | number | null>>>;

export type NewAlert = {
  kind: AlertKind;
  dedupKey: string;
  /** null: fires once per key, ever; otherwise again once this long has passed. */
  cooldownMs: number | null;
  title: string;
  /** Plain-text lines for the e-mail, built from the same metadata. */
  lines: string[];
  details: AlertDetails;
  /** Checked kinds are subject to the per-workspace hourly cap. */
  capped: boolean;
};

export type FiredAlert = { alertId: string; webhookDeliveries: string[]; emails: number };

export const ALERT_EMAIL_KIND = "alert";

async function claimDedup(client: pg.PoolClient, workspaceId: string, a: NewAlert, now: Date): Promise<boolean> {
  if (a.cooldownMs === null) {
    const r = await client.query(
      "INSERT INTO alert_dedup (workspace_id, dedup_key, fired_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
      [workspaceId, a.dedupKey, now],
    );
    return r.rowCount === 1;
  }
  const r = await client.query(
    `INSERT INTO alert_dedup (workspace_id, dedup_key, fired_at) VALUES ($1, $2, $3)
     ON CONFLICT (workspace_id, dedup_key) DO UPDATE SET fired_at = EXCLUDED.fired_at
       WHERE alert_dedup.fired_at <= EXCLUDED.fired_at - make_interval(secs => $4::double precision / 1000)`,
    [workspaceId, a.dedupKey, now, a.cooldownMs],
  );
  return r.rowCount === 1;
}

/** Fires `a` unless deduplicated (or capped); returns what was queued, or null. */
export async function fireAlert(client: pg.PoolClient, workspaceId: string, a: NewAlert, now = new Date()): Promise<FiredAlert | null> {
  if (a.capped) {
    const recent = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM alerts WHERE workspace_id = $1 AND kind <> 'budget_threshold' AND created_at > $2",
      [workspaceId, new Date(now.getTime() - 3_600_000)],
    );
    if ((recent.rows[0]?.n ?? 0) >= MAX_CHECKED_ALERTS_PER_HOUR) return null;
  }
  if (!(await claimDedup(client, workspaceId, a, now))) return null;

  const alert = await client.query<{ id: string }>(
    "INSERT INTO alerts (workspace_id, kind, dedup_key, title, details, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    [workspaceId, a.kind, a.dedupKey, a.title, JSON.stringify(a.details), now],
  );
  const alertId = alert.rows[0]!.id;
  const destinations = await client.query<{ id: string; kind: string }>(
    "SELECT id, kind FROM alert_destinations WHERE workspace_id = $1 ORDER BY created_at",
    [workspaceId],
  );
  const webhookDeliveries: string[] = [];
  let emails = 0;
  for (const d of destinations.rows) {
    if (d.kind === "webhook") {
      const r = await client.query<{ id: string }>(
        `INSERT INTO alert_deliveries (workspace_id, alert_id, destination_id, state, next_attempt_at, created_at, updated_at)
         VALUES ($1, $2, $3, 'pending', $4, $4, $4) RETURNING id`,
        [workspaceId, alertId, d.id, now],
      );
      webhookDeliveries.push(r.rows[0]!.id);
    } else {
      emails = await queueEmails(client, workspaceId, a);
      await client.query(
        `INSERT INTO alert_deliveries (workspace_id, alert_id, destination_id, state, attempts, recipients, created_at, updated_at)
         VALUES ($1, $2, $3, 'queued', 1, $4, $5, $5)`,
        [workspaceId, alertId, d.id, emails, now],
      );
    }
  }
  return { alertId, webhookDeliveries, emails };
}

/** One outbox message per current Owner and Admin; Members are not told. */
async function queueEmails(client: pg.PoolClient, workspaceId: string, a: NewAlert): Promise<number> {
  const ws = await client.query<{ name: string; slug: string }>("SELECT name, slug FROM workspaces WHERE id = $1", [workspaceId]);
  const w = ws.rows[0];
  if (!w) return 0;
  const link = `${publicOrigin()}/w/${encodeURIComponent(w.slug)}/alerts`;
  const body = [`${a.title}`, "", ...a.lines, "", `Alert settings for ${w.name}: ${link}`].join("\n");
  const r = await client.query(
    `INSERT INTO email_outbox (workspace_id, to_email, kind, subject, body)
     SELECT $1, u.email, $2, $3, $4
       FROM memberships m JOIN users u ON u.id = m.user_id
      WHERE m.workspace_id = $1 AND m.role IN ('OWNER', 'ADMIN')`,
    [workspaceId, ALERT_EMAIL_KIND, `[${w.name}] ${a.title}`, body],
  );
  return r.rowCount ?? 0;
}
