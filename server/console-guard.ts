import type { IncomingMessage, ServerResponse } from "node:http";
import { childLogger } from "../lib/log";
import { publicOrigin } from "../lib/http/public-origin";
import { checkOrigin, FORWARDING_HEADERS, ORIGIN_REFUSED_BODY, ORIGIN_REFUSED_HEADERS } from "../lib/http/origin-check";

const log = childLogger("console-guard");

/**
 * What the production server does to every console request (everything but /api/v1/*)
 * before Next.js sees it:
 *  - a state-changing request whose Origin is not the configured public URL is answered
 *    403 ORIGIN_NOT_ALLOWED here, so it never reaches a server action or route handler;
 *  - the forwarding headers (X-Forwarded-Host, -Proto, -Port, Forwarded) are replaced by
 *    the public URL's, whoever sent them. Next.js compares a server action's Origin with
 *    X-Forwarded-Host; after this it compares it with the public URL too, so its check and
 *    this one agree, behind a proxy or not. The client's address is resolved separately
 *    (lib/http/client-ip.ts), believing X-Forwarded-For only from AURIKO_TRUSTED_PROXIES.
 * Returns false when it has answered the request itself.
 */
export function guardConsoleRequest(req: IncomingMessage, res: ServerResponse): boolean {
  const expected = publicOrigin();
  const verdict = checkOrigin(
    { method: req.method, origin: header(req, "origin"), secFetchSite: header(req, "sec-fetch-site") },
    expected,
  );
  if (!verdict.ok) {
    log.warn(
      { event: "http.origin_refused", reason: verdict.reason, method: req.method, origin: verdict.origin?.slice(0, 100) ?? null },
      "refused a cross-site request to the console",
    );
    // The body is not read: answer and close, so nothing of it is parsed.
    res.writeHead(403, { ...ORIGIN_REFUSED_HEADERS, connection: "close" });
    res.end(ORIGIN_REFUSED_BODY);
    req.resume();
    return false;
  }
  const url = new URL(expected);
  for (const name of FORWARDING_HEADERS) delete req.headers[name];
  req.headers["x-forwarded-host"] = url.host;
  req.headers["x-forwarded-proto"] = url.protocol.slice(0, -1);
  return true;
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}
