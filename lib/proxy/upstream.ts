import { ProxyError, type ProxyErrorType } from "./errors";
import type { UpstreamPlan } from "./protocols/types";
import type { ProviderInfo, SignalLike, UpstreamRequest } from "./types";

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
