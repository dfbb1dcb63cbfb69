import "server-only";
import { withWorkspaceRaw } from "../db";
import { lookupCache } from "../lookup-cache";
import { provider as providerDef } from "../providers/registry";
import { childLogger } from "../log";
import { CredentialUnreadable } from "../proxy/types";
import { VaultError } from "../vault";
import { openCredentialText } from "./manage-credentials";
import { OpenedKeys } from "./opened-keys";

/**
 * The proxy's read path to BYOK credentials, on the raw pool under the workspace's RLS
 * context (the console's path is Prisma, ./manage-credentials.ts).
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
 * `withDefaultCredential(workspace, provider, fn)` hands the default credential's key to
 * `fn`; null when the workspace has none. The key is opened once and kept in the process's
 * one bounded cache of opened keys (./opened-keys.ts) for at most OPENED_TTL_MS, checked
 * against the sealed envelope on every use: a revoked or replaced credential stops being
 * used within the envelope cache's 5 seconds.
 *
 * A credential that does not open (altered, transplanted, or sealed under a master key
 * this server does not hold) throws CredentialUnreadable, which the proxy answers as such
 * (never as the provider being unreachable), and is a `credential.unreadable` security
 * event in the workspace's audit log, at most once per credential per REPORT_EVERY_MS.
 */
const OPENED_TTL_MS = 60_000;
const OPENED_MAX = 5_000;
const REPORT_EVERY_MS = 10 * 60_000;
const log = childLogger("vault");

export function createCredentialReader() {
  const sealed = lookupCache<SealedCredential | null>({ ttlMs: CACHE_MS, refreshAfterMs: CACHE_MS - 1_000, max: 10_000 });
  const opened = new OpenedKeys({ ttlMs: OPENED_TTL_MS, max: OPENED_MAX });
  const reported = new Map<string, number>();
  const stats = { opened: 0, unreadable: 0 };

  function report(workspaceId: string, cred: SealedCredential, code: string) {
    stats.unreadable++;
    const now = Date.now();
    if ((reported.get(cred.id) ?? 0) > now - REPORT_EVERY_MS) return;
    if (reported.size > 10_000) reported.clear();
    reported.set(cred.id, now);
    log.error({ workspaceId, credentialId: cred.id, provider: cred.provider, reason: code }, "a stored provider key could not be opened");
    void recordUnreadable(workspaceId, cred, code).catch((err: unknown) => log.error({ err, workspaceId }, "could not record the unreadable credential"));
  }

  async function withDefaultCredential<T>(workspaceId: string, provider: string, fn: (key: string) => Promise<T>): Promise<T | null> {
    const id = `${workspaceId}:${provider}`;
    const cred = await sealed.get(id, () => loadDefaultCredential(workspaceId, provider));
    if (!cred) {
      opened.drop(id);
      return null;
    }
    let key = opened.get(id, cred.sealedKey);
    if (key === undefined) {
      try {
        key = await openCredentialText(workspaceId, cred);
      } catch (err) {
        if (!(err instanceof VaultError)) throw err;
        report(workspaceId, cred, err.code);
        throw new CredentialUnreadable(err.code);
      }
      stats.opened++;
      opened.set(id, cred.sealedKey, key);
    }
    return fn(key);
  }
  return Object.assign(withDefaultCredential, { stats, close: () => opened.close() });
}

async function recordUnreadable(workspaceId: string, cred: SealedCredential, code: string): Promise<void> {
  await withWorkspaceRaw(workspaceId, (client) =>
    client.query(
      `INSERT INTO audit_events (workspace_id, action, target_type, target_id, target_label, details)
       VALUES ($1, 'credential.unreadable', 'credential', $2, $3, $4)`,
      [workspaceId, cred.id, cred.provider, JSON.stringify({ reason: code, provider: cred.provider })],
    ),
  );
}
