import "server-only";
import { Agent, request } from "undici";
import { withWorkspaceRaw } from "../db";
import { open, wipe } from "../vault";
import { childLogger } from "../log";
import { checkWebhookUrl, guardedLookup, targetPolicy, TargetRefused, type TargetPolicy } from "./target";
import { signPayload, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "./signature";
import { webhookBody } from "./payload";
import { DELIVERY_LEASE_MS, MAX_ATTEMPTS, RETRY_DELAYS_MS, WEBHOOK_TIMEOUT_MS } from "./rules";

/**
 * Webhook deliveries: claimed with a lease (FOR UPDATE SKIP LOCKED, so two instances
 * never send the same attempt), sent outside any transaction, and their outcome written
 * back: delivered on a 2xx, otherwise retried after RETRY_DELAYS_MS and failed after
 * MAX_ATTEMPTS. The log keeps the receiver's status code or a short error code, never
 * the body, the headers or the secret.
 */
const log = childLogger("alerts");

type Claimed = {
  id: string;
  attempts: number;
  alert_id: string;
  kind: string;
  title: string;
  details: Record<string, unknown>;
  created_at: Date;
  destination_id: string;
  url: string;
  sealed_secret: string;
};

export const secretScope = (workspaceId: string) => ({ kind: "workspace" as const, id: workspaceId });
export const secretBinding = (destinationId: string) => ({ alertDestinationId: destinationId, purpose: "alert_webhook" });

let agents: { policy: boolean; agent: Agent } | undefined;
function agentFor(policy: TargetPolicy): Agent {
  if (agents?.policy === policy.allowPrivate) return agents.agent;
  void agents?.agent.close().catch(() => {});
  const agent = new Agent({
    connect: { lookup: guardedLookup(policy), timeout: WEBHOOK_TIMEOUT_MS },
    headersTimeout: WEBHOOK_TIMEOUT_MS,
    bodyTimeout: WEBHOOK_TIMEOUT_MS,
    connections: 4,
  });
  agents = { policy: policy.allowPrivate, agent };
  return agent;
}

export type AttemptResult = { status: number | null; error: string | null };

async function sendOnce(workspaceId: string, d: Claimed, policy: TargetPolicy): Promise<AttemptResult> {
  let url: URL;
  try {
    url = checkWebhookUrl(d.url, policy);
  } catch {
    return { status: null, error: "refused_address" };
  }
  const body = await webhookBody(workspaceId, d);
  const secretBytes = await open(secretScope(workspaceId), secretBinding(d.destination_id), d.sealed_secret);
  const timestamp = Math.floor(Date.now() / 1000);
  let signature: string;
  try {
    signature = signPayload(secretBytes, timestamp, body);
  } finally {
    wipe(secretBytes);
  }
  try {
    const res = await request(url, {
      method: "POST",
      dispatcher: agentFor(policy),
      headers: {
        "content-type": "application/json",
        "user-agent": "Auriko-Alerts/1",
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signature,
        "x-auriko-delivery": d.id,
        "x-auriko-event": d.kind,
      },
      body,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS * 2),
    });
    await res.body.dump({ limit: 64 * 1024 }).catch(() => {});
    return res.statusCode >= 200 && res.statusCode < 300 ? { status: res.statusCode, error: null } : { status: res.statusCode, error: "http_status" };
  } catch (err) {
    const e = err as { code?: string; name?: string; cause?: { code?: string } };
    const code = e.code ?? e.cause?.code;
    if (err instanceof TargetRefused || code === "EALERTTARGET") return { status: null, error: "refused_address" };
    if (e.name === "TimeoutError" || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_CONNECT_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
      return { status: null, error: "timeout" };
    }
    return { status: null, error: "unreachable" };
  }
}

const CLAIM = `
  UPDATE alert_deliveries d SET next_attempt_at = $3, updated_at = $2
    FROM alerts a, alert_destinations t
   WHERE d.id IN (
           SELECT id FROM alert_deliveries
            WHERE workspace_id = $1 AND state = 'pending' AND next_attempt_at <= $2 AND ($4::uuid[] IS NULL OR id = ANY($4::uuid[]))
            ORDER BY next_attempt_at LIMIT 20 FOR UPDATE SKIP LOCKED)
     AND a.id = d.alert_id AND t.id = d.destination_id
  RETURNING d.id, d.attempts, d.alert_id, a.kind, a.title, a.details, a.created_at, d.destination_id, t.url, t.sealed_secret`;

/**
 * Sends every due webhook delivery of one workspace (or only `ids`); returns how many
 * were attempted. Never throws for a receiver's failure.
 */
export async function deliverDue(workspaceId: string, opts: { ids?: string[]; now?: Date; policy?: TargetPolicy } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const policy = opts.policy ?? targetPolicy();
  const claimed = await withWorkspaceRaw(workspaceId, async (c) =>
    (await c.query<Claimed>(CLAIM, [workspaceId, now, new Date(now.getTime() + DELIVERY_LEASE_MS), opts.ids ?? null])).rows,
  );
  for (const d of claimed) {
    let result: AttemptResult;
    try {
      result = await sendOnce(workspaceId, d, policy);
    } catch (err) {
      log.warn({ err: (err as Error).name }, "alert delivery could not be prepared");
      result = { status: null, error: "internal_error" };
    }
    const attempts = d.attempts + 1;
    const done = result.error === null;
    const failed = !done && attempts >= MAX_ATTEMPTS;
    const at = new Date();
    const next = done || failed ? null : new Date(at.getTime() + RETRY_DELAYS_MS[attempts - 1]!);
    await withWorkspaceRaw(workspaceId, (c) =>
      c.query(
        `UPDATE alert_deliveries SET attempts = $2, state = $3, last_status = $4, last_error = $5, next_attempt_at = $6,
                updated_at = $7, delivered_at = CASE WHEN $3 = 'delivered' THEN $7 ELSE delivered_at END
          WHERE id = $1`,
        [d.id, attempts, done ? "delivered" : failed ? "failed" : "pending", result.status, result.error, next, at],
      ),
    );
  }
  return claimed.length;
}
