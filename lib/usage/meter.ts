import { withWorkspaceRaw } from "../db";
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
/**
 * Rows per INSERT. Postgres's time per row falls with the batch (measured on the embedded
 * Postgres: 100-row batches cost 2.9x and 500-row batches 1.2x what 2,000-row batches cost
 * per row), so a busy gateway writes about one batch a second; a quiet one still writes
 * within `intervalMs`.
 */
const BATCH_ROWS = 2_000;
/** From this many rows a batch's parameters are built a column per event-loop turn. */
const YIELD_ROWS = 200;

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

  private get batchSize(): number {
    return this.opts.batchSize ?? BATCH_ROWS;
  }

  record = (u: UsageRecord): void => {
    if (this.opts.disabled) return;
    if (this.buffer.length >= (this.opts.maxBuffer ?? 50_000)) {
      this.buffer.shift();
      this.stats.dropped++;
    }
    this.buffer.push(u);
    this.stats.buffered = this.buffer.length;
    // A full batch goes at once (unless the database is failing: then the back-off timer
    // decides); anything less waits for the timer.
    if (this.buffer.length >= this.batchSize && !this.flushing && this.backoffMs === 0) void this.flush();
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

  /** Writes everything buffered at the time of the call, after any flush already under way. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (!this.buffer.length) return;
    this.flushing = this.write(this.buffer.length).finally(() => {
      this.flushing = undefined;
      if (this.backoffMs === 0 && this.buffer.length >= this.batchSize) void this.flush();
      else if (this.buffer.length) this.schedule();
    });
    return this.flushing;
  }

  /**
   * Writes the first `count` buffered rows, in batches. Rows recorded meanwhile wait for
   * the next flush: writing them at once made a steady stream of requests into a stream
   * of inserts of a dozen rows each, every one paying the statement's fixed cost (the
   * rollup upserts), which took Postgres from about 30 ms to 400 ms of CPU per second at
   * 1,600 requests/s.
   */
  private async write(count: number): Promise<void> {
    while (count > 0) {
      const batch = this.buffer.splice(0, Math.min(count, this.batchSize));
      count -= batch.length;
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
    this.stats.buffered = this.buffer.length;
  }

  /** Flushes everything, retrying for up to `timeoutMs`. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const deadline = Date.now() + timeoutMs;
    const pause = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, Math.min(ms, deadline - Date.now()))));
    // A flush already under way holds its rows outside the buffer: wait for it too.
    while ((this.buffer.length || this.flushing) && Date.now() < deadline) {
      await Promise.race([this.flush(), pause(deadline - Date.now())]);
      if (this.buffer.length) await pause(500);
    }
    if (this.buffer.length) {
      this.stats.dropped += this.buffer.length;
      log.error({ dropped: this.buffer.length }, "usage records could not be written before shutdown");
      this.buffer = [];
    }
  }
}

const sqlState = (error: unknown): string => String((error as { code?: unknown }).code ?? "");

/** A workspace deleted meanwhile: the rollup upsert's foreign key to workspaces refuses its rows. */
const isForeignKeyViolation = (error: unknown) => sqlState(error) === "23503";

/**
 * Postgres refused a value, not the connection: a data exception (class 22: a number out of
 * range, a NUL byte in text, …) or a check or not-null constraint. Retrying the same rows
 * can never succeed.
 */
const isRefusedValue = (error: unknown) => /^(22|23502|23514)/.test(sqlState(error));

type Written = { written: number; discarded: number; unwritten: UsageRecord[]; error?: unknown };

/** Inserts per workspace; on a failure, returns the rows of that and later workspaces (none duplicated). */
async function insert(batch: UsageRecord[]): Promise<Written> {
  const byWorkspace = new Map<string, UsageRecord[]>();
  for (const r of batch) {
    const rows = byWorkspace.get(r.workspaceId);
    if (rows) rows.push(r);
    else byWorkspace.set(r.workspaceId, [r]);
  }
  const groups = [...byWorkspace];
  const total: Written = { written: 0, discarded: 0, unwritten: [] };
  for (const [i, [workspaceId, rows]] of groups.entries()) {
    const done = await writeRows(workspaceId, rows);
    total.written += done.written;
    total.discarded += done.discarded;
    if (done.error) return { ...total, unwritten: [...done.unwritten, ...groups.slice(i + 1).flatMap(([, r]) => r)], error: done.error };
  }
  return total;
}

/**
 * One workspace's rows. When Postgres refuses a value, the rows are written in halves until
 * the refused ones stand alone; those are dropped (and counted), so one bad row can never
 * hold up the rest of the meter. Any other failure returns the rows not yet written.
 */
async function writeRows(workspaceId: string, rows: UsageRecord[]): Promise<Written> {
  try {
    await insertRows(workspaceId, rows);
    return { written: rows.length, discarded: 0, unwritten: [] };
  } catch (error) {
    if (isForeignKeyViolation(error)) return { written: 0, discarded: rows.length, unwritten: [] };
    if (!isRefusedValue(error)) return { written: 0, discarded: 0, unwritten: rows, error };
    if (rows.length === 1) {
      log.warn({ workspaceId, sqlState: sqlState(error) }, "usage row refused by the database; dropped");
      return { written: 0, discarded: 1, unwritten: [] };
    }
    const half = rows.length >> 1;
    const first = await writeRows(workspaceId, rows.slice(0, half));
    if (first.error) return { ...first, unwritten: [...first.unwritten, ...rows.slice(half)] };
    const second = await writeRows(workspaceId, rows.slice(half));
    return { ...second, written: first.written + second.written, discarded: first.discarded + second.discarded };
  }
}

/**
 * One multi-row INSERT from arrays (unnest), inside the workspace's RLS context, through
 * the raw pg pool: the meter runs on the proxy's event loop, where Prisma's per-query
 * compilation of a large batch showed up as latency on the requests around it (a
 * createMany was a third of the proxy's CPU; the same raw INSERT through Prisma still
 * cost +0.3 ms p50 against the meter switched off).
 *
 * The parameters are built on that same event loop, all at once for a batch, so they are
 * kept cheap to build: the text columns, which repeat from row to row (key, provider,
 * model, endpoint, error type), go as a short list of distinct values and a 1-based index
 * per row, and the times as milliseconds after the batch's first row. Quoting every text
 * value and formatting every time as ISO text took 4-5 ms per 2,000-row batch in a plain
 * loop (5-8 ms in the server, during which no request was served); this takes 1.3 ms in
 * the same loop. A large batch is built one column at a time, letting waiting requests
 * through between columns, so no request waits for the whole build. (COPY is not an
 * option: Postgres refuses COPY FROM into a table under row-level security.)
 */
const INSERT_SQL = `
  INSERT INTO usage_events (workspace_id, api_key_id, provider, model, endpoint, status, stream, prompt_tokens,
    completion_tokens, total_tokens, estimated, ttfb_ms, latency_ms, overhead_ms, error_type, created_at)
  SELECT $1::uuid, ($2::uuid[])[u.k], ($3::text[])[u.p], ($4::text[])[u.m], ($5::text[])[u.e], u.status, u.stream,
         u.prompt, u.completion, u.total, u.estimated, u.ttfb, u.latency, u.overhead, ($6::text[])[u.er],
         $7::timestamptz + u.at * interval '1 millisecond'
    FROM unnest($8::int[], $9::int[], $10::int[], $11::int[], $12::int[], $13::boolean[], $14::int[], $15::int[],
                $16::int[], $17::boolean[], $18::real[], $19::real[], $20::real[], $21::int[], $22::bigint[])
      AS u(k, p, m, e, status, stream, prompt, completion, total, estimated, ttfb, latency, overhead, er, at)`;

type Cell = string | number | boolean;

/** The distinct values of one text column, and each row's 1-based index into them (NULL for null). */
class Dictionary {
  private readonly ids = new Map<string, number>();
  private readonly values: string[] = [];

  id(value: string | null): Cell {
    if (value === null) return "NULL";
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }

  /** The values as a Postgres array literal; quoted elements escape `\` and `"`, the only characters special inside quotes. */
  literal(): string {
    return `{${this.values.map((v) => `"${v.replace(/[\\"]/g, "\\$&")}"`).join(",")}}`;
  }
}

