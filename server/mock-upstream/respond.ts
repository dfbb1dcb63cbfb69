import type { ServerResponse } from "node:http";
import { mockId } from "./echo";

/** Which provider's conventions (error body, request-id header) a response follows. */
export type Flavor = "openai" | "anthropic";

// The [type, code] pairs the real OpenAI API uses for these statuses.
const OPENAI_ERRORS: Record<number, [string, string | null]> = {
  400: ["invalid_request_error", null],
  401: ["invalid_request_error", "invalid_api_key"],
  403: ["permission_error", null],
  404: ["invalid_request_error", "not_found"],
  413: ["invalid_request_error", "request_too_large"],
  429: ["requests", "rate_limit_exceeded"],
  500: ["server_error", null],
  503: ["server_error", null],
};

const ANTHROPIC_ERRORS: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

/** `code` overrides the status's usual OpenAI code (a missing key has none; a wrong one has one). */
export function errorBody(flavor: Flavor, status: number, message: string, param: string | null = null, code?: string | null): object {
  if (flavor === "anthropic") {
    const type = ANTHROPIC_ERRORS[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");
    return { type: "error", error: { type, message } };
  }
  const [type, usualCode] = OPENAI_ERRORS[status] ?? [status >= 500 ? "server_error" : "invalid_request_error", null];
  return { error: { message, type, param, code: code === undefined ? usualCode : code } };
}

/** The request-id header each SDK surfaces as `_request_id` / `request_id`. */
export function requestIdHeader(flavor: Flavor): [string, string] {
  return flavor === "anthropic" ? ["request-id", mockId("req_")] : ["x-request-id", mockId("req_")];
}

/** Rate-limit headers in each provider's style, as the real APIs send them on every answer. */
export function rateLimitHeaders(flavor: Flavor, status: number): Record<string, string> {
  const remaining = status === 429 ? "0" : "9999";
  return flavor === "anthropic"
    ? { "anthropic-ratelimit-requests-limit": "10000", "anthropic-ratelimit-requests-remaining": remaining, "anthropic-ratelimit-requests-reset": "2026-01-01T00:00:00Z" }
    : { "x-ratelimit-limit-requests": "10000", "x-ratelimit-remaining-requests": remaining, "x-ratelimit-reset-requests": "6ms" };
}

export function sendJson(res: ServerResponse, flavor: Flavor, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  const [idName, idValue] = requestIdHeader(flavor);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
    [idName]: idValue,
    ...rateLimitHeaders(flavor, status),
    ...headers,
  });
  res.end(payload);
}

export function sendError(
  res: ServerResponse,
  flavor: Flavor,
  status: number,
  message: string,
  param: string | null = null,
  code?: string | null,
): void {
  // Real APIs tell a rate-limited client when to come back; the SDKs honour it.
  const headers: Record<string, string> = status === 429 ? { "retry-after": "3" } : {};
  sendJson(res, flavor, status, errorBody(flavor, status, message, param, code), headers);
}

const MESSAGES: Record<number, string> = {
  400: "Invalid request (simulated by the mock upstream).",
  401: "Invalid authentication (simulated by the mock upstream).",
  429: "Rate limit reached (simulated by the mock upstream).",
  500: "The server had an error while processing your request (simulated by the mock upstream).",
};

export function simulatedError(res: ServerResponse, flavor: Flavor, status: number): void {
  sendError(res, flavor, status, MESSAGES[status] ?? `Simulated error ${status}.`);
}
