import { ProxyError, type ProxyErrorType } from "./errors";
import type { Endpoint, ProviderInfo, SignalLike, UpstreamRequest } from "./types";

/** Builds the provider request. Authentication is always the workspace's own key. */
export function upstreamRequest(
  provider: ProviderInfo,
  body: Record<string, unknown>,
  key: string,
  forward: Record<string, string>,
  signal: SignalLike,
): UpstreamRequest {
  // Header objects are written out, not spread from a shared one: see prepareUpstream.
  const accept = body.stream === true ? "text/event-stream" : "application/json";
  if (provider.protocol === "anthropic") {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept,
      "x-api-key": key,
      "anthropic-version": forward["anthropic-version"] ?? "2023-06-01",
    };
    if (forward["anthropic-beta"]) headers["anthropic-beta"] = forward["anthropic-beta"];
    return { url: `${provider.baseUrl}/messages`, method: "POST", headers, body: JSON.stringify(body), signal };
  }
  return {
    url: `${provider.baseUrl}/chat/completions`,
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
};

/**
 * An upstream error in our endpoint's shape, with the upstream status. The message is
 * ours (upstream messages can quote parts of keys); only a well-formed upstream error
 * code is passed on, and of the upstream headers only a numeric Retry-After.
 */
export function upstreamError(status: number, text: string, headers: Headers): ProxyError {
  const known = BY_STATUS[status] ?? {
    type: "upstream_error" as const,
    message: `The provider failed (status ${status}).`,
    code: "upstream_error",
  };
  let upstreamCode: string | null = null;
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; type?: unknown } };
    const c = parsed.error?.code ?? parsed.error?.type;
    if (typeof c === "string" && /^[a-z_]{1,64}$/.test(c)) upstreamCode = c;
  } catch {
    /* not JSON: keep our own code */
  }
  const retryAfter = headers.get("retry-after");
  const extra: Record<string, string> = retryAfter && /^\d{1,6}$/.test(retryAfter) ? { "retry-after": retryAfter } : {};
  return new ProxyError(status >= 400 && status < 600 ? status : 502, known.type, known.message, null, upstreamCode ?? known.code, extra);
}

export function endpointOf(path: string): Endpoint | null {
  if (path === "chat/completions") return "chat.completions";
  if (path === "messages") return "messages";
  if (path === "models") return "models";
  return null;
}
