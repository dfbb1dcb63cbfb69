import "server-only";
import { Readable } from "node:stream";
import { Pool } from "undici";
import type { Transport, UpstreamResponse } from "../proxy/types";

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

/**
 * One provider answer. Headers and the Web stream are built only if the core asks: a whole
 * JSON answer is read with text(), straight from undici's Node stream. A class, not an
 * object literal with getters, so that it dies young with the undici response it holds
 * (docs/decisions.md, "Object shapes on the request path").
 */
class UndiciAnswer implements UpstreamResponse {
  private builtHeaders: Headers | undefined;
  private web: ReadableStream<Uint8Array> | undefined;
  private consumed = false;

  constructor(
    readonly status: number,
    private readonly rawHeaders: Record<string, string | string[] | undefined>,
    private readonly stream: Readable,
  ) {}

  get headers(): Headers {
    return (this.builtHeaders ??= toHeaders(this.rawHeaders));
  }

  headerEntries(): Iterable<[string, string | string[] | undefined]> {
    return Object.entries(this.rawHeaders);
  }

  get body(): ReadableStream<Uint8Array> {
    this.consumed = true;
    return (this.web ??= webBody(this.stream));
  }

  /** Events rather than an async iterator: fewer objects and promise hops per answer. */
  text(limit: number): Promise<string> {
    if (this.consumed) return Promise.reject(new Error("upstream body already consumed"));
    this.consumed = true;
    const body = this.stream;
    return new Promise<string>((resolve, reject) => {
      let text = "";
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
    });
  }
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
  const transport = (async (r): Promise<UpstreamResponse> => {
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
    return new UndiciAnswer(res.statusCode, res.headers, res.body);
  }) as Transport & { close: () => Promise<void> };
  transport.close = async () => {
    await Promise.all([...pools.values()].map((p) => p.close()));
  };
  return transport;
}
