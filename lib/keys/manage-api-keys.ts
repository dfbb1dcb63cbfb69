import "server-only";
import { withWorkspace } from "../db";
import { recordAudit } from "../audit";
import { AppError } from "../errors";
import { assertCan, can } from "../rbac";
import type { Actor } from "../workspaces/context";
import { recordSecurityEvent } from "../security-events";
import { generateApiKey } from "./api-key-format";
import { apiKeysChanged } from "./key-changes";

const LIST_FIELDS = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  createdBy: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

/** Creates a key for the acting user. The full key is in the result once and nowhere else. */
export async function createApiKey(actor: Actor, input: { name: string; expiresInDays?: number }) {
  assertCan(actor.role, "apiKeys.manageOwn");
  const { key, prefix, hash } = generateApiKey();
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  const record = await withWorkspace(actor.workspaceId, async (tx) => {
    const row = await tx.apiKey.create({
      data: { workspaceId: actor.workspaceId, name: input.name.trim(), prefix, keyHash: hash, createdBy: actor.userId, expiresAt },
      select: LIST_FIELDS,
    });
    await recordAudit(tx, actor.workspaceId, {
      action: "api_key.created",
      actor,
      target: { type: "api_key", id: row.id, label: `${row.name} (${prefix}…)` },
      ip: actor.ip,
      details: { expiresInDays: input.expiresInDays ?? null },
    });
    return row;
  });
  // Keys are always created by their owner's own session; the notice is for a session
  // that is not the owner's any more (a stolen cookie). Label and prefix only.
  await recordSecurityEvent({
    userId: actor.userId,
    kind: "api_key_created",
    ip: actor.ip,
    sessionId: actor.sessionId,
    details: { workspace: actor.workspaceName, key: record.name, prefix },
  });
  return { key, record };
}

/** Owners and Admins see every key; Members see their own. */
export async function listApiKeys(actor: Actor) {
  assertCan(actor.role, "apiKeys.manageOwn");
  const all = can(actor.role, "apiKeys.viewAll");
  return withWorkspace(actor.workspaceId, async (tx) => {
    const rows = await tx.apiKey.findMany({
      where: { workspaceId: actor.workspaceId, ...(all ? {} : { createdBy: actor.userId }) },
      select: LIST_FIELDS,
      orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    });
    const creators = await tx.membership.findMany({
      where: { workspaceId: actor.workspaceId, userId: { in: rows.map((r) => r.createdBy).filter((x): x is string => !!x) } },
      select: { userId: true, user: { select: { email: true } } },
    });
    const emails = new Map(creators.map((c) => [c.userId, c.user.email]));
    return rows.map((r) => ({ ...r, createdByEmail: r.createdBy ? (emails.get(r.createdBy) ?? null) : null }));
  });
}

export async function revokeApiKey(actor: Actor, input: { apiKeyId: string }) {
  assertCan(actor.role, "apiKeys.manageOwn");
  const revoked = await withWorkspace(actor.workspaceId, async (tx) => {
    const row = await tx.apiKey.findFirst({ where: { id: input.apiKeyId, workspaceId: actor.workspaceId } });
    const mine = row?.createdBy === actor.userId;
    // A Member cannot even learn that someone else's key id exists.
    if (!row || (!mine && !can(actor.role, "apiKeys.viewAll"))) throw new AppError("NOT_FOUND", "API key not found.");
    if (!mine) assertCan(actor.role, "apiKeys.manageAll");
    if (row.revokedAt) return null;
    await tx.apiKey.update({ where: { id: row.id }, data: { revokedAt: new Date(), revokedBy: actor.userId } });
    await recordAudit(tx, actor.workspaceId, {
      action: "api_key.revoked",
      actor,
      target: { type: "api_key", id: row.id, label: `${row.name} (${row.prefix}…)` },
      ip: actor.ip,
    });
    return { owner: row.createdBy, name: row.name, prefix: row.prefix };
  });
  apiKeysChanged();
  // Someone else revoked the key: its owner hears of it (revoking one's own key needs no notice).
  if (revoked?.owner && revoked.owner !== actor.userId) {
    await notifyKeysRevoked(revoked.owner, actor, [revoked]);
  }
}

/** One notice to a key owner for the keys someone else revoked in one change (label and prefix only). */
export async function notifyKeysRevoked(
  ownerId: string,
  by: Pick<Actor, "email" | "ip" | "workspaceName">,
  keys: { name: string; prefix: string }[],
  reason?: string,
) {
  if (!keys.length) return;
  await recordSecurityEvent({
    userId: ownerId,
    kind: "api_key_revoked",
    ip: by.ip,
    details: { workspace: by.workspaceName, by: by.email, key: keys[0]!.name, prefix: keys[0]!.prefix, more: keys.length - 1, ...(reason ? { reason } : {}) },
  });
}
