import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, withWorkspace } from "../../lib/db";
import { PrismaClient } from "../../lib/db/generated/client.ts";
import { publishRuntimeEnv } from "../../lib/env";
import type { UsageRecord } from "../../lib/proxy/types";
import {
  buildPublicStatus,
  checkDatabase,
  clearPublicStatusCache,
  currentComponentStates,
  ensureStatusComponents,
  healthResponse,
  providerComponentKey,
  ProviderSignal,
  pruneStatus,
  type PublicStatus,
  sampleStatus,
  slotStart,
  startStatusMonitor,
} from "../../lib/status/public";
import { GET as healthGET } from "../../app/api/health/route";
import { GET as statusJsonGET } from "../../app/status.json/route";
import { appUrl } from "../support/db";
import { makeWorkspace } from "../support/fixtures";

/**
 * The status page's data against the real database: provider signal → provider_health →
 * component state; the monitor's one sample per slot; the public snapshot and what it
 * must never contain; the health endpoint with a working and an unreachable database.
 * Other test files may write status rows at the same time: this file works on its own
 * components and incidents and looks them up by id.
 */
const tag = randomBytes(3).toString("hex");
const created: string[] = [];

async function component(kind: "console" | "api" | "provider", suffix: string, provider?: string) {
  const c = await db().statusComponent.create({
    data: {
      key: provider ? providerComponentKey(provider) : `st-${tag}-${suffix}`,
      name: `Test ${suffix} ${tag}`,
      kind,
      provider: provider ?? null,
      position: 900,
    },
  });
  created.push(c.id);
  return c;
}

const usage = (provider: string, status: number, errorType: string | null = null, createdAt = new Date()): UsageRecord => ({
  workspaceId: "00000000-0000-0000-0000-000000000000",
  apiKeyId: "00000000-0000-0000-0000-000000000000",
  provider,
  model: `${provider}/m`,
  endpoint: "chat.completions",
  status,
  stream: false,
  promptTokens: 1,
  completionTokens: 1,
  totalTokens: 2,
  estimated: false,
  ttfbMs: 1,
  latencyMs: 2,
  overheadMs: 0.1,
  errorType,
  createdAt,
});

const stateOf = async (id: string, now = new Date()) => (await currentComponentStates({ now })).find((c) => c.id === id)!.state;

afterAll(async () => {
  await db().statusComponent.deleteMany({ where: { id: { in: created } } });
});

describe("provider signal", () => {
  it("sums outcomes per provider and minute across instances, and degrades a provider only with enough failures", async () => {
    const provider = `st-${tag}`;
    const c = await component("provider", "provider", provider);
    const a = new ProviderSignal({ intervalMs: 60_000 });
    const b = new ProviderSignal({ intervalMs: 60_000 });

    // 100 good answers, 2 provider failures, and outcomes that are the tenant's or never reached the provider.
    for (let i = 0; i < 100; i++) a.record(usage(provider, 200));
    a.record(usage(provider, 502, "upstream_unreachable"));
    a.record(usage(provider, 504, "upstream_timeout"));
    for (const [s, e] of [[401, "upstream_authentication"], [429, "rate_limit_exceeded"], [404, "model_not_found"]] as const) {
      a.record(usage(provider, s, e));
    }
    a.record(usage(provider, 499, "client_closed"));
    a.record(usage(provider, 400, "provider_not_configured"));
    await a.flush();

    const rows = await db().providerHealth.findMany({ where: { provider } });
    expect(rows.reduce((n, r) => n + r.requests, 0)).toBe(105);
    expect(rows.reduce((n, r) => n + r.upstreamErrors, 0)).toBe(2);
    expect(await stateOf(c.id)).toBe("operational");

    // A second instance adds its failures to the same rows: 9 of 112 is 8 % → degraded.
    for (let i = 0; i < 6; i++) b.record(usage(provider, 503, "upstream_error"));
    b.record(usage(provider, 502, "idle_timeout"));
    await b.stop();
    const after = await db().providerHealth.findMany({ where: { provider } });
    expect(after.reduce((n, r) => n + r.upstreamErrors, 0)).toBe(9);
    expect(await stateOf(c.id)).toBe("degraded_performance");

    // Outcomes older than the 10-minute window no longer count.
    expect(await stateOf(c.id, new Date(Date.now() + 11 * 60_000))).toBe("operational");
  });

  it("never throws on the request path, even for a provider id the table would refuse", () => {
    const s = new ProviderSignal({ intervalMs: 60_000 });
    expect(() => s.record(usage("Not A Valid Id!", 500))).not.toThrow();
    expect(() => s.record({ ...usage("openai", 500), createdAt: null as unknown as Date })).not.toThrow();
    expect(s.stats.recorded).toBe(0);
  });
});

