import "server-only";
import { withWorkspaceRaw } from "../db";
import { env } from "../env";
import { childLogger } from "../log";
import { requestIdOf, requestIdParts } from "../proxy/request-id";
import type { UsageRecord } from "../proxy/types";

/**
 * The usage meter: off the request path. Records are buffered in memory, as columns of
 * numbers (UsageBlock), and inserted in batches (one transaction per workspace, under
 * RLS). While the database is away, flushes retry with growing back-off; the buffer is
 * bounded and anything dropped is counted. stop() flushes what is left (SIGTERM/SIGINT).
 */
export type MeterStats = { buffered: number; written: number; dropped: number; failures: number };

const log = childLogger("usage-meter");
/**
 * Rows per INSERT. Every statement pays fixed costs in Postgres (the transaction, the
 * rollup trigger's grouped upserts), so its CPU per row falls as batches grow: a busy
 * gateway writes about one batch a second, and a quiet one still writes within
 * `intervalMs`. docs/decisions.md ("The meter's write path") has the measurements.
 */
const BATCH_ROWS = 2_000;
/** From this many rows a batch's parameters are built a column per event-loop turn. */
const YIELD_ROWS = 200;
/** Written blocks kept for reuse, so a busy meter allocates no new ones. */
const POOL_BLOCKS = 2;

export class UsageMeter {
  /** Buffered rows, oldest first; flush() seals the blocks it will write. */
  private queue: UsageBlock[] = [];
  private pool: UsageBlock[] = [];
  private rows = 0;
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
    if (this.rows >= (this.opts.maxBuffer ?? 50_000)) this.dropOldest();
    let tail = this.queue[this.queue.length - 1];
    if (!tail || tail.sealed || tail.full) this.queue.push((tail = this.pool.pop() ?? new UsageBlock(this.batchSize)));
    tail.push(u);
    this.stats.buffered = ++this.rows;
    // A full batch goes at once (unless the database is failing: then the back-off timer
    // decides); anything less waits for the timer.
    if (this.rows >= this.batchSize && !this.flushing && this.backoffMs === 0) void this.flush();
    else this.schedule();
  };

  private dropOldest() {
    const head = this.queue[0];
    if (!head) return;
    head.start++;
    if (head.size === 0) this.release(this.queue.shift()!);
    this.stats.buffered = --this.rows;
    this.stats.dropped++;
  }

  private release(block: UsageBlock) {
    if (this.pool.length < POOL_BLOCKS && block.capacity === this.batchSize) this.pool.push(block.reset());
  }

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
    if (!this.rows) return;
    for (const block of this.queue) block.sealed = true;
    this.flushing = this.write().finally(() => {
      this.flushing = undefined;
      if (this.backoffMs === 0 && this.rows >= this.batchSize) void this.flush();
      else if (this.rows) this.schedule();
    });
    return this.flushing;
  }

  /**
   * Writes the sealed blocks at the head of the queue. Rows recorded meanwhile wait for
   * the next flush: writing them at once turns a steady stream of requests into a stream
   * of inserts of a dozen rows each, every one paying the statement's fixed cost (the
   * rollup upserts) for a handful of rows.
   */
  private async write(): Promise<void> {
    while (this.queue[0]?.sealed) {
      const block = this.queue.shift()!;
      this.stats.buffered = this.rows -= block.size;
      const { written, discarded, unwritten, error } = await insertBlock(block);
      this.stats.written += written;
      this.stats.dropped += discarded;
      if (!error) {
        this.backoffMs = 0;
        this.release(block);
        continue;
      }
      this.requeue(block, unwritten);
      this.stats.failures++;
      this.backoffMs = Math.min(this.opts.maxBackoffMs ?? 30_000, this.backoffMs ? this.backoffMs * 2 : 500);
      log.warn({ err: (error as Error).name, retryInMs: this.backoffMs, buffered: this.rows }, "usage flush failed; retrying");
      if (!this.stopped) this.schedule(this.backoffMs);
      return;
    }
  }

  /**
   * Puts a failed block's unwritten rows back in front of everything buffered. Each block
   * is then folded into the one before it where it fits: every flush seals the block being
   * filled, so without this a long outage would leave one part-filled block (256 KB) per
   * retry. Folding moves at most about one block's rows per retry, never the whole
   * buffer, so a retry stays a short turn of the event loop however much is buffered.
   */
  private requeue(failed: UsageBlock, unwritten: Int32Array) {
    let back = failed;
    if (unwritten.length < failed.size) {
      back = new UsageBlock(this.batchSize);
      back.copyFrom(failed, unwritten);
    }
    const packed: UsageBlock[] = [];
    for (const block of [back, ...this.queue]) {
      block.sealed = false;
      const last = packed[packed.length - 1];
      if (last && last.length + block.size <= last.capacity) {
        last.copyFrom(block);
        this.release(block);
      } else {
        packed.push(block);
      }
    }
    this.queue = packed;
    this.stats.buffered = this.rows = packed.reduce((n, block) => n + block.size, 0);
  }

  /** Flushes everything, retrying for up to `timeoutMs`. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const deadline = Date.now() + timeoutMs;
    const pause = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, Math.min(ms, deadline - Date.now()))));
    // A flush already under way holds its rows outside the buffer: wait for it too.
    while ((this.rows || this.flushing) && Date.now() < deadline) {
      await Promise.race([this.flush(), pause(deadline - Date.now())]);
      if (this.rows) await pause(500);
    }
    if (this.rows) {
      this.stats.dropped += this.rows;
      log.error({ dropped: this.rows }, "usage records could not be written before shutdown");
      this.queue = [];
      this.stats.buffered = this.rows = 0;
    }
  }
}

/** The block's columns, in the INSERT's unnest order, then the workspace. */
const KEY = 0, PROVIDER = 1, MODEL = 2, ENDPOINT = 3, STATUS = 4, STREAM = 5, PROMPT = 6, COMPLETION = 7, TOTAL = 8;
const ESTIMATED = 9, TTFB = 10, LATENCY = 11, OVERHEAD = 12, ERROR = 13, AT = 14, REQUEST_HIGH = 15, REQUEST_LOW = 16;
const WORKSPACE = 17;
const COLUMNS = 18;
const TEXT_COLUMNS = [KEY, PROVIDER, MODEL, ENDPOINT, ERROR, WORKSPACE];

