import "server-only";
import { env } from "../env";
import { authenticateApiKey } from "../keys";
import { configuredProviders, createCredentialReader } from "../credentials";
import { createCorsReader } from "../workspaces/cors";
import { toAbortSignal } from "../proxy/abort";
import { mockProvider } from "../proxy/providers/mock";
import { PROVIDERS, providerBaseUrl } from "../providers/registry";
import type { ProviderInfo, ProxyDeps, Transport } from "../proxy/types";
import { processMeter } from "../usage/meter";
import { processLimits } from "../limits";
import { recordProviderOutcome } from "../status/public/provider-signal";
import { createApiKeyGuard } from "./guard-cache";
import { childLogger } from "../log";

/**
 * The proxy core's dependencies on a Node host: each from the domain that owns it (API
 * keys from lib/keys, credentials from lib/credentials, both cached and read through the
 * raw pool under the workspace's RLS context; the usage meter from lib/usage). The
 * transport is the host's choice (undici pool on the production server, fetch in the
 * Next.js route handler).
 */
const log = childLogger("proxy");

export function createNodeDeps(transport: Transport): ProxyDeps {
  const e = env();
  const infos = new Map<string, ProviderInfo>(
    PROVIDERS.map((p) => [p.id, { id: p.id, name: p.name, protocol: p.protocol, baseUrl: providerBaseUrl(p), models: p.models, endpoints: p.endpoints }]),
  );

  return {
    authenticate: authenticateApiKey,
    authGuard: createApiKeyGuard(),
    providers: {
      get: (id) => infos.get(id),
      configured: configuredProviders,
    },
    withCredential: createCredentialReader(),
    allowedOrigins: createCorsReader(),
    transport,
    mock: mockProvider,
    meter: meterAndSignal(),
    admit: processLimits().admit,
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

/** Every usage record goes to the meter (per workspace); those that reached a provider also to the provider signal (aggregated). */
function meterAndSignal(): ProxyDeps["meter"] {
  const record = processMeter().record;
  return (u) => {
    record(u);
    if (!u.refused) recordProviderOutcome(u);
  };
}

/** The `fetch` transport (Web APIs only): never cached, never redirected. */
export const fetchTransport: Transport = async (r) => {
  const res = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body as BodyInit | undefined, signal: toAbortSignal(r.signal), cache: "no-store", redirect: "error" });
  return { status: res.status, headers: res.headers, body: res.body };
};
