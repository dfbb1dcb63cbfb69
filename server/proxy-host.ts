import type { IncomingMessage, ServerResponse } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { env } from "../lib/env";
import { createNodeDeps } from "../lib/gateway/node-deps";
import { createUndiciTransport } from "../lib/gateway/undici-transport";
import { CLIENT_IP_HEADER } from "../lib/http/client-ip";
import { createProxy } from "../lib/proxy/core";

/**
 * Proxy host #2, the production server's fast path: `/api/v1/*` goes from node:http
 * straight to the proxy core through @hono/node-server's Request/Response adapter,
 * never through Next's request pipeline, with an undici pool to the providers.
 */
export const PROXY_PREFIX = "/api/v1/";

export function createProxyHost() {
  const e = env();
  const transport = createUndiciTransport({ headersTimeoutMs: e.AURIKO_PROXY_HEADERS_TIMEOUT_MS, idleTimeoutMs: e.AURIKO_PROXY_IDLE_TIMEOUT_MS });
  const proxy = createProxy(createNodeDeps(transport));
  const listener = getRequestListener(
    (req) => {
      const url = new URL(req.url);
      return proxy(req, { clientIp: req.headers.get(CLIENT_IP_HEADER) ?? "unknown", path: url.pathname.slice(PROXY_PREFIX.length) });
    },
    // Next.js shares this process: leave the global Request/Response alone.
    { overrideGlobalObjects: false },
  );
  return {
    handles: (req: IncomingMessage) => (req.url ?? "").startsWith(PROXY_PREFIX),
    handle: (req: IncomingMessage, res: ServerResponse) => listener(req, res),
    close: () => transport.close(),
  };
}
