import "server-only";
import { withWorkspaceRaw } from "../db";

/**
 * The JSON a webhook receives. Built from the alert row (metadata only) and the
 * workspace's id, slug and name; the same alert gives the same body on every attempt,
 * and a fresh signature (the timestamp is part of what is signed).
 */
export type WebhookPayload = {
  id: string;
  type: `alert.${string}`;
  created_at: string;
  workspace: { id: string; slug: string; name: string };
  title: string;
  data: Record<string, unknown>;
};

export async function webhookBody(
  workspaceId: string,
  a: { alert_id: string; kind: string; title: string; details: Record<string, unknown>; created_at: Date },
): Promise<string> {
  const ws = await withWorkspaceRaw(workspaceId, async (c) =>
    (await c.query<{ slug: string; name: string }>("SELECT slug, name FROM workspaces WHERE id = $1", [workspaceId])).rows[0],
  );
  const payload: WebhookPayload = {
    id: a.alert_id,
    type: `alert.${a.kind}`,
    created_at: new Date(a.created_at).toISOString(),
    workspace: { id: workspaceId, slug: ws?.slug ?? "", name: ws?.name ?? "" },
    title: a.title,
    data: a.details,
  };
  return JSON.stringify(payload);
}
