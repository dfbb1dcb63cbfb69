import "server-only";
import type { Tx } from "../db";
import { can } from "../rbac";
import type { Actor } from "../workspaces/context";

/**
 * API key names as usage pages may show them: Owners and Admins see every key's name;
 * Members see their own keys by name and everyone else's as "Other keys" (no name, no id).
 * Only names and ids leave this module, never key material or prefixes.
 */
export type KeyLabel = { key: string; label: string; apiKeyId: string | null };
export type VisibleKey = { id: string; name: string; revoked: boolean };
export type KeyDirectory = { visible: VisibleKey[]; label: (apiKeyId: string | null) => KeyLabel; canFilterBy: (apiKeyId: string) => boolean };

export const OTHER_KEYS = "Other keys";

export async function keyDirectory(tx: Tx, actor: Actor): Promise<KeyDirectory> {
  const all = can(actor.role, "apiKeys.viewAll");
  const rows = await tx.apiKey.findMany({
    where: { workspaceId: actor.workspaceId, ...(all ? {} : { createdBy: actor.userId }) },
    select: { id: true, name: true, revokedAt: true },
    orderBy: [{ name: "asc" }, { createdAt: "asc" }],
  });
  const byId = new Map(rows.map((r) => [r.id, r.name]));
  return {
    visible: rows.map((r) => ({ id: r.id, name: r.name, revoked: r.revokedAt !== null })),
    canFilterBy: (id) => byId.has(id),
    label: (id) => {
      if (id === null) return { key: "none", label: "No key", apiKeyId: null };
      const name = byId.get(id);
      if (name !== undefined) return { key: id, label: name, apiKeyId: id };
      return { key: "other", label: all ? "Unknown key" : OTHER_KEYS, apiKeyId: null };
    },
  };
}
