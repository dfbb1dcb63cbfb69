import { once } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { env } from "../lib/env";
import { createNodeDeps } from "../lib/gateway/node-deps";
import { createUndiciTransport } from "../lib/gateway/undici-transport";
import { childLogger } from "../lib/log";
import { createProxyCore } from "../lib/proxy/core";
import { errorReply, errors, ProxyError } from "../lib/proxy/errors";
import { openAIErrors } from "../lib/proxy/protocols/error-shapes";
import type { HeaderReader, ProxyInput, ProxyReply } from "../lib/proxy/types";
import { AbortFlag } from "../lib/proxy/abort";

/**
 * Proxy host #2, the production server's fast path: `/api/v1/*` goes from node:http
 * straight to the proxy core, never through Next's request pipeline, with an undici
 * pool to the providers. The request is adapted to the core's input without Web
 * streams (the body is read from the socket with its size limit), and the reply is
 * written straight to the ServerResponse: whole bodies in one write, streams chunk by
 * chunk as they arrive, waiting for the socket to drain, cancelled when the client
 * goes away.
 */
export const PROXY_PREFIX = "/api/v1/";
const log = childLogger("proxy-host");
/** How long a stream's headers wait for its first chunk before they are sent alone. */
const HEADERS_ALONE_AFTER_MS = 20;

/** Request headers from the raw list, so a header sent twice is seen twice (joined with ", "). */
class RawHeaders implements HeaderReader {
  private readonly map = new Map<string, string>();
  constructor(raw: string[]) {
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i]!.toLowerCase();
      const value = raw[i + 1]!;
      const seen = this.map.get(name);
      this.map.set(name, seen === undefined ? value : `${seen}, ${value}`);
    }
  }
  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }
  [Symbol.iterator]() {
    return this.map.entries();
  }
}

function readNodeBody(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers["content-length"] ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(errors.tooLarge(limit));
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        // Keep the connection flowing; the rest of the body is read and dropped.
        req.resume();
        reject(errors.tooLarge(limit));
        return;
      }
      parts.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(parts.length === 1 ? parts[0]! : Buffer.concat(parts, size));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const onClose = () => {
      if (req.complete) return;
      cleanup();
      reject(new Error("client closed the request before sending the whole body"));
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}

async function writeReply(res: ServerResponse, reply: ProxyReply): Promise<void> {
  if (typeof reply.body === "string") {
    // content-length first, so the object does not start as a spread copy (docs/decisions.md,
    // "Object shapes on the request path"). The core never sets content-length itself.
    res.writeHead(reply.status, { "content-length": Buffer.byteLength(reply.body), ...reply.headers });
    res.end(reply.body);
    return;
  }
  const reader = reply.body.getReader();
  const onClose = () => {
    if (!res.writableFinished) void reader.cancel().catch(() => {});
  };
  res.on("close", onClose);
  res.writeHead(reply.status, reply.headers);
  // The headers go out with the first chunk (one write) unless the provider takes a while
  // to send it, in which case the client gets them on their own so its SDK can start.
  const early = setTimeout(() => res.flushHeaders(), HEADERS_ALONE_AFTER_MS);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      clearTimeout(early);
      if (done) break;
      if (res.destroyed) return;
      if (!res.write(value)) await Promise.race([once(res, "drain"), once(res, "close")]);
    }
    res.end();
  } catch {
    // The relay turns upstream failures into an error event; this is the client leaving.
    res.destroy();
  } finally {
    clearTimeout(early);
    res.off("close", onClose);
  }
}

export function createProxyHost() {
  const e = env();
  const transport = createUndiciTransport({ headersTimeoutMs: e.AURIKO_PROXY_HEADERS_TIMEOUT_MS, idleTimeoutMs: e.AURIKO_PROXY_IDLE_TIMEOUT_MS });
  const core = createProxyCore(createNodeDeps(transport));

  /** `clientIp`: the address the listener resolved (stampClientIp), never a header the client sent. */
  async function handle(req: IncomingMessage, res: ServerResponse, clientIp: string): Promise<void> {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = (q === -1 ? url : url.slice(0, q)).slice(PROXY_PREFIX.length);
    // The client going away, as an AbortFlag rather than an AbortController (lib/proxy/abort.ts).
    const client = new AbortFlag();
    const onClose = () => {
      if (!res.writableFinished) client.abort(new DOMException("The client closed the connection.", "AbortError"));
    };
    res.once("close", onClose);
    const input: ProxyInput = {
      method: req.method ?? "GET",
      headers: new RawHeaders(req.rawHeaders),
      signal: client,
      readBody: (limit) => readNodeBody(req, limit),
    };
    let reply: ProxyReply;
    try {
      reply = await core(input, { clientIp, path });
    } catch (err) {
      if (res.destroyed) return;
      if (!(err instanceof ProxyError)) log.error({ err: (err as Error)?.name }, "proxy request failed");
      reply = errorReply(openAIErrors, err instanceof ProxyError ? err : new ProxyError(500, "api_error", "Internal error.", null, "internal_error"));
    }
    if (res.destroyed) {
      if (typeof reply.body !== "string") await reply.body.cancel().catch(() => {});
      return;
    }
    await writeReply(res, reply);
  }

  return {
    handles: (req: IncomingMessage) => (req.url ?? "").startsWith(PROXY_PREFIX),
    handle,
    close: () => transport.close(),
  };
}