/**
 * Durations are kept as whole microseconds: finer than anything the console shows, and
 * whole numbers turn into text several times faster than fractions, which matters because
 * the batch's parameters are built on the proxy's event loop.
 */
const microseconds = (ms: number) => Math.max(0, Math.round(ms * 1000));

/** The distinct values of one text column and their 1-based ids (0 stands for null). */
class Dictionary {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];

  id(value: string | null): number {
    if (value === null) return 0;
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }

  value(id: number): string | null {
    return id === 0 ? null : this.values[id - 1]!;
  }

  reset() {
    this.ids.clear();
    this.values.length = 0;
  }
}

/**
 * Buffered rows, a column per field in one Float64Array: text fields as ids into the
 * block's own dictionaries (0 for null), booleans as 1/0, durations in microseconds (-1
 * for a null time to first byte), and the time as milliseconds after the block's first
 * row. A busy gateway keeps up to a second's worth of requests buffered. As objects they
 * live through several scavenges, so V8 copies them into the old generation, which then
 * needs more full collections under load; in a block they are numbers in memory V8 never
 * scans, and a written block is reused rather than collected.
 */
class UsageBlock {
  readonly cells: Float64Array;
  readonly dicts = Array.from({ length: COLUMNS }, (_, c) => (TEXT_COLUMNS.includes(c) ? new Dictionary() : null));
  /** Rows [start, length) are buffered; rows before start were dropped. */
  start = 0;
  length = 0;
  sealed = false;
  base = 0;

  constructor(readonly capacity: number) {
    this.cells = new Float64Array(capacity * COLUMNS);
  }

  get size(): number {
    return this.length - this.start;
  }

