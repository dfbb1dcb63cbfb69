import type { IncomingHttpHeaders } from "node:http";
import type { Flavor } from "./respond";

/**
 * Provider authentication as the real APIs do it: OpenAI reads `Authorization: Bearer`,
 * Anthropic reads `x-api-key` and insists on `anthropic-version`. Anthropic routes also
 * take `Authorization: Bearer <key>` because that is what the installed
 * @anthropic-ai/sdk 1.14 sends for `apiKey` (its apiKeyAuth), not x-api-key.
 * Any non-empty key passes, except one containing "invalid": that is how tests ask for a 401.
 */
export type AuthResult = { ok: true; key: string } | { ok: false; status: number; message: string; code?: string | null };

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(single(headers.authorization) ?? "")?.[1]?.trim() || undefined;
}

/** The key presented in either style, for the request record (x-api-key first, as Anthropic reads it). */
export function presentedKey(headers: IncomingHttpHeaders): string | null {
  return single(headers["x-api-key"])?.trim() || bearerToken(headers) || null;
}

/** A request to a shared route (models, 404s) answers in Anthropic style when it looks like an Anthropic client. */
export function flavorOf(headers: IncomingHttpHeaders): Flavor {
  return headers["x-api-key"] !== undefined || headers["anthropic-version"] !== undefined ? "anthropic" : "openai";
}

function checkKey(key: string, flavor: Flavor): AuthResult {
  if (key.includes("invalid")) {
    const masked = key.length > 8 ? `${key.slice(0, 3)}***${key.slice(-4)}` : "***";
    return {
      ok: false,
      status: 401,
      message: flavor === "anthropic" ? "invalid x-api-key" : `Incorrect API key provided: ${masked}.`,
    };
  }
  return { ok: true, key };
}

export function authenticate(headers: IncomingHttpHeaders, flavor: Flavor): AuthResult {
  if (flavor === "anthropic") {
    const key = single(headers["x-api-key"])?.trim() || bearerToken(headers);
    if (!key) return { ok: false, status: 401, message: "x-api-key header is required" };
    const result = checkKey(key, flavor);
    if (result.ok && !single(headers["anthropic-version"])) {
      return { ok: false, status: 400, message: "anthropic-version: header is required" };
    }
    return result;
  }
  const key = bearerToken(headers);
  if (!key) {
    return {
      ok: false,
      status: 401,
      message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth.",
      code: null,
    };
  }
  return checkKey(key, flavor);
}
