import { concurrentStreams, sequential, throughput } from "./load";
import { setTimeout as sleep } from "node:timers/promises";
import { cpuMs, machineTicks, postgresPids, sampleRss } from "./procfs";
import { round, summarize, type Summary } from "./stats";
import type { Target } from "./targets";
import type { UsageDb } from "./usage-db";

/**
 * One measurement of one target. The caller interleaves targets (A B A B) so that drift
 * on a shared machine hits every target alike.
 */
export type Settings = {
  rounds: number;
  /** Traffic each target gets before round 1, in `cycles` passes, not recorded (see warmupPhase). */
  warmup: { cycles: number; loadMs: number; requests: number; streams: number };
  latency: { count: number; warmup: number; maxMs: number };
  ttfb: { count: number; warmup: number; maxMs: number };
  load: { concurrency: number; durationMs: number; maxRequests: number };
  streams: { count: number; timeoutMs: number };
};

export type Timings = { raw: number[]; summary: Summary; errors: number; firstError?: string };

export type UsageFigures = {
  rows: number;
  rowsPerSec: number;
  /** Rows written per request served (1 means every request was metered). */
  rowsPerRequest: number;
  /** Postgres CPU over the phase and the flush after it, as a share of one core. */
  pgCpuPctOfCore: number;
  pgCpuMsPer1000Rows: number;
};

export type LoadFigures = {
  ok: number;
  errors: number;
  elapsedMs: number;
  rps: number;
  peakRssMb: number;
  cpuMsPerRequest: number;
  /** CPU of the target as a share of one core during the phase. */
  cpuPctOfCore: number;
  firstError?: string;
  usage?: UsageFigures;
};

export type StreamFigures = {
  concurrent: number;
  completed: number;
  failed: number;
  allCompleted: boolean;
  elapsedMs: number;
  peakRssMb: number;
  ttfb: Summary;
  duration: Summary;
  firstError?: string;
};

function timings(values: number[], errors: number, firstError?: string): Timings {
  return { raw: values, summary: summarize(values), errors, firstError };
}

/**
 * Before anything is timed, each target gets the kinds of traffic the rounds send, in the
 * rounds' order and `cycles` times over: non-streaming and streaming requests one at a
 * time, then the concurrency-50 load. A freshly started Node process compiles its hot
 * paths on background threads for its first several thousand requests; on two cores
 * those threads take turns with the server, the mock and the load generator, and round
 * 1's timings caught that (runs of requests 2-5 ms slower, tens of milliseconds long)
 * rather than the gateway's steady cost. Each switch between kinds of traffic also sends
 * code the compiler specialised for one kind (streaming or not, one connection or fifty)
 * back to be compiled again for both, so one pass of each kind was not enough: with the
 * kinds once each, every Node proxy's first round still ran slower than its second
 * (BENCHMARKS.md). Every target gets the same warm-up. Failures here are ignored: the
 * rounds report them.
 */
export async function warmupPhase(t: Target, s: Settings): Promise<void> {
  const pass = warmupPass(s);
  for (let i = 0; i < s.warmup.cycles; i++) {
    await sequential(t.fast, { count: pass.requests, warmup: 0, maxMs: s.latency.maxMs, stream: false });
    await sequential(t.fast, { count: pass.streams, warmup: 0, maxMs: s.ttfb.maxMs, stream: true });
    await throughput(t.fast, { ...s.load, durationMs: pass.loadMs });
  }
}

/** What one pass of the warm-up sends. */
export function warmupPass(s: Settings): { requests: number; streams: number; loadMs: number } {
  const { cycles, loadMs, requests, streams } = s.warmup;
  return { requests: Math.ceil(requests / cycles), streams: Math.ceil(streams / cycles), loadMs: Math.ceil(loadMs / cycles) };
}

/**
 * Waits, before each timed phase, until the machine has been quiet for half a second: at
 * most `QUIET.busy` of its CPU in use, or `QUIET.maxMs` at most. What a finished phase leaves
 * behind (a gateway's collections after a load, Postgres vacuuming the usage rows, the
 * meter's last flush) otherwise lands on whichever target is timed next. Every target
 * waits the same way. Resolves to false when the machine stayed busy for the whole wait.
 */
