import "server-only";
import { env } from "../env";

/**
 * The per-request part of the security headers: a Content-Security-Policy with a fresh
 * nonce, and HSTS when the console is reached over HTTPS. proxy.ts applies them to every
 * page; the fixed headers (nosniff, frame denial, referrer policy…) are in next.config.js.
 */

/** Request header carrying the nonce from proxy.ts to the root layout (which hands it to next-themes). */
export const NONCE_HEADER = "x-nonce";

/** One year; subdomains of the console's host included; not preloaded (the operator decides that). */
export const HSTS_VALUE = "max-age=31536000; includeSubDomains";

/** 128 random bits, base64: unguessable, and fresh for every response. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString("base64");
}

/**
 * True when browsers reach the console over HTTPS: the server speaks TLS itself, or the
 * public URL is https (a TLS-terminating proxy in front). The same test makes session
 * cookies Secure (lib/auth/next-auth-options.ts).
 */
export function servedOverHttps(): boolean {
  const e = env();
  if (e.AURIKO_TLS_CERT && e.AURIKO_TLS_KEY) return true;
  return (e.AURIKO_PUBLIC_URL ?? e.NEXTAUTH_URL ?? "").startsWith("https://");
}

export type CspOptions = {
  /** `next dev`: React needs eval for its error overlays and injects styles without a nonce. */
  dev: boolean;
  /** Ask the browser to fetch any http:// subresource over https. Only sensible when the page itself is https. */
  https: boolean;
};

/**
 * Scripts run only with this response's nonce ('strict-dynamic' lets Next's nonce'd bootstrap
 * load its chunks). <style> elements need the nonce too; style *attributes* stay allowed
 * because server-rendered markup (charts, for one) carries them and they cannot run code.
 * Images may be data: URLs (the MFA QR code is rendered on the server as one).
 */
export function contentSecurityPolicy(nonce: string, opts: CspOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    opts.dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "worker-src 'self'",
    "manifest-src 'self'",
  ];
  if (opts.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}
