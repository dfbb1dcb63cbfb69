import { Readable } from "node:stream";
import { Pool } from "undici";
import type { Transport } from "../proxy/types";

/**
 * The Node server's transport: one keep-alive undici Pool per provider origin
 * (`Pool.request`, not `fetch`: measurably less overhead per call). Bodies are
 * handed to the core as Web streams; aborting the signal aborts the provider call.
 */
function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === "string") headers.set(k, v);
    else if (Array.isArray(v)) for (const item of v) headers.append(k, item);
  }
  return headers;
}

/**
 * undici's body as a Web stream that reads one chunk per pull through the Node stream's
 * async iterator (Readable.toWeb queues through more layers and adds latency to the first chunk).
 */
function webBody(body: Readable): ReadableStream<Uint8Array> {
  const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel() {
        await chunks.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

export function createUndiciTransport(opts: { connections?: number; headersTimeoutMs: number; idleTimeoutMs: number }): Transport & { close: () => Promise<void> } {
  const pools = new Map<string, Pool>();
  const pool = (origin: string) => {
    let p = pools.get(origin);
    if (!p) {
      // Streams hold a connection for their whole length: allow as many as a busy gateway has open streams.
      p = new Pool(origin, { connections: opts.connections ?? 1024, pipelining: 1, keepAliveTimeout: 30_000 });
      pools.set(origin, p);
    }
    return p;
  };
  // Provider URLs are a handful of fixed strings: each is parsed once.
  const targets = new Map<string, { origin: string; path: string }>();
  const target = (href: string) => {
    let t = targets.get(href);
    if (!t) {
      const url = new URL(href);
      t = { origin: url.origin, path: url.pathname + url.search };
      if (targets.size < 1_000) targets.set(href, t);
    }
    return t;
  };
  const transport = (async (r) => {
    const { origin, path } = target(r.url);
    const res = await pool(origin).request({
      path,
      method: r.method,
      headers: r.headers,
      body: r.body,
      signal: r.signal,
      headersTimeout: opts.headersTimeoutMs,
      bodyTimeout: opts.idleTimeoutMs,
    });
    // Headers and the Web stream are built only if the core asks: a whole JSON answer
    // is read with text(), straight from undici's Node stream.
    let headers: Headers | undefined;
    let web: ReadableStream<Uint8Array> | undefined;
    let consumed = false;
    return {
      status: res.statusCode,
      get headers() {
        return (headers ??= toHeaders(res.headers));
      },
      get body() {
        consumed = true;
        return (web ??= webBody(res.body));
      },
      // Events rather than an async iterator: fewer objects and promise hops per answer.
      text: (limit: number) =>
        new Promise<string>((resolve, reject) => {
          if (consumed) return reject(new Error("upstream body already consumed"));
          consumed = true;
          let text = "";
          const body = res.body;
          body.setEncoding("utf8");
          body.on("data", (chunk: string) => {
            text += chunk;
            if (text.length > limit) {
              body.destroy();
              resolve(text);
            }
          });
          body.once("end", () => resolve(text));
          body.once("error", reject);
        }),
    };
  }) as Transport & { close: () => Promise<void> };
  transport.close = async () => {
    await Promise.all([...pools.values()].map((p) => p.close()));
  };
  return transport;
}
