import "server-only";
import { NO_STORE } from "./errors";
import type { HeaderReader, ProxyReply } from "./types";

/**
 * CORS for browser clients, opt-in per workspace. A preflight carries no key, so it is
 * answered for any origin; the request that follows carries the key, and the core then
 * refuses an origin its workspace has not allowed (403 origin_not_allowed) before
 * anything else happens. Allowed origins get the headers a browser needs to read the
 * answer, the request id and the provider's rate limits included.
 */
const ALLOW_METHODS = "GET, POST";
/** Request headers the SDKs send from a browser; anything else a preflight asks for is refused by omission. */
const ALLOW_HEADERS = new Set([
  "authorization", "x-api-key", "content-type", "accept", "anthropic-version", "anthropic-beta",
  "anthropic-dangerous-direct-browser-access", "openai-organization", "openai-project", "openai-beta", "x-request-id", "idempotency-key",
]);
const EXPOSE = "x-request-id, server-timing, retry-after, retry-after-ms, x-ratelimit-limit-requests, x-ratelimit-remaining-requests, x-ratelimit-reset-requests, x-ratelimit-limit-tokens, x-ratelimit-remaining-tokens, x-ratelimit-reset-tokens, anthropic-ratelimit-requests-limit, anthropic-ratelimit-requests-remaining, anthropic-ratelimit-requests-reset, anthropic-ratelimit-tokens-limit, anthropic-ratelimit-tokens-remaining, anthropic-ratelimit-tokens-reset";

export function corsHeaders(origin: string): Record<string, string> {
  return { "access-control-allow-origin": origin, "access-control-expose-headers": EXPOSE, vary: "Origin" };
}

export function withCors(reply: ProxyReply, cors: Record<string, string> | null): ProxyReply {
  if (cors) for (const name in cors) reply.headers[name] = cors[name]!;
  return reply;
}

export function preflight(headers: HeaderReader): ProxyReply {
  const origin = headers.get("origin");
  const out: Record<string, string> = { ...NO_STORE, vary: "Origin" };
  if (origin) {
    const asked = (headers.get("access-control-request-headers") ?? "").split(",").map((h) => h.trim().toLowerCase());
    const allowed = asked.filter((h) => ALLOW_HEADERS.has(h) || h.startsWith("x-stainless-"));
    out["access-control-allow-origin"] = origin;
    out["access-control-allow-methods"] = ALLOW_METHODS;
    if (allowed.length) out["access-control-allow-headers"] = allowed.join(", ");
    out["access-control-max-age"] = "600";
  }
  return { status: 204, headers: out, body: "" };
}
