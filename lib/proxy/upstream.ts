import "server-only";
import { ProxyError, type ProxyErrorType } from "./errors";
import { secretRule } from "./sanitize/secret-patterns";
import type { UpstreamPlan } from "./protocols/types";
import type { ProviderInfo, SignalLike, UpstreamRequest, UpstreamResponse } from "./types";

/**
 * The client's body with the upstream model: `{ ...body, model }` in effect (every own
 * property of the body, `model` replaced), with `model` written first so that the object
 * does not start as a spread copy: on the request path objects are built field by field
 * (docs/decisions.md, "Object shapes on the request path").
 */
export function withModel(body: Record<string, unknown>, model: string): Record<string, unknown> {
  const out: Record<string, unknown> = { model, ...body };
  out.model = model;
  return out;
}

/**
 * Builds the provider request for a plan: the plan's path under the provider's base URL,
 * authenticated the way the provider's protocol wants, always with the workspace's own key.
 */
export function upstreamRequest(
  provider: ProviderInfo,
  plan: UpstreamPlan,
  key: string,
  forward: Record<string, string>,
  signal: SignalLike,
): UpstreamRequest {
  // Header objects are written out, not spread from a shared one (see withModel).
  const body = plan.body;
  const accept = plan.stream ? "text/event-stream" : "application/json";
  if (provider.protocol === "anthropic") {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept,
      "x-api-key": key,
      "anthropic-version": forward["anthropic-version"] ?? "2023-06-01",
    };
    if (forward["anthropic-beta"]) headers["anthropic-beta"] = forward["anthropic-beta"];
    return { url: provider.baseUrl + plan.path, method: "POST", headers, body: JSON.stringify(body), signal };
  }
  return {
    url: provider.baseUrl + plan.path,
    method: "POST",
    headers: { "content-type": "application/json", accept, authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
    signal,
  };
}

const BY_STATUS: Record<number, { type: ProxyErrorType; message: string; code: string }> = {
  400: { type: "invalid_request_error", message: "The provider refused the request as invalid.", code: "upstream_bad_request" },
  401: { type: "authentication_error", message: "The provider rejected this workspace's provider key.", code: "upstream_authentication" },
  403: { type: "permission_error", message: "The provider denied access with this workspace's provider key.", code: "upstream_permission" },
  404: { type: "not_found_error", message: "The provider does not know this model or endpoint.", code: "upstream_not_found" },
  408: { type: "timeout_error", message: "The provider timed out.", code: "upstream_timeout" },
  413: { type: "request_too_large", message: "The provider refused the request as too large.", code: "upstream_too_large" },
  422: { type: "invalid_request_error", message: "The provider refused the request as invalid.", code: "upstream_unprocessable" },
  429: { type: "rate_limit_error", message: "The provider is rate limiting this workspace's provider key.", code: "upstream_rate_limited" },
  529: { type: "overloaded_error", message: "The provider is overloaded. Retry later.", code: "overloaded_error" },
};

/**
 * The provider's rate-limit headers, which clients read to pace themselves: OpenAI's
 * `x-ratelimit-*`, Anthropic's `anthropic-ratelimit-*`, and `retry-after`. Values are
 * numbers, durations or dates; anything else is dropped rather than forwarded.
 */
const LIMIT_VALUE = /^[0-9A-Za-z:.+, -]{1,64}$/;

export function rateLimitHeaders(upstream: UpstreamResponse): Record<string, string> | null {
  let out: Record<string, string> | null = null;
  const entries = upstream.headerEntries ? upstream.headerEntries() : upstream.headers;
  for (const [rawName, raw] of entries) {
    const name = rawName.toLowerCase();
    if (!(name.startsWith("x-ratelimit-") || name.startsWith("anthropic-ratelimit-") || name === "retry-after" || name === "retry-after-ms")) continue;
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (typeof value !== "string" || !LIMIT_VALUE.test(value) || name.length > 64) continue;
    (out ??= {})[name] = value;
  }
  return out;
}

/** Long runs of key-like characters: a provider quoting (part of) a key, masked or not. */
const OPAQUE = /[A-Za-z0-9_*+/=-]{24,}/;

/**
 * The provider's own error message when it is safe to show: never for authentication
 * and permission errors (providers quote the key they were given), never with anything
 * that looks like a credential or a long opaque token, at most 500 characters.
 */
function providerMessage(status: number, message: unknown): string | null {
  if (status === 401 || status === 403 || typeof message !== "string") return null;
  const m = message.replace(/[\u0000-\u001f\u007f]+/g, " ").trim().slice(0, 500);
  if (m === "" || secretRule(m) || OPAQUE.test(m) || /api[ _-]?key|token|secret|password|authorization/i.test(m)) return null;
  return m;
}

const PARAM = /^[A-Za-z0-9_.[\]]{1,128}$/;

/**
 * An upstream error in our endpoint's shape, with the upstream status: our own message,
 * followed by the provider's when it is safe to show (providerMessage), the provider's
 * `param` when it is a plain parameter path, a well-formed upstream error code, and the
 * provider's rate-limit headers.
 */
export function upstreamError(status: number, text: string, upstream: UpstreamResponse): ProxyError {
  const known = BY_STATUS[status] ?? {
    type: "upstream_error" as const,
    message: `The provider failed (status ${status}).`,
    code: "upstream_error",
  };
  let upstreamCode: string | null = null;
  let said: string | null = null;
  let param: string | null = null;
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; type?: unknown; message?: unknown; param?: unknown } };
    const c = parsed.error?.code ?? parsed.error?.type;
    if (typeof c === "string" && /^[a-z_]{1,64}$/.test(c)) upstreamCode = c;
    said = providerMessage(status, parsed.error?.message);
    const p = parsed.error?.param;
    if (typeof p === "string" && PARAM.test(p)) param = p;
  } catch {
    /* not JSON: keep our own message and code */
  }
  const message = said ? `${known.message} The provider said: ${said}` : known.message;
  return new ProxyError(status >= 400 && status < 600 ? status : 502, known.type, message, param, upstreamCode ?? known.code, rateLimitHeaders(upstream) ?? {});
}
