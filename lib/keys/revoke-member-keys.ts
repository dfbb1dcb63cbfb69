import "server-only";
import type { Tx } from "../db";
import { recordAudit } from "../audit";

/**
 * Keys die with their owner: when someone leaves a workspace, is removed from it, or has
 * their role lowered, the API keys they created there are revoked in the same transaction
 * as the membership change, one audit row per key saying why and by whom. The caller
 * calls apiKeysChanged() after the commit, so the proxy here
 * refuses the keys at once and every other instance within KEY_CACHE_TTL_MS.
 */
export type KeyRevocationReason = "member_removed" | "member_left" | "role_lowered";

export type RevokedKey = { id: string; name: string; prefix: string };

/** The keys it revoked (name and prefix only), for the owner's notification after the commit. */
export async function revokeKeysCreatedBy(
  tx: Tx,
  workspaceId: string,
  owner: { userId: string; email: string },
  by: { userId: string; email: string; ip?: string | null },
  reason: KeyRevocationReason,
): Promise<RevokedKey[]> {
  const keys = await tx.apiKey.findMany({
    where: { workspaceId, createdBy: owner.userId, revokedAt: null },
    select: { id: true, name: true, prefix: true },
    orderBy: { createdAt: "asc" },
  });
  if (keys.length === 0) return [];
  const now = new Date();
  await tx.apiKey.updateMany({ where: { id: { in: keys.map((k) => k.id) }, revokedAt: null }, data: { revokedAt: now, revokedBy: by.userId } });
  for (const k of keys) {
    await recordAudit(tx, workspaceId, {
      action: "api_key.revoked",
      actor: by,
      target: { type: "api_key", id: k.id, label: `${k.name} (${k.prefix}…)` },
      ip: by.ip,
      details: { reason, owner: owner.email },
    });
  }
  return keys;
}
