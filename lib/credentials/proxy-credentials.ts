import "server-only";
import { withWorkspaceRaw } from "../db";
import { lookupCache } from "../lookup-cache";
import { provider as providerDef } from "../providers/registry";
import { withOpenedCredential } from "./manage-credentials";

/**
 * The proxy's read path to BYOK credentials, on the raw pool under the workspace's RLS
 * context (the console's path is Prisma, ./manage-credentials.ts). Only sealed envelopes
 * are cached; a key is opened per request and wiped right after.
 *
 * The default rule: of a workspace's credentials for one provider, the unlabelled one
 * serves requests; without one, the oldest.
 */
const CACHE_MS = 5_000;

type SealedCredential = { id: string; provider: string; sealedKey: string };

async function loadDefaultCredential(workspaceId: string, provider: string): Promise<SealedCredential | null> {
  const { rows } = await withWorkspaceRaw(workspaceId, (client) =>
    client.query<SealedCredential>(
      `SELECT id, provider, sealed_key AS "sealedKey" FROM provider_credentials
        WHERE workspace_id = $1 AND provider = $2 ORDER BY (label = '') DESC, created_at ASC LIMIT 1`,
      [workspaceId, provider],
    ),
  );
  return rows[0] ?? null;
}

/** Provider ids this workspace holds a credential for (GET /v1/models). */
export async function configuredProviders(workspaceId: string): Promise<string[]> {
  const { rows } = await withWorkspaceRaw(workspaceId, (client) =>
    client.query<{ provider: string }>("SELECT DISTINCT provider FROM provider_credentials WHERE workspace_id = $1 ORDER BY provider", [workspaceId]),
  );
  return rows.map((r) => r.provider).filter((p) => providerDef(p));
}

/**
 * `withDefaultCredential(workspace, provider, use)` opens the default credential, hands
 * its bytes to `use` and wipes them; null when the workspace has none. A revoked or
 * replaced credential stops being used within the cache's 5 seconds.
 */
export function createCredentialReader() {
  const sealed = lookupCache<SealedCredential | null>({ ttlMs: CACHE_MS, refreshAfterMs: CACHE_MS - 1_000, max: 10_000 });
  return async function withDefaultCredential<T>(workspaceId: string, provider: string, use: (key: Uint8Array) => Promise<T>): Promise<T | null> {
    const cred = await sealed.get(`${workspaceId}:${provider}`, () => loadDefaultCredential(workspaceId, provider));
    if (!cred) return null;
    return withOpenedCredential(workspaceId, cred, use);
  };
}