  get full(): boolean {
    return this.length === this.capacity;
  }

  reset(): this {
    this.start = this.length = 0;
    this.sealed = false;
    for (const d of this.dicts) d?.reset();
    return this;
  }

  push(u: UsageRecord): void {
    const i = this.length++;
    const n = this.capacity;
    const c = this.cells;
    const d = this.dicts as Dictionary[];
    if (i === 0) this.base = u.createdAt.getTime();
    c[WORKSPACE * n + i] = d[WORKSPACE]!.id(u.workspaceId);
    c[KEY * n + i] = d[KEY]!.id(u.apiKeyId);
    c[PROVIDER * n + i] = d[PROVIDER]!.id(u.provider);
    c[MODEL * n + i] = d[MODEL]!.id(u.model);
    c[ENDPOINT * n + i] = d[ENDPOINT]!.id(u.endpoint);
    c[STATUS * n + i] = u.status;
    c[STREAM * n + i] = u.stream ? 1 : 0;
    c[PROMPT * n + i] = u.promptTokens;
    c[COMPLETION * n + i] = u.completionTokens;
    c[TOTAL * n + i] = u.totalTokens;
    c[ESTIMATED * n + i] = u.estimated ? 1 : 0;
    c[TTFB * n + i] = u.ttfbMs === null ? -1 : microseconds(u.ttfbMs);
    c[LATENCY * n + i] = microseconds(u.latencyMs);
    c[OVERHEAD * n + i] = microseconds(u.overheadMs);
    c[ERROR * n + i] = d[ERROR]!.id(u.errorType);
    c[AT * n + i] = u.createdAt.getTime() - this.base;
    // The request id as its two 48-bit halves (lib/proxy/request-id.ts); -1 for none.
    const rid = requestIdParts(u.requestId);
    c[REQUEST_HIGH * n + i] = rid ? rid[0] : -1;
    c[REQUEST_LOW * n + i] = rid ? rid[1] : -1;
  }

  /** Appends another block's buffered rows, or the given ones, to this block. */
  copyFrom(from: UsageBlock, rows?: Int32Array): void {
    if (rows) for (const i of rows) this.push(from.row(i));
    else for (let i = from.start; i < from.length; i++) this.push(from.row(i));
  }

  /** Row i as a record again (only to move rows between blocks after a failed write). */
  row(i: number): UsageRecord {
    const n = this.capacity;
    const c = this.cells;
    const text = (col: number) => this.dicts[col]!.value(c[col * n + i]!);
    const ttfb = c[TTFB * n + i]!;
    const ms = (us: number) => us / 1000;
    return {
      workspaceId: text(WORKSPACE)!, apiKeyId: text(KEY)!, provider: text(PROVIDER)!, model: text(MODEL)!,
      endpoint: text(ENDPOINT) as UsageRecord["endpoint"], status: c[STATUS * n + i]!, stream: c[STREAM * n + i] === 1,
      promptTokens: c[PROMPT * n + i]!, completionTokens: c[COMPLETION * n + i]!, totalTokens: c[TOTAL * n + i]!,
      estimated: c[ESTIMATED * n + i] === 1, ttfbMs: ttfb < 0 ? null : ms(ttfb), latencyMs: ms(c[LATENCY * n + i]!),
      overheadMs: ms(c[OVERHEAD * n + i]!), errorType: text(ERROR), createdAt: new Date(this.base + c[AT * n + i]!),
      requestId: c[REQUEST_HIGH * n + i]! < 0 ? undefined : requestIdOf(c[REQUEST_HIGH * n + i]!, c[REQUEST_LOW * n + i]!),
    };
  }

