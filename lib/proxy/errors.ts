import "server-only";
import type { ErrorShape } from "./protocols/types";
import type { LimitRefusal, ProxyReply } from "./types";

/**
 * A refusal or failure of the proxy, answered in the endpoint's own error shape (each
 * protocol declares its shape). Messages are ours, fixed strings plus field names:
 * never request content, keys or upstream headers.
 */
export type ProxyErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "request_too_large"
  | "rate_limit_error"
  | "insufficient_quota"
  | "api_error"
  | "upstream_error"
  | "timeout_error"
  | "overloaded_error";

export class ProxyError extends Error {
  constructor(
    readonly status: number,
    readonly type: ProxyErrorType,
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ProxyError";
  }
}

/** On every API answer: never cached, never content-sniffed into something else. */
export const NO_STORE = { "cache-control": "no-store", "x-content-type-options": "nosniff" } as const;

/** An error answer in the endpoint's own shape (lib/proxy/protocols/error-shapes.ts). */
export function errorReply(shape: ErrorShape, e: ProxyError, extraHeaders: Record<string, string> = {}): ProxyReply {
  return {
    status: e.status,
    headers: { "content-type": "application/json", ...NO_STORE, ...e.headers, ...extraHeaders },
    body: JSON.stringify(shape.body(e)),
  };
}

export const errors = {
  badRequest: (message: string, param: string | null = null, code: string | null = null) =>
    new ProxyError(400, "invalid_request_error", message, param, code),
  unauthenticated: () =>
    new ProxyError(401, "authentication_error", "Invalid or missing API key. Send a workspace key (ak_live_…) as Authorization: Bearer or x-api-key.", null, "invalid_api_key"),
  rateLimited: (retryAfterSeconds: number) =>
    new ProxyError(429, "rate_limit_error", "Too many failed authentication attempts. Retry later.", null, "rate_limited", {
      "retry-after": String(retryAfterSeconds),
    }),
  tooLarge: (limit: number) => new ProxyError(413, "request_too_large", `Request body exceeds ${limit} bytes.`, null, "request_too_large"),
  unsupportedMediaType: () => new ProxyError(415, "invalid_request_error", "Content-Type must be application/json.", null, "unsupported_media_type"),
  /** An unknown path, answered with the endpoints there are (and a pointer for the legacy completions API). */
  notFound: (path: string, endpoints: readonly string[]) =>
    new ProxyError(
      404,
      "not_found_error",
      path === "completions"
        ? "The legacy /v1/completions endpoint is not served: send the prompt as messages to /v1/chat/completions."
        : `Unknown endpoint. Served: ${endpoints.map((e) => `/v1/${e}`).join(", ")}.`,
      null,
      "unknown_url",
    ),
  methodNotAllowed: () => new ProxyError(405, "invalid_request_error", "Method not allowed.", null, "method_not_allowed"),
  unknownModel: (model: string) =>
    new ProxyError(404, "not_found_error", `The model '${model}' is not available: use provider/model with a provider this workspace has a key for.`, "model", "model_not_found"),
  upstreamTimeout: () => new ProxyError(504, "timeout_error", "The provider did not answer in time.", null, "upstream_timeout"),
  /** The workspace's stored key did not open: a problem of this server's vault, not of the provider. */
  credentialUnreadable: (providerName: string) =>
    new ProxyError(
      500,
      "api_error",
      `This workspace's stored ${providerName} key could not be opened (it was altered, or this server's master key changed), so nothing was sent to ${providerName}. An Owner or Admin can enter the key again under Provider keys; the server operator should check AURIKO_MASTER_KEY.`,
      null,
      "credential_unreadable",
    ),
  upstreamUnreachable: () => new ProxyError(502, "upstream_error", "Could not reach the provider.", null, "upstream_unreachable"),
  /** The provider has no such endpoint: names the ones it has. */
  wrongEndpoint: (providerId: string, paths: readonly string[]) =>
    new ProxyError(
      400,
      "invalid_request_error",
      `'${providerId}' models are not served on this endpoint; they are served on ${paths.map((p) => `/v1/${p}`).join(", ")}.`,
      "model",
      "wrong_endpoint",
    ),
  originNotAllowed: () =>
    new ProxyError(
      403,
      "permission_error",
      "This workspace does not allow browser requests from this origin. An Admin can allow it in the console under Settings, Browser access.",
      null,
      "origin_not_allowed",
    ),
  /** A limit of the key or the workspace (lib/limits) refuses the request. */
  limitReached: (r: LimitRefusal) => limitError(r),
  limitsUnavailable: () =>
    new ProxyError(503, "api_error", "This key's limits could not be checked just now; the request was not sent. Retry shortly.", null, "limits_unavailable", {
      "retry-after": "1",
    }),
  clientClosed: () => new ProxyError(499, "api_error", "Client closed the request.", null, "client_closed"),
  upstreamInvalid: () => new ProxyError(502, "upstream_error", "The provider sent an invalid response.", null, "upstream_invalid_response"),
  upstreamStreamFailed: () => new ProxyError(502, "upstream_error", "The provider's stream failed before it finished.", null, "upstream_stream_error"),
};

const LIMIT_NAMES: Record<string, { name: string; unit: "requests" | "tokens" | "usd" }> = {
  rpm: { name: "requests per minute", unit: "requests" },
  tpm: { name: "tokens per minute", unit: "tokens" },
  tokens_day: { name: "tokens per day (UTC)", unit: "tokens" },
  tokens_month: { name: "tokens per month (UTC)", unit: "tokens" },
  spend_day: { name: "spend per day (UTC)", unit: "usd" },
  spend_month: { name: "spend per month (UTC)", unit: "usd" },
};

/**
 * Over a limit: 429 with Retry-After (the window's end) and, for request and token limits,
 * the x-ratelimit-* headers OpenAI's clients read; a model outside the allowed list: 403.
 * `x-auriko-limit` names which limit it was (`api_key:rpm`, `workspace:spend_day`, …).
 */
function limitError(r: LimitRefusal): ProxyError {
  const whose = r.scope === "api_key" ? "This API key" : "This workspace";
  if (r.kind === "model" || r.metric === null) {
    return new ProxyError(403, "permission_error", `${whose} may not call this model. An Admin can change its allowed models in the console.`, "model", "model_not_allowed", {
      "x-auriko-limit": `${r.scope}:models`,
    });
  }
  const info = LIMIT_NAMES[r.metric] ?? { name: r.metric, unit: "requests" as const };
  const cap = info.unit === "usd" ? `USD ${(r.cap / 1_000_000).toFixed(2)}` : String(r.cap);
  const headers: Record<string, string> = { "retry-after": String(r.retryAfterSeconds), "x-auriko-limit": `${r.scope}:${r.metric}` };
  if (info.unit !== "usd") {
    headers[`x-ratelimit-limit-${info.unit}`] = String(r.cap);
    headers[`x-ratelimit-remaining-${info.unit}`] = "0";
    headers[`x-ratelimit-reset-${info.unit}`] = `${r.retryAfterSeconds}s`;
  }
  const message = `${whose} has reached its limit of ${cap} ${info.name}; it resets in ${r.retryAfterSeconds} s.`;
  return r.kind === "rate"
    ? new ProxyError(429, "rate_limit_error", message, null, "rate_limit_exceeded", headers)
    : new ProxyError(429, "insufficient_quota", message, null, "insufficient_quota", headers);
}
