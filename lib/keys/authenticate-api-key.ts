import "server-only";
import { withWorkspaceRaw } from "../db";
import { findApiKeyByHash, type ApiKeyRecord } from "../db/privileged";
import { lookupCache } from "../lookup-cache";
import { hashApiKey, looksLikeApiKey } from "./api-key-format";

/**
 * API-key authentication for the proxy: hash, then a lookup through a small
 * in-memory cache. A cached answer lives KEY_CACHE_TTL_MS, so a revocation made on
 * any instance takes effect everywhere within that bound (this instance's cache is
 * cleared at once). A key in steady use is looked up again in the background during
 * the last second of that bound, so its requests never wait for the database. Expiry is
 * checked on every request against the cached record, and so is the creator's suspension,
 * which the same lookup reads.
 */
export const KEY_CACHE_TTL_MS = 5_000;
const CACHE_MAX = 10_000;
const LAST_USED_EVERY_MS = 60_000;

export type AuthenticatedKey = { id: string; workspaceId: string };
const cache = lookupCache<ApiKeyRecord | null>({ ttlMs: KEY_CACHE_TTL_MS, refreshAfterMs: KEY_CACHE_TTL_MS - 1_000, max: CACHE_MAX });
const lastUsedWritten = new Map<string, number>();

export function clearApiKeyCache(): void {
  cache.clear();
}

export async function authenticateApiKey(presented: string, now = Date.now()): Promise<AuthenticatedKey | null> {
  if (!looksLikeApiKey(presented)) return null;
  const hash = hashApiKey(presented);
  const r = await cache.get(hash, () => findApiKeyByHash(hash), now);
  if (!r || r.revokedAt || r.ownerSuspended || (r.expiresAt && r.expiresAt.getTime() <= now)) return null;
  noteUsed(r.id, r.workspaceId, now);
  return { id: r.id, workspaceId: r.workspaceId };
}

/** last_used_at is written at most once a minute per key, off the request path. */
function noteUsed(id: string, workspaceId: string, now: number) {
  const last = lastUsedWritten.get(id) ?? 0;
  if (now - last < LAST_USED_EVERY_MS) return;
  lastUsedWritten.set(id, now);
  void withWorkspaceRaw(workspaceId, (client) => client.query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2", [new Date(now), id])).catch(
    () => lastUsedWritten.delete(id),
  );
}

