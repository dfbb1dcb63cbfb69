import { beforeAll, describe, expect, it } from "vitest";
import { runWorkspaceAction } from "../../lib/actions/registry";
import { withWorkspace } from "../../lib/db";
import { createApiKey } from "../../lib/keys";
import { getUsageDashboard, getUsageOverview, listRecentUsage, pruneUsage, UsageMeter, type UsageDashboard } from "../../lib/usage";
import { resolveActor, type Actor } from "../../lib/workspaces/context";
import { connect, ownerUrl, superDbUrl } from "../support/db";
import { DAY, denseHistogram, expectedTotals, inRange, insertRows, makeRows, utcDay, type SeedRow } from "../support/usage-seed";
import { principalOf, workspaceFixture, type WorkspaceFixture } from "../support/workspace-fixture";

const now = new Date();
let f: WorkspaceFixture;
let owner: Actor;
let member: Actor;
let keys: { owner: string; member: string; target: string };
let rows: SeedRow[];
let otherRows: SeedRow[];

const close = (got: number | null, want: number | null, rel = 1e-9) => {
  if (want === null) return expect(got).toBeNull();
  expect(got).not.toBeNull();
  expect(Math.abs(got! - want)).toBeLessThanOrEqual(Math.max(Math.abs(want) * rel, 1e-9));
};
/** Histogram percentiles are within one bucket (< 9.1%) of the exact value. */
const withinBucket = (got: number | null, want: number | null) => close(got, want, 0.091);

beforeAll(async () => {
  f = await workspaceFixture("Usage analytics");
  owner = await resolveActor(principalOf(f.owner), f.workspace.slug);
  member = await resolveActor(principalOf(f.member), f.workspace.slug);
  const ownerKey = await createApiKey(owner, { name: "owner's billing service" });
  const memberKey = await createApiKey(member, { name: "member's notebook" });
  keys = { owner: ownerKey.record.id, member: memberKey.record.id, target: f.targetKey.record.id };
  rows = makeRows(600, [keys.owner, keys.member, keys.target, null], now);
  // Two statements: the trigger must add to rollup rows that already exist.
  await insertRows(f.workspace.id, rows.slice(0, 250));
  await insertRows(f.workspace.id, rows.slice(250));
  otherRows = makeRows(80, [null], now, 20, 99).map((r) => ({ ...r, model: "groq/llama-3.1-8b-instant", provider: "groq" }));
  await insertRows(f.other.workspace.id, otherRows);
});

function checkTotals(got: UsageDashboard["current"], want: ReturnType<typeof expectedTotals>) {
  expect(got.requests).toBe(want.requests);
  expect(got.errors).toBe(want.errors);
  expect(got.promptTokens).toBe(want.promptTokens);
  expect(got.completionTokens).toBe(want.completionTokens);
  expect(got.estimatedRequests).toBe(want.estimatedRequests);
  expect(got.unpricedRequests).toBe(want.unpricedRequests);
  close(got.errorRate, want.errorRate);
  close(got.costUsd, want.costUsd, 1e-9);
  withinBucket(got.latencyP50, want.latencyP50);
  withinBucket(got.latencyP95, want.latencyP95);
  withinBucket(got.ttfbP50, want.ttfbP50);
}

