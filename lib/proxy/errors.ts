import type { Endpoint, ProxyReply } from "./types";

/**
 * Every proxy error is answered in the endpoint's own shape: OpenAI's
 * `{ error: { message, type, param, code } }`, or Anthropic's
 * `{ type: "error", error: { type, message } }` on /v1/messages. Messages are ours,
 * fixed strings plus field names: never request content, keys or upstream headers.
 */
export type ProxyErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "request_too_large"
  | "rate_limit_error"
  | "api_error"
  | "upstream_error"
  | "timeout_error";

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

const ANTHROPIC_TYPES: Record<ProxyErrorType, string> = {
  invalid_request_error: "invalid_request_error",
  authentication_error: "authentication_error",
  permission_error: "permission_error",
  not_found_error: "not_found_error",
  request_too_large: "request_too_large",
  rate_limit_error: "rate_limit_error",
  api_error: "api_error",
  upstream_error: "api_error",
  timeout_error: "api_error",
};

/** On every API answer: never cached, never content-sniffed into something else. */
export const NO_STORE = { "cache-control": "no-store", "x-content-type-options": "nosniff" } as const;

export function errorBody(endpoint: Endpoint, e: ProxyError): Record<string, unknown> {
  return endpoint === "messages"
    ? { type: "error", error: { type: ANTHROPIC_TYPES[e.type], message: e.message } }
    : { error: { message: e.message, type: e.type, param: e.param, code: e.code } };
}

export function errorReply(endpoint: Endpoint, e: ProxyError, extraHeaders: Record<string, string> = {}): ProxyReply {
  return {
    status: e.status,
    headers: { "content-type": "application/json", ...NO_STORE, ...e.headers, ...extraHeaders },
    body: JSON.stringify(errorBody(endpoint, e)),
  };
}

/** One SSE error event for a stream that already started (then the stream closes). */
export function errorEvent(endpoint: Endpoint, e: ProxyError): string {
  const body = JSON.stringify(errorBody(endpoint, e));
  return endpoint === "messages" ? `event: error\ndata: ${body}\n\n` : `data: ${body}\n\n`;
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
  notFound: () => new ProxyError(404, "not_found_error", "Unknown endpoint.", null, "unknown_url"),
  methodNotAllowed: () => new ProxyError(405, "invalid_request_error", "Method not allowed.", null, "method_not_allowed"),
  unknownModel: (model: string) =>
    new ProxyError(404, "not_found_error", `The model '${model}' is not available: use provider/model with a provider this workspace has a key for.`, "model", "model_not_found"),
  upstreamTimeout: () => new ProxyError(504, "timeout_error", "The provider did not answer in time.", null, "upstream_timeout"),
  upstreamUnreachable: () => new ProxyError(502, "upstream_error", "Could not reach the provider.", null, "upstream_unreachable"),
};