describe("status components", () => {
  it("ensureStatusComponents creates one component per provider, once, even when run concurrently", async () => {
    await Promise.all([ensureStatusComponents(), ensureStatusComponents()]);
    await ensureStatusComponents();
    const rows = await db().statusComponent.findMany({ where: { kind: "provider", key: { in: ["provider:openai", "provider:anthropic", "provider:mock"] } } });
    expect(rows.map((r) => r.key).sort()).toEqual(["provider:anthropic", "provider:mock", "provider:openai"]);
    const openai = rows.find((r) => r.key === "provider:openai")!;
    expect(openai).toMatchObject({ name: "OpenAI", provider: "openai" });
    expect(openai.position).toBeGreaterThan(1);
  });
});

describe("status monitor", () => {
  it("writes one sample per component per slot, even when two instances sample at once", async () => {
    await component("console", "monitor");
    const now = new Date("2021-03-04T05:07:30Z");
    const [x, y] = await Promise.all([sampleStatus(now), sampleStatus(now)]);
    const again = await sampleStatus(new Date("2021-03-04T05:09:59Z"));
    expect(again.written).toBe(0);
    const rows = await db().statusSample.groupBy({ by: ["componentId"], where: { slot: new Date("2021-03-04T05:05:00Z") }, _count: true });
    expect(x.written + y.written).toBe(rows.length);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.every((r) => r._count === 1)).toBe(true);
    expect(rows.map((r) => r.componentId)).toContain(created.at(-1));
    await db().statusSample.deleteMany({ where: { slot: new Date("2021-03-04T05:05:00Z") } });
  });

  it("writes no sample for a provider nobody used (no data, not 100 %), and samples it once requests flow", async () => {
    const provider = `st-${tag}-quiet`;
    const c = await component("provider", "quiet", provider);
    const at = new Date("2021-03-04T08:02:00Z");
    const slot = slotStart(at);
    expect((await currentComponentStates({ now: at })).find((x) => x.id === c.id)).toMatchObject({ state: "operational", hasData: false });
    await sampleStatus(at);
    expect(await db().statusSample.findUnique({ where: { componentId_slot: { componentId: c.id, slot } } })).toBeNull();

    // An operator's word is data too: an override is sampled with no traffic at all.
    await db().statusComponent.update({ where: { id: c.id }, data: { overrideState: "partial_outage" } });
    await sampleStatus(at);
    expect((await db().statusSample.findUnique({ where: { componentId_slot: { componentId: c.id, slot } } }))?.state).toBe("partial_outage");
    await db().statusComponent.update({ where: { id: c.id }, data: { overrideState: null } });

    // One request through the gateway in the window, and the next slot has a sample.
    const later = new Date("2021-03-04T08:07:00Z");
    const signal = new ProviderSignal({ intervalMs: 60_000 });
    signal.record(usage(provider, 200, null, new Date("2021-03-04T08:06:00Z")));
    await signal.stop();
    expect((await currentComponentStates({ now: later })).find((x) => x.id === c.id)).toMatchObject({ hasData: true });
    await sampleStatus(later);
    expect((await db().statusSample.findUnique({ where: { componentId_slot: { componentId: c.id, slot: slotStart(later) } } }))?.state).toBe(
      "operational",
    );
    await db().statusSample.deleteMany({ where: { slot: { in: [slot, slotStart(later)] } } });
    await db().providerHealth.deleteMany({ where: { provider } });
  });

  it("marks the console down when it fails its own health check, and only the console", async () => {
    const consoleId = (await component("console", "probe")).id;
    const apiId = (await component("api", "api-probe")).id;
    const slot = new Date("2021-03-04T06:05:00Z");
    await sampleStatus(new Date("2021-03-04T06:06:00Z"), { consoleOk: false });
    const rows = await db().statusSample.findMany({ where: { slot, componentId: { in: [consoleId, apiId] } } });
    expect(Object.fromEntries(rows.map((r) => [r.componentId, r.state]))).toEqual({ [consoleId]: "major_outage", [apiId]: "operational" });
    await db().statusSample.deleteMany({ where: { slot } });
  });

  it("asks the console probe on every run", async () => {
    const consoleId = (await component("console", "timer-probe")).id;
    const at = new Date("2021-03-04T07:01:00Z");
    let probes = 0;
    await new Promise<void>((resolve) => {
      const m = startStatusMonitor({
        firstRunMs: 0,
        intervalMs: 20,
        now: () => at,
        consoleHealthy: async () => (++probes, false),
        onRun: () => {
          if (probes >= 2) void m.stop().then(resolve);
        },
      });
    });
    expect(probes).toBeGreaterThanOrEqual(2);
    const sample = await db().statusSample.findUnique({ where: { componentId_slot: { componentId: consoleId, slot: new Date("2021-03-04T07:00:00Z") } } });
    expect(sample?.state).toBe("major_outage");
    await db().statusSample.deleteMany({ where: { slot: new Date("2021-03-04T07:00:00Z") } });
  });

  it("runs on its timer, samples the current slot, and stays off when switched off", async () => {
    const runs: unknown[] = [];
    const done = new Promise<void>((resolve) => {
      const m = startStatusMonitor({
        firstRunMs: 0,
        intervalMs: 20,
        onRun: (r) => {
          runs.push(r);
          if (runs.length === 2) void m.stop().then(resolve);
        },
      });
    });
    await done;
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatchObject({ slot: slotStart(new Date()) });
    const slot = (runs[0] as { slot: Date }).slot;
    const dupes = await db().statusSample.groupBy({ by: ["componentId"], where: { slot }, _count: true, having: { componentId: { _count: { gt: 1 } } } });
    expect(dupes).toEqual([]);

    publishRuntimeEnv({ AURIKO_STATUS_MONITOR: "off" });
    try {
      let called = false;
      const off = startStatusMonitor({ firstRunMs: 0, intervalMs: 10, onRun: () => (called = true) });
      await new Promise((r) => setTimeout(r, 100));
      await off.stop();
      expect(called).toBe(false);
    } finally {
      publishRuntimeEnv({ AURIKO_STATUS_MONITOR: "on" });
    }
  });

  it("prunes samples older than 95 days and provider health older than 2 days", async () => {
    const c = await component("console", "prune");
    const now = new Date();
    const old = slotStart(new Date(now.getTime() - 96 * 86_400_000));
    const kept = slotStart(new Date(now.getTime() - 94 * 86_400_000));
    await db().statusSample.createMany({ data: [old, kept].map((slot) => ({ componentId: c.id, slot, state: "operational" })) });
    const provider = `st-${tag}-p`;
    const minute = (ms: number) => new Date(Math.floor((now.getTime() - ms) / 60_000) * 60_000);
    await db().providerHealth.createMany({
      data: [
        { provider, minute: minute(3 * 86_400_000), requests: 1, upstreamErrors: 0 },
        { provider, minute: minute(60_000), requests: 1, upstreamErrors: 0 },
      ],
    });
    await pruneStatus(now);
    expect((await db().statusSample.findMany({ where: { componentId: c.id } })).map((s) => s.slot)).toEqual([kept]);
    expect(await db().providerHealth.count({ where: { provider } })).toBe(1);
  });
});

