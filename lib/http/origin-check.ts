import "server-only";
import { publicOrigin } from "./public-origin";

/**
 * Cross-site request refusal for the console (server actions, route handlers, next-auth's
 * POSTs): a request that can change something must come from a page of the console itself.
 *
 * The reference is the configured public URL (AURIKO_PUBLIC_URL, else NEXTAUTH_URL, else
 * the address the server listens on), never a header the client sends: Next.js's own
 * check compares Origin with X-Forwarded-Host, which anyone can set. A browser names the
 * page that started a request in Origin (and, when it withholds Origin, says how it relates
 * in Sec-Fetch-Site); a request with neither comes from a program, which has no victim's
 * cookies to ride on and is let through to the usual authentication.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type OriginVerdict = { ok: true } | { ok: false; reason: "origin_mismatch" | "opaque_origin" | "cross_site_fetch"; origin: string | null };

type RequestFacts = { method: string | undefined; origin: string | null | undefined; secFetchSite?: string | null };

/** `scheme://host[:port]` with the default port dropped and the host lower-cased, or null when it is not a URL. */
export function normaliseOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return url.origin;
  } catch {
    return null;
  }
}

export function checkOrigin(req: RequestFacts, expected: string = publicOrigin()): OriginVerdict {
  if (SAFE_METHODS.has((req.method ?? "GET").toUpperCase())) return { ok: true };
  const origin = req.origin ?? null;
  if (origin !== null) {
    // "null" is what sandboxed frames, data: URLs and some redirects send: never the console.
    if (origin === "null") return { ok: false, reason: "opaque_origin", origin };
    const given = normaliseOrigin(origin);
    return given !== null && given === normaliseOrigin(expected) ? { ok: true } : { ok: false, reason: "origin_mismatch", origin };
  }
  const site = req.secFetchSite?.toLowerCase();
  if (site === "cross-site" || site === "same-site") return { ok: false, reason: "cross_site_fetch", origin: null };
  return { ok: true };
}

/** The typed console error every refused request gets (403, JSON, not cached). */
export const ORIGIN_REFUSED_BODY = JSON.stringify({
  error: {
    code: "ORIGIN_NOT_ALLOWED",
    message: "This request did not come from the Auriko console, so it was refused. Reload the console and try again.",
  },
});
export const ORIGIN_REFUSED_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" } as const;

/** Forwarding headers a client could send to pass for a proxy: kept only from AURIKO_TRUSTED_PROXIES. */
export const FORWARDING_HEADERS = ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded"] as const;
