import "server-only";
import type { IncomingMessage } from "node:http";
import proxyaddr from "proxy-addr";
import { env } from "../env";

/**
 * The client's address comes from the socket. X-Forwarded-For is believed only for
 * hops the operator listed in AURIKO_TRUSTED_PROXIES, so a client cannot pick its own
 * brute-force bucket by sending the header.
 *
 * The production server resolves it once per request and passes it on in
 * CLIENT_IP_HEADER, overwriting whatever the client sent under that name.
 */
export const CLIENT_IP_HEADER = "x-auriko-client-ip";

let trust: { config: string; fn: (addr: string, i: number) => boolean } | undefined;

function trustFn() {
  const config = env().AURIKO_TRUSTED_PROXIES;
  if (trust?.config !== config) {
    const list = config
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    trust = { config, fn: list.length ? proxyaddr.compile(list) : () => false };
  }
  return trust.fn;
}

export function resolveClientIp(req: IncomingMessage): string {
  return proxyaddr(req, trustFn()) || "unknown";
}

/** Stamps the resolved address on the request for Next.js route handlers and actions. */
export function stampClientIp(req: IncomingMessage): string {
  const ip = resolveClientIp(req);
  req.headers[CLIENT_IP_HEADER] = ip;
  return ip;
}

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

export function clientIpFromHeaders(headers: HeaderBag): string {
  const value = headers instanceof Headers ? headers.get(CLIENT_IP_HEADER) : headers[CLIENT_IP_HEADER];
  const ip = Array.isArray(value) ? value[0] : value;
  return ip || "unknown";
}
