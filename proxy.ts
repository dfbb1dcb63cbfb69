import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { checkOrigin, ORIGIN_REFUSED_BODY, ORIGIN_REFUSED_HEADERS } from "@/lib/http/origin-check";
import { contentSecurityPolicy, createNonce, HSTS_VALUE, NONCE_HEADER, servedOverHttps } from "@/lib/http/security-headers";

/**
 * Every page gets a Content-Security-Policy with a nonce of its own. Next.js reads the
 * nonce from the request's CSP header and puts it on its scripts; the root layout reads
 * it from NONCE_HEADER for next-themes' inline script. Both request headers are always
 * overwritten, so a client cannot choose its own nonce. A page request that changes
 * something (a server action) must come from the console's own origin.
 */
export function proxy(request: NextRequest) {
  // The production server has refused cross-site requests already (server/console-guard.ts);
  // this repeats the check where Next.js is reached directly. Compared with the configured
  // public URL, never with a forwarding header.
  const verdict = checkOrigin({ method: request.method, origin: request.headers.get("origin"), secFetchSite: request.headers.get("sec-fetch-site") });
  if (!verdict.ok) return new NextResponse(ORIGIN_REFUSED_BODY, { status: 403, headers: ORIGIN_REFUSED_HEADERS });

  const https = servedOverHttps();
  const nonce = createNonce();
  const csp = contentSecurityPolicy(nonce, { dev: env().NODE_ENV === "development", https });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(NONCE_HEADER, nonce);
  requestHeaders.set("content-security-policy", csp);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  // Browsers ignore HSTS received over plain http, so it is sent only where it means something.
  if (https) response.headers.set("strict-transport-security", HSTS_VALUE);
  return response;
}

export const config = {
  // Pages and their data requests. Not the JSON/text APIs under /api (the gateway's fast path
  // never reaches Next anyway) and not the build's static files.
  matcher: ["/((?!api/|_next/static/|_next/image|favicon.ico).*)"],
};