  /** The buffered rows of each workspace, as row indices, in the order the workspaces first appear. */
  byWorkspace(): [string, Int32Array][] {
    const workspaces = this.dicts[WORKSPACE]!.values;
    if (workspaces.length === 1) return [[workspaces[0]!, Int32Array.from({ length: this.size }, (_, j) => this.start + j)]];
    const off = WORKSPACE * this.capacity;
    const counts = new Int32Array(workspaces.length + 1);
    for (let i = this.start; i < this.length; i++) counts[this.cells[off + i]!]!++;
    const groups = workspaces.map((id, k): [string, Int32Array] => [id, new Int32Array(counts[k + 1]!)]);
    const filled = new Int32Array(workspaces.length + 1);
    for (let i = this.start; i < this.length; i++) {
      const w = this.cells[off + i]!;
      groups[w - 1]![1][filled[w]!++] = i;
    }
    return groups.filter(([, rows]) => rows.length > 0);
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

type Written = { written: number; discarded: number; unwritten: Int32Array; error?: unknown };
const NONE = new Int32Array(0);

/** Inserts per workspace; on a failure, returns the rows of that and later workspaces (none duplicated). */
async function insertBlock(block: UsageBlock): Promise<Written> {
  const groups = block.byWorkspace();
  const total: Written = { written: 0, discarded: 0, unwritten: NONE };
  for (const [i, [workspaceId, rows]] of groups.entries()) {
    const done = await writeRows(block, workspaceId, rows);
    total.written += done.written;
    total.discarded += done.discarded;
    if (done.error) return { ...total, unwritten: concat([done.unwritten, ...groups.slice(i + 1).map(([, r]) => r)]), error: done.error };
  }
  return total;
}

function concat(parts: Int32Array[]): Int32Array {
  const out = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * One workspace's rows. When Postgres refuses a value, the rows are written in halves until
 * the refused ones stand alone; those are dropped (and counted), so one bad row can never
 * hold up the rest of the meter. Any other failure returns the rows not yet written.
 */
async function writeRows(block: UsageBlock, workspaceId: string, rows: Int32Array): Promise<Written> {
  try {
    await insertRows(block, workspaceId, rows);
    return { written: rows.length, discarded: 0, unwritten: NONE };
  } catch (error) {
    if (isForeignKeyViolation(error)) return { written: 0, discarded: rows.length, unwritten: NONE };
    if (!isRefusedValue(error)) return { written: 0, discarded: 0, unwritten: rows, error };
    if (rows.length === 1) {
      log.warn({ workspaceId, sqlState: sqlState(error) }, "usage row refused by the database; dropped");
      return { written: 0, discarded: 1, unwritten: NONE };
    }
    const half = rows.length >> 1;
    const first = await writeRows(block, workspaceId, rows.subarray(0, half));
    if (first.error) return { ...first, unwritten: concat([first.unwritten, rows.subarray(half)]) };
    const second = await writeRows(block, workspaceId, rows.subarray(half));
    return { ...second, written: first.written + second.written, discarded: first.discarded + second.discarded };
  }
}

/**
 * One multi-row INSERT from arrays (unnest), inside the workspace's RLS context, through
 * the raw pg pool: the meter runs on the proxy's event loop, where Prisma compiling the
 * query for a large batch is CPU taken from the requests around it.
 *
 * The parameters are built on that same event loop, so they are kept cheap to build: each
 * column is a slice of the block's numbers joined in one native call (gathered first when
 * the rows are not contiguous); the text columns go as the distinct values this
 * workspace's rows use and a 1-based index per row; the times as milliseconds after the
 * block's first row. A large batch is built one column at a time, letting waiting requests
 * through between columns. (COPY is not an option: Postgres refuses COPY FROM into a
 * table under row-level security.) The arrays are unnested in the select list, where
 * Postgres walks them in step; `FROM unnest(a, b, …)` first copies each array's elements
 * into a tuple store of its own, work done again for every row of every batch.
 */
const INSERT_SQL = `
  INSERT INTO usage_events (workspace_id, api_key_id, provider, model, endpoint, status, stream, prompt_tokens,
    completion_tokens, total_tokens, estimated, ttfb_ms, latency_ms, overhead_ms, error_type, created_at, request_id)
  SELECT $1::uuid, ($2::uuid[])[u.k], ($3::text[])[u.p], ($4::text[])[u.m], ($5::text[])[u.e], u.status, u.stream,
         u.prompt, u.completion, u.total, u.estimated, nullif(u.ttfb, -1) / 1000::float8, u.latency / 1000::float8,
         u.overhead / 1000::float8, ($6::text[])[u.er], $7::timestamptz + u.at * interval '1 millisecond',
         CASE WHEN u.rh >= 0 THEN 'req_' || lpad(to_hex(u.rh), 12, '0') || lpad(to_hex(u.rl), 12, '0') END
    FROM (SELECT unnest($8::int[]) AS k, unnest($9::int[]) AS p, unnest($10::int[]) AS m, unnest($11::int[]) AS e,
                 unnest($12::int[]) AS status, unnest($13::boolean[]) AS stream, unnest($14::int[]) AS prompt,
                 unnest($15::int[]) AS completion, unnest($16::int[]) AS total, unnest($17::boolean[]) AS estimated,
                 unnest($18::bigint[]) AS ttfb, unnest($19::bigint[]) AS latency, unnest($20::bigint[]) AS overhead,
                 unnest($21::int[]) AS er, unnest($22::bigint[]) AS at, unnest($23::bigint[]) AS rh,
                 unnest($24::bigint[]) AS rl) AS u`;

/** The values as a Postgres array literal; quoted elements escape `\` and `"`, the only characters special inside quotes. */
const textArray = (values: readonly string[]) => `{${values.map((v) => `"${v.replace(/[\\"]/g, "\\$&")}"`).join(",")}}`;

