/**
 * Where to send someone after signing in or up. Only same-site paths are accepted
 * ("/w/acme", not "//evil.example" or "https://…"), so a crafted link cannot bounce
 * a fresh session to another site.
 */
import "server-only";

export function safeCallbackUrl(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length === 0 || value.length > 2000) return undefined;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return undefined;
  // No control characters or backslashes: browsers treat some of them as "//".
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return undefined;
  return value;
}

/** The first value of a search param (Next gives string | string[] | undefined). */
export function firstParam(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