/**
 * One column as a Postgres array literal (`{…}`), built with a single join. (pg's own
 * array encoding appends element by element: about 3 KB of garbage per proxied request
 * at 2,000-row batches, measured with the sampling heap profiler.)
 */
function column(rows: readonly UsageRecord[], cell: (row: UsageRecord) => Cell | null): string {
  return `{${rows.map((r) => cell(r) ?? "NULL").join(",")}}`;
}

/** Lets the event loop serve what is waiting (I/O first) before the next step of a flush. */
const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

async function insertParams(workspaceId: string, rows: readonly UsageRecord[]): Promise<Cell[]> {
  const keys = new Dictionary();
  const providers = new Dictionary();
  const models = new Dictionary();
  const endpoints = new Dictionary();
  const errors = new Dictionary();
  const base = rows[0]!.createdAt;
  const at = base.getTime();
  const cells: ((r: UsageRecord) => Cell | null)[] = [
    (r) => keys.id(r.apiKeyId), (r) => providers.id(r.provider), (r) => models.id(r.model), (r) => endpoints.id(r.endpoint),
    (r) => r.status, (r) => r.stream, (r) => r.promptTokens, (r) => r.completionTokens, (r) => r.totalTokens, (r) => r.estimated,
    (r) => r.ttfbMs, (r) => r.latencyMs, (r) => r.overheadMs, (r) => errors.id(r.errorType), (r) => r.createdAt.getTime() - at,
  ];
  const columns: string[] = [];
  for (const cell of cells) {
    columns.push(column(rows, cell));
    if (rows.length >= YIELD_ROWS) await yieldToRequests();
  }
  return [
    workspaceId, keys.literal(), providers.literal(), models.literal(), endpoints.literal(), errors.literal(), base.toISOString(),
    ...columns,
  ];
}

async function insertRows(workspaceId: string, rows: UsageRecord[]) {
  const params = await insertParams(workspaceId, rows);
  await withWorkspaceRaw(workspaceId, (client) => client.query(INSERT_SQL, params), { asyncCommit: true });
}

/** One meter per process, shared by both proxy hosts (they load separate module graphs). */
export function processMeter(): UsageMeter {
  const g = globalThis as { __aurikoMeter?: UsageMeter };
  g.__aurikoMeter ??= new UsageMeter({ disabled: env().AURIKO_USAGE_METER === "off" });
  return g.__aurikoMeter;
}