describe("usage analytics", () => {
  it("overview totals and percentiles match the rows, for 24 h, 7 d and 30 d and the periods before", async () => {
    const o = await getUsageOverview(owner, now);
    for (const range of ["24h", "7d", "30d"] as const) {
      checkTotals(o.ranges[range].current, expectedTotals(rows.filter(inRange(range, now))));
      checkTotals(o.ranges[range].previous, expectedTotals(rows.filter(inRange(range, now, true))));
    }
    expect(o.setup).toEqual({ hasCredential: true, providers: expect.any(Array), hasApiKey: true, hasRequest: true });
    expect(o.setup.providers.length).toBeGreaterThan(0);
  });

  it("series, breakdowns and filters add up to the rows they cover", async () => {
    for (const filters of [{ range: "7d" as const }, { range: "24h" as const }, { range: "30d" as const, model: "openai/gpt-4o-mini", status: "errors" as const }]) {
      const d = await getUsageDashboard(owner, filters, now);
      const covered = rows
        .filter(inRange(filters.range, now))
        .filter((r) => !("model" in filters) || r.model === filters.model)
        .filter((r) => !("status" in filters) || r.status >= 400);
      checkTotals(d.current, expectedTotals(covered));
      const sum = (k: "requests" | "promptTokens" | "costUsd") => d.series.reduce((a, p) => a + p[k], 0);
      expect(sum("requests")).toBe(covered.length);
      expect(sum("promptTokens")).toBe(expectedTotals(covered).promptTokens);
      close(sum("costUsd"), expectedTotals(covered).costUsd, 1e-9);
      expect(d.series).toHaveLength(filters.range === "24h" ? 25 : filters.range === "7d" ? 7 : 30);
      for (const p of d.series) {
        const inBucket = covered.filter((r) => r.createdAt.getTime() - p.t >= 0 && r.createdAt.getTime() - p.t < (d.bucket === "hour" ? 3_600_000 : DAY));
        expect([p.requests, p.errors4xx, p.errors5xx]).toEqual([
          inBucket.length,
          inBucket.filter((r) => r.status >= 400 && r.status < 500).length,
          inBucket.filter((r) => r.status >= 500).length,
        ]);
        withinBucket(p.latencyP95, expectedTotals(inBucket).latencyP95);
      }
      for (const b of d.byModel) expect(b.requests).toBe(covered.filter((r) => r.model === b.key).length);
      for (const b of d.byProvider) expect(b.requests).toBe(covered.filter((r) => r.provider === b.key).length);
      expect(d.byKey.find((b) => b.key === keys.owner)?.requests ?? 0).toBe(covered.filter((r) => r.apiKeyId === keys.owner).length);
      expect(d.byKey.find((b) => b.key === keys.owner)?.label ?? "owner's billing service").toBe("owner's billing service");
    }
  });

  it("daily rollups equal the aggregation of the raw rows, histograms included", async () => {
    const rollups = await withWorkspace(f.workspace.id, (tx) => tx.usageDaily.findMany());
    const groups = new Map<string, SeedRow[]>();
    for (const r of rows) {
      const k = [new Date(utcDay(r.createdAt)).toISOString().slice(0, 10), r.model, r.apiKeyId ?? "-", `${Math.floor(r.status / 100)}xx`].join("|");
      groups.set(k, [...(groups.get(k) ?? []), r]);
    }
    expect(rollups).toHaveLength(groups.size);
    for (const u of rollups) {
      const g = groups.get([u.day.toISOString().slice(0, 10), u.model, u.apiKeyId ?? "-", u.statusClass].join("|"))!;
      expect(g).toBeDefined();
      const t = expectedTotals(g);
      expect([u.requests, u.errors, u.promptTokens, u.completionTokens, u.estimatedRequests].map(Number)).toEqual([
        t.requests, t.errors, t.promptTokens, t.completionTokens, t.estimatedRequests,
      ]);
      close(u.latencyMsSum, g.reduce((a, r) => a + Math.fround(r.latencyMs), 0), 1e-9);
      expect(u.latencyHist).toEqual(denseHistogram(g.map((r) => Math.fround(r.latencyMs))));
      expect(u.ttfbHist).toEqual(denseHistogram(g.flatMap((r) => (r.ttfbMs === null ? [] : [Math.fround(r.ttfbMs)]))));
      expect(Number(u.ttfbCount)).toBe(g.filter((r) => r.ttfbMs !== null).length);
    }
    const perDay = await withWorkspace(f.workspace.id, (tx) => tx.usageDailyLatency.findMany());
    expect(perDay).toHaveLength(new Set(rows.map((r) => utcDay(r.createdAt))).size);
    for (const d of perDay) {
      const g = rows.filter((r) => utcDay(r.createdAt) === d.day.getTime());
      expect(d.latencyHist).toEqual(denseHistogram(g.map((r) => Math.fround(r.latencyMs))));
      expect(d.ttfbHist).toEqual(denseHistogram(g.flatMap((r) => (r.ttfbMs === null ? [] : [Math.fround(r.ttfbMs)]))));
    }
  });

  it("the migration's backfill builds the same rollups from rows metered before it existed", async () => {
    const g = await workspaceFixture("Usage backfill");
    const old = makeRows(150, [g.targetKey.record.id, null], now, 20, 3);
    const su = await connect(superDbUrl());
    await su.query("BEGIN");
    await su.query("SET LOCAL session_replication_role = replica"); // no trigger: as if metered before the migration
    const col = <K extends keyof SeedRow>(k: K) => old.map((r) => r[k]);
    await su.query(
      `INSERT INTO usage_events (workspace_id, api_key_id, provider, model, endpoint, status, stream, prompt_tokens, completion_tokens,
                                 total_tokens, estimated, ttfb_ms, latency_ms, overhead_ms, created_at)
       SELECT $1, u.key, u.provider, u.model, 'chat.completions', u.status, u.stream, u.p, u.c, u.p + u.c, u.est, u.ttfb, u.lat, 0.5, u.at
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::int[], $6::boolean[], $7::int[], $8::int[], $9::boolean[], $10::real[], $11::real[], $12::timestamptz[])
           AS u(key, provider, model, status, stream, p, c, est, ttfb, lat, at)`,
      [g.workspace.id, col("apiKeyId"), col("provider"), col("model"), col("status"), col("stream"), col("promptTokens"), col("completionTokens"), col("estimated"), col("ttfbMs"), col("latencyMs"), col("createdAt")],
    );
    await su.query("COMMIT");
    await su.end();
    expect(await withWorkspace(g.workspace.id, (tx) => tx.usageDaily.count())).toBe(0);

    const owner = await connect(ownerUrl());
    await owner.query("BEGIN");
    await owner.query("SELECT set_config('app.workspace_id', $1, true)", [g.workspace.id]);
    for (const fn of ["usage_daily_sql", "usage_daily_latency_sql"]) {
      const { rows: q } = await owner.query(`SELECT ${fn}(format('(SELECT * FROM usage_events WHERE workspace_id = %L)', $1::uuid)) AS sql`, [g.workspace.id]);
      await owner.query(q[0].sql);
    }
    await owner.query("COMMIT");
    await owner.end();

    const actor = await resolveActor(principalOf(g.owner), g.workspace.slug);
    checkTotals((await getUsageDashboard(actor, { range: "30d" }, now)).current, expectedTotals(old.filter(inRange("30d", now))));
    const perDay = await withWorkspace(g.workspace.id, (tx) => tx.usageDailyLatency.findMany());
    for (const d of perDay) {
      const same = old.filter((r) => utcDay(r.createdAt) === d.day.getTime());
      expect(d.latencyHist).toEqual(denseHistogram(same.map((r) => Math.fround(r.latencyMs))));
    }
  });

  it("the meter's batches reach the rollups, and the runtime role cannot write rollups itself", async () => {
    const g = await workspaceFixture("Usage meter rollup");
    const meter = new UsageMeter({ intervalMs: 10_000 });
    const base = { workspaceId: g.workspace.id, apiKeyId: g.targetKey.record.id, provider: "mock", model: "mock/echo", endpoint: "chat.completions" as const };
    for (let i = 0; i < 5; i++) {
      const stream = i % 2 === 0;
      meter.record({ ...base, status: 200, stream, promptTokens: 10 + i, completionTokens: stream ? 0 : 3, totalTokens: 0, estimated: stream, ttfbMs: stream ? 4 : null, latencyMs: 20 + i, overheadMs: 1, errorType: null, createdAt: new Date() });
    }
    await meter.stop();
    const [r] = await withWorkspace(g.workspace.id, (tx) => tx.usageDaily.findMany());
    expect([r!.requests, r!.promptTokens, r!.estimatedRequests, r!.ttfbCount].map(Number)).toEqual([5, 60, 3, 3]);
    await expect(withWorkspace(g.workspace.id, (tx) => tx.$executeRaw`UPDATE usage_daily SET requests = 0`)).rejects.toThrow(/permission denied/);
    await expect(withWorkspace(g.workspace.id, (tx) => tx.$executeRaw`DELETE FROM usage_daily`)).rejects.toThrow(/permission denied/);
  });

  it("Members see the workspace's totals, their own keys by name and other people's keys unnamed", async () => {
    const asOwner = await getUsageDashboard(owner, { range: "30d" }, now);
    const asMember = await getUsageDashboard(member, { range: "30d" }, now);
    expect(asMember.current).toEqual(asOwner.current);
    expect(asMember.byKey.map((k) => k.label).sort()).toEqual(["Other keys", "member's notebook", "No key"].sort());
    const other = asMember.byKey.find((k) => k.label === "Other keys")!;
    expect(other.requests).toBe(rows.filter(inRange("30d", now)).filter((r) => r.apiKeyId === keys.owner || r.apiKeyId === keys.target).length);
    const recent = await listRecentUsage(member, { range: "30d", limit: 500 }, now);
    const text = JSON.stringify({ asMember, recent });
    expect(text).not.toContain("owner's billing service");
    expect(text).not.toContain("target's key");
    expect(text).not.toContain(keys.owner);
    const filtered = await runWorkspaceAction("usage.dashboard", principalOf(f.member), f.workspace.slug, { range: "7d", apiKeyId: keys.owner });
    expect(filtered.ok ? "ok" : filtered.error.code).toBe("NOT_FOUND");
  });

  it("never mixes in another workspace's rows", async () => {
    const d = await getUsageDashboard(owner, { range: "30d" }, now);
    expect(d.byModel.map((m) => m.key)).not.toContain("groq/llama-3.1-8b-instant");
    const b = await getUsageDashboard(await resolveActor(principalOf(f.other.owner), f.other.workspace.slug), { range: "30d" }, now);
    expect(b.current.requests).toBe(otherRows.filter(inRange("30d", now)).length);
    expect(b.byModel.map((m) => m.key)).toEqual(["groq/llama-3.1-8b-instant"]);
    const leak = await withWorkspace(f.workspace.id, (tx) => tx.usageDaily.count({ where: { workspaceId: f.other.workspace.id } }));
    expect(leak).toBe(0);
    const asOtherOwner = await runWorkspaceAction("usage.export", principalOf(f.other.owner), f.workspace.slug, { range: "30d" });
    expect(asOtherOwner.ok ? "ok" : asOtherOwner.error.code).toBe("NOT_FOUND");
  });

  it("the recent table pages through the raw rows newest first", async () => {
    const want = rows.filter(inRange("7d", now)).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await listRecentUsage(owner, { range: "7d", cursor, limit: 40 }, now);
      seen.push(...page.rows.map((r) => r.createdAt.getTime()));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(want.map((r) => r.createdAt.getTime()));
  });

  it("the recent table's status filters return exactly the matching rows, newest first", async () => {
    const classes = { "2xx": [200], "4xx": [400], "5xx": [500], errors: [400, 500] } as const;
    for (const [status, from] of Object.entries(classes) as [keyof typeof classes, readonly number[]][]) {
      const want = rows
        .filter(inRange("30d", now))
        .filter((r) => from.some((lo) => r.status >= lo && r.status < lo + 100))
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
      expect(want.length, status).toBeGreaterThan(0);
      const page = await listRecentUsage(owner, { range: "30d", status, limit: 5000 }, now);
      expect(page.rows.map((r) => [r.createdAt.getTime(), r.status]), status).toEqual(want.map((r) => [r.createdAt.getTime(), r.status]));
    }
  });

  it("retention deletes old raw rows and keeps the rollups", async () => {
    const before = await getUsageOverview(owner, now);
    const rollupsBefore = await withWorkspace(f.workspace.id, (tx) => tx.usageDaily.count());
    const report = await pruneUsage({ days: 10, now, workspaceIds: [f.workspace.id] });
    const cutoff = now.getTime() - 10 * DAY;
    expect(report.deleted).toBe(rows.filter((r) => r.createdAt.getTime() < cutoff).length);
    const left = await withWorkspace(f.workspace.id, (tx) => tx.usageEvent.count({ where: { createdAt: { lt: new Date(cutoff) } } }));
    expect(left).toBe(0);
    expect(await withWorkspace(f.workspace.id, (tx) => tx.usageDaily.count())).toBe(rollupsBefore);
    const after = await getUsageOverview(owner, now);
    expect(after.ranges["30d"]).toEqual(before.ranges["30d"]);
    const su = await connect(superDbUrl());
    const other = await su.query("SELECT count(*)::int AS n FROM usage_events WHERE workspace_id = $1", [f.other.workspace.id]);
    await su.end();
    expect(other.rows[0].n).toBe(otherRows.length);
  });
});