describe("public status", () => {
  let snapshot: PublicStatus;
  const ids: Record<string, string> = {};
  const secret = { scope: `scope-${tag}-do-not-publish`, impact: `impact-${tag}-do-not-publish`, remediation: `fix-${tag}-do-not-publish` };
  let workspace: { id: string; name: string; slug: string };

  beforeAll(async () => {
    const now = new Date();
    const hour = 3_600_000;
    const incidentC = await component("console", "incident");
    const privateC = await component("console", "private");
    const maintC = await component("console", "maintenance");
    const uptimeC = await component("console", "uptime");
    Object.assign(ids, { incidentC: incidentC.id, privateC: privateC.id, maintC: maintC.id, uptimeC: uptimeC.id });

    const active = await db().statusIncident.create({
      data: {
        title: `Elevated errors ${tag}`,
        status: "identified",
        impact: "major",
        startedAt: new Date(now.getTime() - hour),
        components: { create: [{ componentId: incidentC.id, state: "partial_outage" }] },
        updates: {
          create: [
            { status: "investigating", body: `We are looking into it ${tag}`, createdAt: new Date(now.getTime() - hour) },
            { status: "identified", body: `Cause found ${tag}`, createdAt: new Date(now.getTime() - hour / 2) },
          ],
        },
      },
    });
    ids.active = active.id;
    const resolved = await db().statusIncident.create({
      data: {
        title: `Resolved last week ${tag}`,
        status: "resolved",
        impact: "minor",
        startedAt: new Date(now.getTime() - 7 * 24 * hour),
        resolvedAt: new Date(now.getTime() - 7 * 24 * hour + hour),
        updates: {
          create: [
            { status: "investigating", body: `Looking ${tag}`, createdAt: new Date(now.getTime() - 7 * 24 * hour) },
            { status: "resolved", body: `Fixed ${tag}`, createdAt: new Date(now.getTime() - 7 * 24 * hour + hour) },
          ],
        },
      },
    });
    ids.resolved = resolved.id;
    const ancient = await db().statusIncident.create({
      data: {
        title: `Long ago ${tag}`,
        status: "resolved",
        impact: "minor",
        startedAt: new Date(now.getTime() - 100 * 24 * hour),
        resolvedAt: new Date(now.getTime() - 100 * 24 * hour + hour),
      },
    });
    ids.ancient = ancient.id;

    // A confirmed security incident, private, naming an affected workspace, with notice text.
    const ws = await makeWorkspace(`Status victim ${tag}`);
    workspace = ws.workspace;
    const confirmedAt = new Date(now.getTime() - hour);
    const privateIncident = await db().statusIncident.create({
      data: {
        title: `Private security ${tag}`,
        status: "investigating",
        impact: "critical",
        isPublic: false,
        isSecurity: true,
        confirmedAt,
        notifyDeadline: new Date(confirmedAt.getTime() + 72 * hour),
        affectedWorkspaceIds: [workspace.id],
        noticeScope: secret.scope,
        noticeImpact: secret.impact,
        noticeRemediation: secret.remediation,
        components: { create: [{ componentId: privateC.id, state: "major_outage" }] },
        updates: { create: [{ status: "investigating", body: `private update ${tag}` }] },
      },
    });
    ids.private = privateIncident.id;
    // A public security incident: its title and updates are public, its notice text is not.
    const publicSecurity = await db().statusIncident.create({
      data: {
        title: `Public security ${tag}`,
        status: "monitoring",
        impact: "minor",
        isSecurity: true,
        confirmedAt,
        notifyDeadline: new Date(confirmedAt.getTime() + 72 * hour),
        affectedWorkspaceIds: [workspace.id],
        noticeScope: `${secret.scope}-2`,
        noticeImpact: `${secret.impact}-2`,
        noticeRemediation: `${secret.remediation}-2`,
        updates: { create: [{ status: "monitoring", body: `A fix is deployed ${tag}` }] },
      },
    });
    ids.publicSecurity = publicSecurity.id;
    await withWorkspace(workspace.id, (tx) =>
      tx.securityNotice.create({
        data: { workspaceId: workspace.id, incidentId: privateIncident.id, title: `Notice ${tag}`, ...secret },
      }),
    );

    const m = await db().statusMaintenance.create({
      data: {
        title: `Database upgrade ${tag}`,
        description: "Short interruptions are possible.",
        startsAt: new Date(now.getTime() - hour),
        endsAt: new Date(now.getTime() + hour),
        components: { create: [{ componentId: maintC.id }] },
      },
    });
    ids.maintNow = m.id;
    const next = await db().statusMaintenance.create({
      data: { title: `Planned ${tag}`, startsAt: new Date(now.getTime() + 24 * hour), endsAt: new Date(now.getTime() + 25 * hour) },
    });
    ids.maintNext = next.id;
    const cancelled = await db().statusMaintenance.create({
      data: {
        title: `Cancelled ${tag}`,
        startsAt: new Date(now.getTime() + 24 * hour),
        endsAt: new Date(now.getTime() + 25 * hour),
        cancelledAt: now,
      },
    });
    ids.maintCancelled = cancelled.id;

    // Yesterday: a full day of samples, one hour (12 slots) of major outage → 95.833 %.
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const yesterday = today - 86_400_000;
    await db().statusSample.createMany({
      data: Array.from({ length: 288 }, (_, i) => ({
        componentId: uptimeC.id,
        slot: new Date(yesterday + i * 300_000),
        state: i < 12 ? "major_outage" : "operational",
      })),
    });

    clearPublicStatusCache();
    snapshot = await buildPublicStatus();
  });

  afterAll(async () => {
    await db().statusIncident.deleteMany({ where: { id: { in: [ids.active, ids.resolved, ids.ancient, ids.private, ids.publicSecurity].filter(Boolean) as string[] } } });
    await db().statusMaintenance.deleteMany({ where: { id: { in: [ids.maintNow, ids.maintNext, ids.maintCancelled].filter(Boolean) as string[] } } });
  });

  const comp = (id: string) => snapshot.components.find((c) => c.name === `Test ${id} ${tag}`);

  it("shows components with their current state, uptime and 90 daily bars", () => {
    expect(snapshot.status.indicator).toBeTruthy();
    expect(snapshot.components.map((c) => c.key)).toEqual(expect.arrayContaining(["console", "api", "provider:openai"]));
    expect(comp("incident")).toMatchObject({ state: "partial_outage", state_label: "Partial outage" });
    expect(comp("maintenance")).toMatchObject({ state: "under_maintenance" });
    const up = comp("uptime")!;
    expect(up.daily).toHaveLength(90);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(up.daily.at(-2)).toEqual({ date: yesterday, uptime: 95.833, state: "major_outage" });
    expect(up.daily[0]).toEqual({ date: expect.any(String), uptime: null, state: null });
    expect(up.uptime["90d"]).toBe(95.833);
    // A private incident still sets the state of the component it affects.
    expect(comp("private")).toMatchObject({ state: "major_outage" });
    // The test's own provider has no registry entry: not shown.
    expect(snapshot.components.some((c) => c.key === `provider:st-${tag}`)).toBe(false);
  });

  it("lists the active incident with its updates newest first, and resolved ones in the history", () => {
    const active = snapshot.active_incidents.find((i) => i.id === ids.active)!;
    expect(active).toMatchObject({ title: `Elevated errors ${tag}`, status: "identified", impact: "major", resolved_at: null });
    expect(active.updates.map((u) => u.status)).toEqual(["identified", "investigating"]);
    expect(active.updates.map((u) => u.body)).toEqual([`Cause found ${tag}`, `We are looking into it ${tag}`]);
    expect(active.components).toEqual([{ key: `st-${tag}-incident`, name: `Test incident ${tag}`, state: "partial_outage" }]);

    const history = snapshot.incident_history.map((i) => i.id);
    expect(history).toContain(ids.resolved);
    expect(history).not.toContain(ids.active);
    expect(history).not.toContain(ids.ancient);
    expect(snapshot.incident_history.find((i) => i.id === ids.resolved)!.updates.map((u) => u.status)).toEqual(["resolved", "investigating"]);
  });

  it("lists active and upcoming maintenance but not cancelled windows", () => {
    expect(snapshot.active_maintenance.map((m) => m.id)).toContain(ids.maintNow);
    expect(snapshot.upcoming_maintenance.map((m) => m.id)).toContain(ids.maintNext);
    const all = [...snapshot.active_maintenance, ...snapshot.upcoming_maintenance].map((m) => m.id);
    expect(all).not.toContain(ids.maintCancelled);
    expect(snapshot.active_maintenance.find((m) => m.id === ids.maintNow)!.components).toEqual([
      { key: `st-${tag}-maintenance`, name: `Test maintenance ${tag}` },
    ]);
  });

  it("attack: private incidents, security-notice text and workspace data never reach the public JSON", async () => {
    clearPublicStatusCache();
    const res = await statusJsonGET();
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=30, s-maxage=30");
    const text = await res.text();
    const body = JSON.parse(text) as PublicStatus;
    expect(body.active_incidents.map((i) => i.id)).toContain(ids.publicSecurity);
    for (const leak of [
      ids.private,
      `Private security ${tag}`,
      `private update ${tag}`,
      secret.scope,
      secret.impact,
      secret.remediation,
      `Notice ${tag}`,
      workspace.id,
      workspace.name,
      workspace.slug,
    ]) {
      expect(text, `public JSON contains ${leak}`).not.toContain(leak);
    }
    const keys = new Set<string>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object") {
        for (const [k, x] of Object.entries(v)) {
          keys.add(k);
          walk(x);
        }
      }
    };
    walk(body);
    for (const k of keys) expect(k).not.toMatch(/notice|affected|workspace|public|security|deadline|confirmed|created_by|override|hidden/i);
  });
});

