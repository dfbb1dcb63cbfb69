import "server-only";
import { withWorkspace } from "../db";
import { recordAudit } from "../audit";
import { AppError } from "../errors";
import { assertCan, can } from "../rbac";
import type { Actor } from "../workspaces/context";
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
  await withWorkspace(actor.workspaceId, async (tx) => {
    const row = await tx.apiKey.findFirst({ where: { id: input.apiKeyId, workspaceId: actor.workspaceId } });
    const mine = row?.createdBy === actor.userId;
    // A Member cannot even learn that someone else's key id exists.
    if (!row || (!mine && !can(actor.role, "apiKeys.viewAll"))) throw new AppError("NOT_FOUND", "API key not found.");
    if (!mine) assertCan(actor.role, "apiKeys.manageAll");
    if (row.revokedAt) return;
    await tx.apiKey.update({ where: { id: row.id }, data: { revokedAt: new Date(), revokedBy: actor.userId } });
    await recordAudit(tx, actor.workspaceId, {
      action: "api_key.revoked",
      actor,
      target: { type: "api_key", id: row.id, label: `${row.name} (${row.prefix}…)` },
      ip: actor.ip,
    });
  });
  apiKeysChanged();
}
