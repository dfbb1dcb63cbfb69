import { withWorkspaceRaw } from "../db";
import { env } from "../env";
import { authenticateApiKey } from "../keys";
import { withOpenedCredential } from "../credentials";
import { toAbortSignal } from "../proxy/abort";
import { mockProvider } from "../proxy/providers/mock";
import { PROVIDERS, provider as providerDef, providerBaseUrl } from "../providers/registry";
import type { ProviderInfo, ProxyDeps, Transport } from "../proxy/types";
import { processMeter } from "../usage/meter";
import { recordProviderOutcome } from "../status/provider-signal";
import { createApiKeyGuard } from "./guard-cache";
import { childLogger } from "../log";
import { lookupCache } from "../lookup-cache";

/**
 * The proxy core's dependencies on a Node host: API keys and credentials from
 * Postgres (cached briefly, sealed; read through the raw pool, lib/db/raw.ts, under the
 * workspace's RLS context), the vault to open keys, the usage meter. The
 * transport is the host's choice (undici pool on the production server, fetch in
 * the Next.js route handler).
 */
const CREDENTIAL_CACHE_MS = 5_000;
const log = childLogger("proxy");

type SealedCredential = { id: string; provider: string; sealedKey: string };

export function createNodeDeps(transport: Transport): ProxyDeps {
  const e = env();
  const infos = new Map<string, ProviderInfo>(
    PROVIDERS.map((p) => [p.id, { id: p.id, name: p.name, protocol: p.protocol, baseUrl: providerBaseUrl(p), models: p.models }]),
  );
  // Sealed envelopes only: keys are opened per request and wiped.
  const credentials = lookupCache<SealedCredential | null>({ ttlMs: CREDENTIAL_CACHE_MS, refreshAfterMs: CREDENTIAL_CACHE_MS - 1_000, max: 10_000 });

  async function loadCredential(workspaceId: string, provider: string): Promise<SealedCredential | null> {
    // The unlabelled credential is the default; otherwise the oldest.
    const { rows } = await withWorkspaceRaw(workspaceId, (client) =>
      client.query<SealedCredential>(
        `SELECT id, provider, sealed_key AS "sealedKey" FROM provider_credentials
          WHERE workspace_id = $1 AND provider = $2 ORDER BY (label = '') DESC, created_at ASC LIMIT 1`,
        [workspaceId, provider],
      ),
    );
    return rows[0] ?? null;
  }

  const sealedCredential = (workspaceId: string, provider: string) =>
    credentials.get(`${workspaceId}:${provider}`, () => loadCredential(workspaceId, provider));

  return {
    authenticate: authenticateApiKey,
    authGuard: createApiKeyGuard(),
    providers: {
      get: (id) => infos.get(id),
      configured: async (workspaceId) => {
        const { rows } = await withWorkspaceRaw(workspaceId, (client) =>
          client.query<{ provider: string }>("SELECT DISTINCT provider FROM provider_credentials WHERE workspace_id = $1 ORDER BY provider", [workspaceId]),
        );
        return rows.map((r) => r.provider).filter((p) => providerDef(p));
      },
    },
    withCredential: async (workspaceId, provider, use) => {
      const cred = await sealedCredential(workspaceId, provider);
      if (!cred) return null;
      return withOpenedCredential(workspaceId, cred, use);
    },
    transport,
    mock: mockProvider,
    meter: meterAndSignal(),
    log: (level, event) => {
      if (!log.isLevelEnabled(level)) return;
      const { msg, ...fields } = event();
      log[level](fields, String(msg));
    },
    limits: {
      maxBodyBytes: e.AURIKO_PROXY_MAX_BODY_BYTES,
      connectTimeoutMs: e.AURIKO_PROXY_HEADERS_TIMEOUT_MS,
      idleTimeoutMs: e.AURIKO_PROXY_IDLE_TIMEOUT_MS,
    },
    now: () => performance.now(),
  };
}

/** Every usage record goes to the meter (per workspace) and the provider signal (aggregated). */
function meterAndSignal(): ProxyDeps["meter"] {
  const record = processMeter().record;
  return (u) => {
    record(u);
    recordProviderOutcome(u);
  };
}

/** The `fetch` transport (Web APIs only): never cached, never redirected. */
export const fetchTransport: Transport = async (r) => {
  const res = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body as BodyInit | undefined, signal: toAbortSignal(r.signal), cache: "no-store", redirect: "error" });
  return { status: res.status, headers: res.headers, body: res.body };
};