describe("health endpoint", () => {
  it("answers 200 with the database check when the database is up, never cached", async () => {
    const res = await healthGET();
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await res.json();
    // Other tests' provider keys, sealed under this run's master key, or none yet.
    expect(body).toEqual({ status: "ok", checks: { database: "ok", vault: expect.stringMatching(/^(ok|no_credentials)$/) }, time: expect.any(String) });
    expect(Object.keys(body).sort()).toEqual(["checks", "status", "time"]);
  });

  it("answers 503 when the master key is known to open none of the stored provider keys", async () => {
    const res = await healthResponse({ ping: async () => 1, vault: async () => "master_key_opens_nothing" });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "unavailable", checks: { database: "ok", vault: "master_key_opens_nothing" }, time: expect.any(String) });
  });

  it("answers 503 when the database is unreachable (a closed port)", async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const url = new URL(appUrl());
    url.port = String(port);
    const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url.toString(), connectionTimeoutMillis: 1_000 }) });
    try {
      const res = await healthResponse({ ping: () => client.$queryRaw`SELECT 1`, vault: async () => "unchecked" });
      expect(res.status).toBe(503);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(await res.json()).toEqual({ status: "unavailable", checks: { database: "unavailable", vault: "unchecked" }, time: expect.any(String) });
    } finally {
      await client.$disconnect().catch(() => {});
    }
  });

  it("gives up on a database that accepts connections but never answers", async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const url = new URL(appUrl());
    url.port = String((silent.address() as AddressInfo).port);
    const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url.toString() }) });
    try {
      const started = Date.now();
      expect(await checkDatabase(() => client.$queryRaw`SELECT 1`, 300)).toBe(false);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
      await client.$disconnect().catch(() => {});
    }
  });
});
