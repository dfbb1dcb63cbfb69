import { setMaxListeners } from "node:events";
import { performance } from "node:perf_hooks";
import { Client, Pool, type Dispatcher } from "undici";
import { requestBody, type Endpoint } from "./targets";

/**
 * The load generator: undici keep-alive connections, one fresh client per phase (so
 * no phase inherits a socket the server closed while idle). Every loop is bounded in
 * both count and time, and only ever talks to 127.0.0.1.
 */
export type Outcome = { ok: boolean; totalMs: number; ttfbMs: number; status: number; detail?: string };

function assertLoopback(origin: string): void {
  if (new URL(origin).hostname !== "127.0.0.1") throw new Error(`refusing to load ${origin}: the benchmark only targets 127.0.0.1`);
}

async function once(d: Dispatcher, ep: Endpoint, body: Buffer, stream: boolean, signal?: AbortSignal): Promise<Outcome> {
  const t0 = performance.now();
  let ttfbMs = Number.NaN;
  try {
    const res = await d.request({ path: ep.path, method: "POST", headers: ep.headers, body, signal });
    let bytes = 0;
    let head = "";
    let tailText = "";
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      if (bytes === 0) ttfbMs = performance.now() - t0;
      bytes += chunk.length;
      if (head.length < 300) head += chunk.toString("utf8", 0, Math.min(chunk.length, 300));
      if (stream) tailText = (tailText + chunk.toString("latin1")).slice(-64);
    }
    const totalMs = performance.now() - t0;
    const ok = res.statusCode === 200 && (stream ? tailText.includes("[DONE]") : bytes > 512);
    return { ok, totalMs, ttfbMs, status: res.statusCode, detail: ok ? undefined : `HTTP ${res.statusCode}, ${bytes} bytes: ${head.slice(0, 300)}` };
  } catch (err) {
    const e = err as Error & { code?: string };
    return { ok: false, totalMs: performance.now() - t0, ttfbMs, status: 0, detail: `${e.code ?? e.name}: ${e.message}` };
  }
}

export type SequentialResult = { totals: number[]; ttfbs: number[]; errors: number; firstError?: string };

/** Concurrency 1: `warmup` unmeasured requests, then `count` timed ones (or until `maxMs`). */
export async function sequential(ep: Endpoint, opts: { count: number; warmup: number; stream: boolean; maxMs: number }): Promise<SequentialResult> {
  assertLoopback(ep.origin);
  const client = new Client(ep.origin, { pipelining: 1, keepAliveTimeout: 60_000 });
  const body = ep.body?.(opts.stream) ?? requestBody(ep.model, opts.stream);
  const result: SequentialResult = { totals: [], ttfbs: [], errors: 0 };
  const deadline = performance.now() + opts.maxMs;
  try {
    for (let i = 0; i < opts.warmup && performance.now() < deadline; i++) await once(client, ep, body, opts.stream);
    for (let i = 0; i < opts.count && performance.now() < deadline; i++) {
      const o = await once(client, ep, body, opts.stream);
      if (!o.ok) {
        result.errors++;
        result.firstError ??= o.detail;
        continue;
      }
      result.totals.push(o.totalMs);
      result.ttfbs.push(o.ttfbMs);
    }
  } finally {
    await client.close().catch(() => {});
  }
  return result;
}

export type ThroughputResult = { ok: number; errors: number; elapsedMs: number; rps: number; firstError?: string };

/** `concurrency` workers, each sending the next request as soon as the last one is read. */
export async function throughput(ep: Endpoint, opts: { concurrency: number; durationMs: number; maxRequests: number }): Promise<ThroughputResult> {
  assertLoopback(ep.origin);
  const pool = new Pool(ep.origin, { connections: opts.concurrency, pipelining: 1, keepAliveTimeout: 60_000 });
  const body = ep.body?.(false) ?? requestBody(ep.model, false);
  let started = 0;
  let ok = 0;
  let errors = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  const end = t0 + opts.durationMs;
  const worker = async () => {
    while (performance.now() < end && started < opts.maxRequests) {
      started++;
      const o = await once(pool, ep, body, false);
      if (o.ok) ok++;
      else {
        errors++;
        firstError ??= o.detail;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
  } finally {
    await pool.close().catch(() => {});
  }
  const elapsedMs = performance.now() - t0;
  return { ok, errors, elapsedMs, rps: (ok * 1000) / elapsedMs, firstError };
}

export type StreamsResult = {
  concurrent: number;
  completed: number;
  failed: number;
  elapsedMs: number;
  ttfbs: number[];
  totals: number[];
  firstError?: string;
};

/** `count` streaming requests opened at once against the slow upstream; each must reach [DONE]. */
export async function concurrentStreams(ep: Endpoint, opts: { count: number; timeoutMs: number }): Promise<StreamsResult> {
  assertLoopback(ep.origin);
  const pool = new Pool(ep.origin, { connections: opts.count, pipelining: 1, keepAliveTimeout: 10_000, headersTimeout: opts.timeoutMs, bodyTimeout: opts.timeoutMs });
  const body = requestBody(ep.model, true);
  const signal = AbortSignal.timeout(opts.timeoutMs);
  setMaxListeners(opts.count + 10, signal);
  const t0 = performance.now();
  try {
    const outcomes = await Promise.all(Array.from({ length: opts.count }, () => once(pool, ep, body, true, signal)));
    const good = outcomes.filter((o) => o.ok);
    return {
      concurrent: opts.count,
      completed: good.length,
      failed: outcomes.length - good.length,
      elapsedMs: performance.now() - t0,
      ttfbs: good.map((o) => o.ttfbMs),
      totals: good.map((o) => o.totalMs),
      firstError: outcomes.find((o) => !o.ok)?.detail,
    };
  } finally {
    await pool.destroy().catch(() => {});
  }
}
