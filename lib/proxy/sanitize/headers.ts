import "server-only";
import { errors, type ProxyError } from "../errors";
import type { HeaderReader } from "../types";
import { isCredentialName, normaliseName, secretRule } from "./secret-patterns";

/**
 * Client headers. Nothing the client sends is forwarded except the few the endpoint
 * allows; provider authentication is always the workspace's BYOK key. Headers that
 * try to carry a credential (by name or by value) are refused with a 400 naming the
 * header, so a misconfigured client learns why instead of silently losing them. Each
 * protocol names the headers it forwards (`forwardHeaders`).
 */

/** Headers any HTTP client or SDK sends that carry no credential. */
const BENIGN = new Set([
  "accept", "accept-encoding", "accept-language", "content-type", "content-length", "user-agent", "connection",
  "host", "keep-alive", "te", "transfer-encoding", "upgrade", "expect", "origin", "referer", "cache-control", "pragma",
  "x-request-id", "idempotency-key", "traceparent", "tracestate", "sec-fetch-mode", "sec-fetch-site", "sec-fetch-dest",
  "openai-organization", "openai-project", "openai-beta", "anthropic-version", "anthropic-beta", "anthropic-dangerous-direct-browser-access",
  "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "x-real-ip", "forwarded", "via",
  "x-auriko-client-ip", "priority",
]);

export type ClientAuth = { key: string } | { error: ProxyError };

/**
 * The gateway key: exactly one of `Authorization: Bearer ak_…` or `x-api-key`. Two
 * different keys, a repeated header, or a non-Bearer scheme are refused.
 */
export function readClientKey(headers: HeaderReader): ClientAuth {
  const authorization = headers.get("authorization");
  const xApiKey = headers.get("x-api-key");
  // Headers joins repeated values with ", ": a comma means the header was sent twice.
  if ((authorization && authorization.includes(",")) || (xApiKey && xApiKey.includes(","))) {
    return { error: errors.badRequest("Send one API key, in one header.", "authorization", "duplicate_credentials") };
  }
  let bearer: string | null = null;
  if (authorization) {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!m) return { error: errors.unauthenticated() };
    bearer = m[1]!;
  }
  if (bearer && xApiKey && bearer !== xApiKey.trim()) {
    return { error: errors.badRequest("Send one API key, in one header.", "x-api-key", "duplicate_credentials") };
  }
  const key = bearer ?? xApiKey?.trim();
  return key ? { key } : { error: errors.unauthenticated() };
}

/** Refuses credential-bearing headers; returns the few headers to forward upstream. */
export function inspectHeaders(headers: HeaderReader, allowed: readonly string[]): { forward: Record<string, string> } | { error: ProxyError } {
  const forward: Record<string, string> = {};
  for (const [rawName, value] of headers) {
    const name = rawName.toLowerCase();
    if (name === "authorization" || name === "x-api-key") continue; // our own key, checked separately
    if (allowed.includes(name)) {
      if (secretRule(value)) return { error: errors.badRequest(`Header '${name}' looks like a credential.`, name, "credential_in_header") };
      forward[name] = value;
      continue;
    }
    if (BENIGN.has(name) || name.startsWith("x-stainless-")) {
      if (secretRule(value)) {
        return { error: errors.badRequest(`Header '${name}' looks like a credential.`, name, "credential_in_header") };
      }
      continue;
    }
    if (isCredentialName(name) || /auth|token|secret|key|cookie|credential|passw/.test(normaliseName(name))) {
      return { error: errors.badRequest(`Header '${name}' may carry a credential and is not accepted.`, name, "credential_header") };
    }
    if (secretRule(value)) return { error: errors.badRequest(`Header '${name}' looks like a credential.`, name, "credential_in_header") };
  }
  return { forward };
}