const QUIET = { busy: 0.15, windowMs: 500, stepMs: 100, maxMs: 5_000 };

export async function waitForQuiet(): Promise<boolean> {
  const started = Date.now();
  const samples = [machineTicks()];
  const window = QUIET.windowMs / QUIET.stepMs;
  while (Date.now() - started < QUIET.maxMs) {
    await sleep(QUIET.stepMs);
    samples.push(machineTicks());
    if (samples.length > window + 1) samples.shift();
    if (samples.length <= window) continue;
    const first = samples[0]!;
    const last = samples[samples.length - 1]!;
    if (last.total > first.total && (last.busy - first.busy) / (last.total - first.total) <= QUIET.busy) return true;
  }
  return false;
}

/** Non-streaming requests at concurrency 1: full response time per request. */
export async function latencyPhase(t: Target, s: Settings): Promise<Timings> {
  const r = await sequential(t.fast, { ...s.latency, stream: false });
  return timings(r.totals, r.errors, r.firstError);
}

/** Streaming requests at concurrency 1: time to the first body byte. */
export async function ttfbPhase(t: Target, s: Settings): Promise<Timings> {
  const r = await sequential(t.fast, { ...s.ttfb, stream: true });
  return timings(r.ttfbs, r.errors, r.firstError);
}

/** Concurrency 50 for a fixed time, with RSS sampled every 100 ms and CPU read before and after. */
export async function loadPhase(t: Target, s: Settings, db: { usage?: UsageDb; pgDir: string }): Promise<LoadFigures> {
  const pids = t.pids();
  const usageBefore = t.metered && db.usage ? await db.usage.settle() : 0;
  const pgBefore = cpuMs(postgresPids(db.pgDir));
  const cpuBefore = cpuMs(pids);
  const rss = sampleRss(t.pids);
  const r = await throughput(t.fast, s.load);
  const peakRssMb = rss.stop();
  const cpuUsed = cpuMs(pids) - cpuBefore;
  const out: LoadFigures = {
    ok: r.ok,
    errors: r.errors,
    elapsedMs: round(r.elapsedMs, 0),
    rps: round(r.rps, 0),
    peakRssMb,
    cpuMsPerRequest: round(r.ok ? cpuUsed / r.ok : Number.NaN),
    cpuPctOfCore: round((cpuUsed / r.elapsedMs) * 100, 1),
    firstError: r.firstError,
  };
  if (t.metered && db.usage) {
    const rows = (await db.usage.settle()) - usageBefore;
    const pgUsed = cpuMs(postgresPids(db.pgDir)) - pgBefore;
    out.usage = {
      rows,
      rowsPerSec: round((rows * 1000) / r.elapsedMs, 0),
      rowsPerRequest: round(r.ok + r.errors ? rows / (r.ok + r.errors) : Number.NaN),
      pgCpuPctOfCore: round((pgUsed / r.elapsedMs) * 100, 1),
      pgCpuMsPer1000Rows: round(rows ? (pgUsed * 1000) / rows : Number.NaN, 1),
    };
  }
  return out;
}

/** Many streams at once against the slow upstream (50 ms between chunks): do all finish, and at what memory? */
export async function streamsPhase(t: Target, s: Settings): Promise<StreamFigures> {
  const rss = sampleRss(t.slowPids ?? t.pids);
  const r = await concurrentStreams(t.slow, s.streams);
  const peakRssMb = rss.stop();
  return {
    concurrent: r.concurrent,
    completed: r.completed,
    failed: r.failed,
    allCompleted: r.failed === 0 && r.completed === r.concurrent,
    elapsedMs: round(r.elapsedMs, 0),
    peakRssMb,
    ttfb: summarize(r.ttfbs),
    duration: summarize(r.totals),
    firstError: r.firstError,
  };
}
