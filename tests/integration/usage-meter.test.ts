import { createServer, createConnection, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { disconnectPrisma, withWorkspace } from "../../lib/db";
import { publishRuntimeEnv } from "../../lib/env";
import { UsageMeter } from "../../lib/usage/meter";
import type { UsageRecord } from "../../lib/proxy/types";
import { makeWorkspace } from "../support/fixtures";

/**
 * The meter against a real database outage: the runtime connection goes through a
 * TCP relay that the test cuts and restores.
 */
let relay: Server | undefined;
const sockets = new Set<Socket>();
let relayPort = 0;
const pg = new URL(inject("appUrl"));

function relayUp(): Promise<void> {
  relay = createServer((client) => {
    const upstream = createConnection({ host: pg.hostname, port: Number(pg.port) });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {});
    }
    client.pipe(upstream).pipe(client);
  });
  return new Promise((r) => relay!.listen(relayPort, "127.0.0.1", () => {
    relayPort = (relay!.address() as AddressInfo).port;
    r();
  }));
}

async function relayDown() {
  await new Promise<void>((r) => relay!.close(() => r()));
  for (const s of sockets) s.destroy();
}

let workspaceId = "";
const record = (): UsageRecord => ({
  workspaceId, apiKeyId: null as unknown as string, provider: "mock", model: "mock/echo", endpoint: "chat.completions", status: 200,
  stream: false, promptTokens: 3, completionTokens: 4, totalTokens: 7, estimated: false, ttfbMs: 1, latencyMs: 2, overheadMs: 0.5,
  errorType: null, createdAt: new Date(),
});
const count = () => withWorkspace(workspaceId, (tx) => tx.usageEvent.count());

beforeAll(async () => {
  workspaceId = (await makeWorkspace("Meter")).workspace.id;
  await relayUp();
  await disconnectPrisma();
  const through = new URL(pg);
  through.port = String(relayPort);
  publishRuntimeEnv({ AURIKO_APP_DATABASE_URL: through.toString() });
});
afterAll(async () => {
  await disconnectPrisma();
  publishRuntimeEnv({ AURIKO_APP_DATABASE_URL: pg.toString() });
  await relayDown().catch(() => {});
});