/** One column of the selected rows as a Postgres array literal (`{…}`). */
function numberColumn(block: UsageBlock, column: number, rows: Int32Array): string {
  const off = column * block.capacity;
  const first = rows[0]!;
  if (rows[rows.length - 1]! - first === rows.length - 1) return `{${block.cells.subarray(off + first, off + first + rows.length).join(",")}}`;
  const out = new Float64Array(rows.length);
  for (let j = 0; j < rows.length; j++) out[j] = block.cells[off + rows[j]!]!;
  return `{${out.join(",")}}`;
}

/** A text column of the selected rows: the values they use, and each row's 1-based index into them (0 for null). */
function textColumn(block: UsageBlock, column: number, rows: Int32Array): { values: string; ids: string } {
  const all = block.dicts[column]!.values;
  const local = new Int32Array(all.length + 1);
  const values: string[] = [];
  const ids = new Int32Array(rows.length);
  const off = column * block.capacity;
  for (let j = 0; j < rows.length; j++) {
    const id = block.cells[off + rows[j]!]!;
    if (id === 0) continue;
    ids[j] = local[id] ||= values.push(all[id - 1]!);
  }
  return { values: textArray(values), ids: `{${ids.join(",")}}` };
}

/** Lets the event loop serve what is waiting (I/O first) before the next step of a flush. */
const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

async function insertParams(block: UsageBlock, workspaceId: string, rows: Int32Array): Promise<string[]> {
  const text: string[] = [];
  const columns: string[] = [];
  for (let column = KEY; column <= REQUEST_LOW; column++) {
    if (TEXT_COLUMNS.includes(column)) {
      const { values, ids } = textColumn(block, column, rows);
      text.push(values);
      columns.push(ids);
    } else {
      columns.push(numberColumn(block, column, rows));
    }
    if (rows.length >= YIELD_ROWS) await yieldToRequests();
  }
  return [workspaceId, ...text, new Date(block.base).toISOString(), ...columns];
}

async function insertRows(block: UsageBlock, workspaceId: string, rows: Int32Array) {
  const params = await insertParams(block, workspaceId, rows);
  await withWorkspaceRaw(workspaceId, (client) => client.query(INSERT_SQL, params), { asyncCommit: true });
}

/** One meter per process, shared by both proxy hosts (they load separate module graphs). */
export function processMeter(): UsageMeter {
  const g = globalThis as { __aurikoMeter?: UsageMeter };
  g.__aurikoMeter ??= new UsageMeter({ disabled: env().AURIKO_USAGE_METER === "off" });
  return g.__aurikoMeter;
}
