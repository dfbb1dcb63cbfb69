import { withWorkspace } from "../db";
import { env } from "../env";
import { childLogger } from "../log";
import type { UsageRecord } from "../proxy/types";

/**
 * The usage meter: off the request path. Records are buffered in memory and inserted
 * in batches (one transaction per workspace, under RLS). While the database is away,
 * flushes retry with growing back-off; the buffer is bounded and anything dropped is
 * counted. stop() flushes what is left (SIGTERM/SIGINT).
 */
export type MeterStats = { buffered: number; written: number; dropped: number; failures: number };

const log = childLogger("usage-meter");

export class UsageMeter {
  private buffer: UsageRecord[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private flushing: Promise<void> | undefined;
  private backoffMs = 0;
  private stopped = false;
  readonly stats: MeterStats = { buffered: 0, written: 0, dropped: 0, failures: 0 };

  constructor(
    private readonly opts: { intervalMs?: number; batchSize?: number; maxBuffer?: number; maxBackoffMs?: number; disabled?: boolean } = {},
  ) {}

  record = (u: UsageRecord): void => {
    if (this.opts.disabled) return;
    if (this.buffer.length >= (this.opts.maxBuffer ?? 50_000)) {
      this.buffer.shift();
      this.stats.dropped++;
    }
    this.buffer.push(u);
    this.stats.buffered = this.buffer.length;
    if (this.buffer.length >= (this.opts.batchSize ?? 500)) void this.flush();
    else this.schedule();
  };

  private schedule(delay = this.opts.intervalMs ?? 1000) {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delay);
    this.timer.unref?.();
  }

  flush(): Promise<void> {
    this.flushing ??= this.writeAll().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async writeAll(): Promise<void> {
    while (this.buffer.length) {
      const batch = this.buffer.splice(0, this.opts.batchSize ?? 500);
      const { written, discarded, unwritten, error } = await insert(batch);
      this.stats.written += written;
      this.stats.dropped += discarded;
      if (!error) {
        this.backoffMs = 0;
      } else {
        const err = error;
        this.buffer.unshift(...unwritten);
        this.stats.failures++;
        this.backoffMs = Math.min(this.opts.maxBackoffMs ?? 30_000, this.backoffMs ? this.backoffMs * 2 : 500);
        log.warn({ err: (err as Error).name, retryInMs: this.backoffMs, buffered: this.buffer.length }, "usage flush failed; retrying");
        this.stats.buffered = this.buffer.length;
        if (!this.stopped) this.schedule(this.backoffMs);
        return;
      }
    }
    this.stats.buffered = 0;
  }

  /** Flushes everything, retrying for up to `timeoutMs`. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.length && Date.now() < deadline) {
      await this.flush();
      if (this.buffer.length) await new Promise((r) => setTimeout(r, Math.min(500, Math.max(0, deadline - Date.now()))));
    }
    if (this.buffer.length) {
      this.stats.dropped += this.buffer.length;
      log.error({ dropped: this.buffer.length }, "usage records could not be written before shutdown");
      this.buffer = [];
    }
  }
}

function isForeignKeyViolation(error: unknown): boolean {
  const e = error as { code?: string; meta?: { code?: string; driverAdapterError?: { cause?: { originalCode?: string } } }; message?: string };
  return e.code === "P2003" || e.meta?.code === "23503" || e.meta?.driverAdapterError?.cause?.originalCode === "23503" || /foreign key/i.test(e.message ?? "");
}

/** Inserts per workspace; on a failure, returns the rows of that and later workspaces (none duplicated). */
async function insert(batch: UsageRecord[]): Promise<{ written: number; discarded: number; unwritten: UsageRecord[]; error?: unknown }> {
  const byWorkspace = new Map<string, UsageRecord[]>();
  for (const r of batch) {
    const rows = byWorkspace.get(r.workspaceId);
    if (rows) rows.push(r);
    else byWorkspace.set(r.workspaceId, [r]);
  }
  const groups = [...byWorkspace];
  let written = 0;
  let discarded = 0;
  for (const [i, [workspaceId, rows]] of groups.entries()) {
    try {
      await insertRows(workspaceId, rows);
      written += rows.length;
    } catch (error) {
      // A workspace deleted meanwhile (or an API key gone) can never take its rows: drop them.
      if (isForeignKeyViolation(error)) {
        discarded += rows.length;
        continue;
      }
      return { written, discarded, unwritten: groups.slice(i).flatMap(([, r]) => r), error };
    }
  }
  return { written, discarded, unwritten: [] };
}

/**
 * One multi-row INSERT from arrays (unnest), inside the workspace's RLS context. Raw
 * SQL rather than Prisma's createMany: the meter runs on the proxy's event loop, and
 * compiling a 500-row createMany cost about a third of the proxy's CPU per request.
 */
async function insertRows(workspaceId: string, rows: UsageRecord[]) {
  const col = <K extends keyof UsageRecord>(k: K) => rows.map((r) => r[k]);
  await withWorkspace(workspaceId, (tx) => tx.$executeRaw`
    INSERT INTO usage_events (workspace_id, api_key_id, provider, model, endpoint, status, stream, prompt_tokens,
      completion_tokens, total_tokens, estimated, ttfb_ms, latency_ms, overhead_ms, error_type, created_at)
    SELECT ${workspaceId}::uuid, u.*
      FROM unnest(${col("apiKeyId")}::uuid[], ${col("provider")}::text[], ${col("model")}::text[], ${col("endpoint")}::text[],
                  ${col("status")}::int[], ${col("stream")}::boolean[], ${col("promptTokens")}::int[],
                  ${col("completionTokens")}::int[], ${col("totalTokens")}::int[], ${col("estimated")}::boolean[],
                  ${col("ttfbMs")}::real[], ${col("latencyMs")}::real[], ${col("overheadMs")}::real[],
                  ${col("errorType")}::text[], ${col("createdAt")}::timestamptz[]) AS u`);
}

/** One meter per process, shared by both proxy hosts (they load separate module graphs). */
export function processMeter(): UsageMeter {
  const g = globalThis as { __aurikoMeter?: UsageMeter };
  g.__aurikoMeter ??= new UsageMeter({ disabled: env().AURIKO_USAGE_METER === "off" });
  return g.__aurikoMeter;
}