// The outage is simulated on a shared 2-core machine: reconnect timing varies, so these retry.
describe("usage meter", { retry: 2 }, () => {
  it("batches writes, survives a database outage with back-off, and loses nothing it kept", async () => {
    const meter = new UsageMeter({ intervalMs: 50, maxBackoffMs: 400 });
    for (let i = 0; i < 3; i++) meter.record(record());
    await meter.flush();
    expect(meter.stats.written).toBe(3);
    expect(await count()).toBe(3);

    await relayDown();
    await disconnectPrisma();
    for (let i = 0; i < 4; i++) meter.record(record());
    await meter.flush();
    expect(meter.stats.failures).toBeGreaterThanOrEqual(1);
    expect(meter.stats.buffered).toBe(4);

    await relayUp();
    // Reconnecting after the outage can take the pool several seconds.
    await expect.poll(() => meter.stats.written, { timeout: 25_000, interval: 100 }).toBe(7);
    expect(await count()).toBe(7);
    expect(meter.stats.dropped).toBe(0);
    await meter.stop();
  }, 45_000);

  it("keeps a bounded buffer, counts what it drops, and flushes the rest on stop()", async () => {
    const meter = new UsageMeter({ intervalMs: 50, maxBuffer: 5, maxBackoffMs: 200 });
    await relayDown();
    await disconnectPrisma();
    for (let i = 0; i < 8; i++) meter.record(record());
    await meter.flush();
    expect(meter.stats.buffered).toBe(5);
    expect(meter.stats.dropped).toBe(3);
    await relayUp();
    const before = await count();
    await meter.stop(25_000);
    expect(await count()).toBe(before + 5);
    expect(meter.stats.buffered).toBe(0);
  }, 45_000);

  it("holds rows through an outage across many blocks and failed flushes, dropping only the oldest, and writes every field intact", async () => {
    const other = (await makeWorkspace("Meter held")).workspace.id;
    // Small blocks, so the held rows span several, and each failed flush packs them again.
    const meter = new UsageMeter({ intervalMs: 50, batchSize: 4, maxBuffer: 10, maxBackoffMs: 100 });
    const key = randomUUID();
    const base = Date.parse("2026-11-27T12:00:00.000Z");
    const row = (i: number): UsageRecord => ({
      ...record(), workspaceId: i % 3 ? workspaceId : other, apiKeyId: i % 2 ? key : (null as unknown as string), status: 200 + i,
      provider: i % 2 ? "openai" : "mock", model: i % 4 ? `mock/m${i % 4},"x"` : "openai/gpt-4o-mini", stream: i % 2 === 0,
      estimated: i % 3 === 0, promptTokens: i, completionTokens: 2 * i, totalTokens: 3 * i, ttfbMs: i % 2 ? null : 0.25 * i,
      latencyMs: 1000 + i + 0.0004, overheadMs: i / 8, errorType: i % 5 ? null : "server_error", createdAt: new Date(base - i * 1000),
    });
    await relayDown();
    await disconnectPrisma();
    for (let i = 0; i < 14; i++) {
      meter.record(row(i));
      if (i % 4 === 3) await meter.flush();
    }
    await meter.flush();
    expect(meter.stats.failures).toBeGreaterThanOrEqual(3);
    expect(meter.stats).toMatchObject({ buffered: 10, dropped: 4, written: 0 });
    await relayUp();
    await expect.poll(() => meter.stats.written, { timeout: 25_000, interval: 100 }).toBe(10);
    await meter.stop();
    const read = (ws: string) =>
      withWorkspace(ws, (tx) => tx.usageEvent.findMany({ where: { createdAt: { lte: new Date(base), gt: new Date(base - 60_000) } } }));
    const got = [...(await read(workspaceId)), ...(await read(other))];
    const pick = (r: UsageRecord | Awaited<ReturnType<typeof read>>[number]) => [
      r.workspaceId, r.apiKeyId, r.status, r.provider, r.model, r.endpoint, r.stream, r.estimated, r.promptTokens, r.completionTokens,
      r.totalTokens, r.ttfbMs, r.overheadMs, r.errorType, r.createdAt.toISOString(),
    ];
    // The four oldest went to make room; durations are kept to the microsecond.
    const kept = Array.from({ length: 10 }, (_, j) => row(j + 4));
    expect(got.map(pick).sort()).toEqual(kept.map(pick).sort());
    expect(got.map((r) => r.latencyMs).sort()).toEqual(kept.map((r) => Math.round(r.latencyMs * 1000) / 1000).sort());
  }, 45_000);

  it("writes every field exactly as recorded, whatever characters the model name holds", async () => {
    const meter = new UsageMeter();
    const model = 'mock/a "quoted", {braced} \\back\\slash NULL ünïcødé ✓';
    const at = new Date("2026-11-29T08:00:00.123Z");
    meter.record({ ...record(), model, status: 499, stream: true, estimated: true, ttfbMs: null, latencyMs: 1234.5, overheadMs: 0.125, errorType: "client_abort", createdAt: at });
    meter.record({ ...record(), model: "NULL", createdAt: at });
    await meter.flush();
    const rows = await withWorkspace(workspaceId, (tx) => tx.usageEvent.findMany({ where: { createdAt: at }, orderBy: { status: "desc" } }));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ model, status: 499, stream: true, estimated: true, ttfbMs: null, latencyMs: 1234.5, overheadMs: 0.125, errorType: "client_abort", apiKeyId: null });
    expect(rows[0]!.createdAt.toISOString()).toBe(at.toISOString());
    expect(rows[1]).toMatchObject({ model: "NULL", status: 200, errorType: null, ttfbMs: 1 });
  });

  it("keeps each row's own key, provider, model, endpoint, error and time in a mixed batch (large enough to be built over several turns)", async () => {
    const ws = (await makeWorkspace("Meter mixed")).workspace.id;
    const meter = new UsageMeter();
    const keys = [randomUUID(), randomUUID(), null];
    const models = ["mock/echo", "openai/gpt-4o-mini", 'odd,"model"'];
    const errors = ["rate_limit_error", "server_error", "client_abort"];
    const first = Date.parse("2026-11-28T10:00:00.500Z");
    // Out of order on purpose: the first row is not the earliest.
    const offsets = [0, -86_400_000, 1, 3_600_000, -1, 59_999, 7, -250, 86_400_001];
    const row = (i: number): UsageRecord => ({
      ...record(), workspaceId: ws, apiKeyId: keys[i % 3] as string, provider: i % 2 ? "openai" : "mock",
      model: models[(i + 1) % 3]!, endpoint: i % 4 === 0 ? "messages" : "chat.completions", status: 200 + (i % 300),
      errorType: i % 3 === 1 ? errors[((i % 9) / 3) | 0]! : null, ttfbMs: i % 2 ? null : i + 0.5, latencyMs: 10 + i,
      createdAt: new Date(first + offsets[i % 9]! + Math.floor(i / 9)),
    });
    const sent = Array.from({ length: 450 }, (_, i) => row(i));
    for (const r of sent) meter.record(r);
    // Rows recorded while the batch is being built and written go with the next flush.
    const flushing = meter.flush();
    const late = Array.from({ length: 5 }, (_, i) => row(450 + i));
    for (const r of late) meter.record(r);
    await flushing;
    await meter.flush();
    sent.push(...late);
    const got = await withWorkspace(ws, (tx) => tx.usageEvent.findMany());
    type Row = Pick<UsageRecord, "provider" | "model" | "status" | "errorType" | "ttfbMs" | "latencyMs" | "createdAt"> & { apiKeyId: string | null; endpoint: string };
    const pick = (r: Row) =>
      [r.status, r.apiKeyId, r.provider, r.model, r.endpoint, r.errorType, r.ttfbMs, r.latencyMs, r.createdAt.toISOString()];
    expect(got.map(pick).sort()).toEqual(sent.map(pick).sort());
  });

  it("drops (and counts) only the rows Postgres refuses; the rest of the batch lands and the meter carries on", async () => {
    const ws = (await makeWorkspace("Meter refused")).workspace.id;
    const meter = new UsageMeter({ intervalMs: 50, maxBackoffMs: 200 });
    const good = (i: number): UsageRecord => ({ ...record(), workspaceId: ws, status: 200 + i });
    // Each of these breaks one column's rule: the model's 200-character limit, an integer
    // column, a NUL byte (Postgres text cannot hold one), the error type's pattern.
    const refused: UsageRecord[] = [
      { ...good(90), model: `openai/${"m".repeat(200)}` },
      { ...good(91), promptTokens: 1.5 },
      { ...good(92), model: "mock/\u0000" },
      { ...good(93), errorType: "Not An Error Type" },
      { ...good(94), provider: "p".repeat(33) },
      { ...good(95), errorType: "e".repeat(41) },
    ];
    // At the limits: accepted.
    const longest = { ...good(4), provider: "p".repeat(32), errorType: "e".repeat(40) };
    const rows = [good(0), refused[0]!, good(1), good(2), refused[1]!, refused[2]!, good(3), refused[3]!, longest, refused[4]!, refused[5]!];
    for (const r of rows) meter.record(r);
    // Another workspace's rows in the same flush are not held up either.
    for (let i = 0; i < 3; i++) meter.record(record());
    const before = await count();
    await meter.flush();
    expect(meter.stats).toMatchObject({ buffered: 0, failures: 0 });
    const got = await withWorkspace(ws, (tx) => tx.usageEvent.findMany({ select: { status: true } }));
    expect(got.map((r) => r.status).sort()).toEqual([200, 201, 202, 203, 204]);
    expect(await count()).toBe(before + 3);

    meter.record(good(5));
    await meter.flush();
    expect(await withWorkspace(ws, (tx) => tx.usageEvent.count())).toBe(6);
    expect(meter.stats.dropped).toBe(6);
  });

  it("drops (and counts) rows of a workspace that no longer exists instead of retrying forever", async () => {
    const meter = new UsageMeter();
    meter.record({ ...record(), workspaceId: randomUUID() });
    await meter.flush();
    expect(meter.stats.dropped).toBe(1);
    expect(meter.stats.buffered).toBe(0);
  });

  it("deleting a workspace removes its usage rows and no other workspace's", async () => {
    const gone = (await makeWorkspace("Meter gone")).workspace.id;
    const countIn = (ws: string) => withWorkspace(ws, (tx) => tx.usageEvent.count());
    const meter = new UsageMeter();
    meter.record({ ...record(), workspaceId: gone });
    meter.record({ ...record(), workspaceId: gone });
    meter.record(record());
    await meter.flush();
    const kept = await count();
    expect(await countIn(gone)).toBe(2);
    await withWorkspace(gone, (tx) => tx.workspace.delete({ where: { id: gone } }));
    expect(await countIn(gone)).toBe(0);
    expect(await count()).toBe(kept);
  });

  it("turns a steady stream of requests into one insert per interval, not one per database round trip", async () => {
    const ws = (await makeWorkspace("Meter stream")).workspace.id;
    const meter = new UsageMeter({ intervalMs: 200 });
    // About one record a millisecond for a second: rows keep arriving while each insert runs.
    const until = Date.now() + 1_000;
    let recorded = 0;
    while (Date.now() < until) {
      meter.record({ ...record(), workspaceId: ws });
      recorded++;
      await new Promise((r) => setTimeout(r, 1));
    }
    await meter.flush();
    const [written] = await withWorkspace(ws, (tx) =>
      tx.$queryRaw<{ rows: number; inserts: number }[]>`
        SELECT count(*)::int AS rows, count(DISTINCT xmin::text)::int AS inserts FROM usage_events WHERE workspace_id = ${ws}::uuid`,
    );
    expect(written!.rows).toBe(recorded);
    // One transaction per flush: the 200 ms timer over a second, plus the final flush.
    expect(written!.inserts).toBeLessThanOrEqual(8);
  });

  it("gives rows time-ordered ids on Postgres 18 and later, so the primary key grows at its end", async () => {
    const ws = (await makeWorkspace("Meter ids")).workspace.id;
    const meter = new UsageMeter();
    for (let i = 0; i < 300; i++) meter.record({ ...record(), workspaceId: ws, status: 200 + i });
    await meter.flush();
    meter.record({ ...record(), workspaceId: ws, status: 500 });
    await meter.flush();
    const rows = await withWorkspace(ws, (tx) =>
      tx.$queryRaw<{ id: string; status: number; version: number }[]>`
        SELECT id::text, status, current_setting('server_version_num')::int AS version FROM usage_events ORDER BY id`,
    );
    expect(rows).toHaveLength(301);
    if (rows[0]!.version >= 180000) {
      expect(new Set(rows.map((r) => r.id[14]))).toEqual(new Set(["7"]));
      // In id order, the rows come back in the order they were recorded, across two flushes.
      expect(rows.map((r) => r.status)).toEqual([...Array.from({ length: 300 }, (_, i) => 200 + i), 500]);
    } else {
      expect(new Set(rows.map((r) => r.id[14]))).toEqual(new Set(["4"]));
    }
  });
});
