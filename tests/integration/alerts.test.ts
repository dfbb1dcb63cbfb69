import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runWorkspaceAction } from "../../lib/actions/registry";
import { withWorkspace } from "../../lib/db";
import { publishRuntimeEnv } from "../../lib/env";
import {
  ALERT_EMAIL_KIND,
  ERROR_RATE_MIN_REQUESTS,
  deliverDue,
  evaluateWorkspace,
  notifyBudgetThreshold,
  verifySignature,
} from "../../lib/alerts";
import { checkWebhookUrl, guardedLookup, isInternalAddress } from "../../lib/alerts/target";
import { makeUser, makeWorkspace } from "../support/fixtures";
import { principalOf } from "../support/workspace-fixture";
import { Role } from "../../lib/db";

/**
 * Alerts end to end against the real database and a local receiver that checks the
 * signature the way docs/api.md tells integrators to. The receiver is on 127.0.0.1, so
 * these tests turn on the operator's private-target allowance, except where they prove
 * the refusal.
 */
type Received = { headers: IncomingHttpHeaders; body: string; verified: boolean };

let server: Server;
let base = "";
const received: Received[] = [];
/** The secret the receiver verifies with, per path (one webhook per test workspace). */
const secrets = new Map<string, string>();

beforeAll(async () => {
  publishRuntimeEnv({ AURIKO_ALERTS_ALLOW_PRIVATE_TARGETS: "true" });
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const secret = secrets.get(req.url ?? "") ?? "";
      const verified = verifySignature(
        secret,
        { signature: req.headers["x-auriko-signature"] as string | undefined, timestamp: req.headers["x-auriko-timestamp"] as string | undefined },
        body,
      );
      received.push({ headers: req.headers, body, verified });
      res.writeHead(req.url?.endsWith("/down") ? 503 : verified ? 204 : 401).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  publishRuntimeEnv({ AURIKO_ALERTS_ALLOW_PRIVATE_TARGETS: "false" });
  await new Promise<void>((r) => server.close(() => r()));
});

beforeEach(() => {
  publishRuntimeEnv({ AURIKO_ALERTS_ALLOW_PRIVATE_TARGETS: "true" });
  received.length = 0;
});

async function team(name: string) {
  const { workspace, owner } = await makeWorkspace(name);
  const admin = await makeUser(`${name}-admin`);
  const member = await makeUser(`${name}-member`);
  await withWorkspace(workspace.id, async (tx) => {
    await tx.membership.create({ data: { workspaceId: workspace.id, userId: admin.id, role: Role.ADMIN } });
    await tx.membership.create({ data: { workspaceId: workspace.id, userId: member.id, role: Role.MEMBER } });
  });
  return { workspace, owner, admin, member };
}

/** Adds a webhook through the action registry as the Admin; the receiver learns its secret. */
async function addWebhook(t: Awaited<ReturnType<typeof team>>, path = `/${t.workspace.slug}`) {
  const r = await runWorkspaceAction("alerts.addWebhook", principalOf(t.admin), t.workspace.slug, { name: "Receiver", url: `${base}${path}` });
  if (!r.ok) throw new Error(r.error.message);
  secrets.set(path, r.data.secret);
  return r.data;
}

type UsageRow = { status: number; errorType?: string | null; provider?: string; minutesAgo?: number };
async function usage(workspaceId: string, rows: UsageRow[]) {
  const now = Date.now();
  await withWorkspace(workspaceId, (tx) =>
    tx.usageEvent.createMany({
      data: rows.map((r) => ({
        workspaceId,
        provider: r.provider ?? "openai",
        model: "openai/gpt-4o-mini",
        endpoint: "chat.completions",
        status: r.status,
        stream: false,
        latencyMs: 10,
        overheadMs: 0.2,
        errorType: r.errorType ?? null,
        createdAt: new Date(now - (r.minutesAgo ?? 1) * 60_000),
      })),
    }),
  );
}

const many = (n: number, row: UsageRow) => Array.from({ length: n }, () => row);

const alertsOf = (workspaceId: string) =>
  withWorkspace(workspaceId, (tx) => tx.alert.findMany({ select: { kind: true, title: true, details: true }, orderBy: { createdAt: "asc" } }));
const outboxOf = (workspaceId: string) =>
  withWorkspace(workspaceId, (tx) => tx.emailOutbox.findMany({ where: { kind: ALERT_EMAIL_KIND }, select: { toEmail: true, subject: true, body: true } }));
const deliveriesOf = (workspaceId: string) =>
  withWorkspace(workspaceId, (tx) => tx.alertDelivery.findMany({ select: { state: true, attempts: true, lastStatus: true, lastError: true, nextAttemptAt: true } }));

describe("alert destinations", () => {
  it("a Member cannot add, list or remove destinations; an Admin's webhook is audited and its secret returned once", async () => {
    const t = await team("alerts-rbac");
    const refused = await runWorkspaceAction("alerts.addWebhook", principalOf(t.member), t.workspace.slug, { name: "x", url: "https://hooks.example.com/a" });
    expect(refused.ok ? "ok" : refused.error.code).toBe("FORBIDDEN");
    expect((await runWorkspaceAction("alerts.addEmail", principalOf(t.member), t.workspace.slug, {})).ok).toBe(false);
    expect((await runWorkspaceAction("alerts.list", principalOf(t.member), t.workspace.slug, {})).ok).toBe(false);

    const added = await addWebhook(t);
    expect(added.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const listed = await runWorkspaceAction("alerts.list", principalOf(t.owner), t.workspace.slug, {});
    expect(listed.ok).toBe(true);
    const text = JSON.stringify(listed.ok ? listed.data : null);
    expect(text).not.toContain(added.secret);
    expect(text).not.toContain("v1.");
    expect(listed.ok && listed.data.destinations[0]?.secretHint).toBe(added.secret.slice(0, 10));

    const removed = await runWorkspaceAction("alerts.remove", principalOf(t.member), t.workspace.slug, { destinationId: added.destination.id });
    expect(removed.ok).toBe(false);
    expect((await runWorkspaceAction("alerts.remove", principalOf(t.admin), t.workspace.slug, { destinationId: added.destination.id })).ok).toBe(true);
    const audit = await withWorkspace(t.workspace.id, (tx) =>
      tx.auditEvent.findMany({ where: { action: { startsWith: "alert_destination." } }, select: { action: true, actorEmail: true, details: true }, orderBy: { createdAt: "asc" } }),
    );
    expect(audit.map((a) => a.action)).toEqual(["alert_destination.added", "alert_destination.removed"]);
    expect(audit[0]!.actorEmail).toBe(t.admin.email);
    expect(JSON.stringify(audit)).not.toContain(added.secret);
  });

  it("refuses webhook URLs to loopback, private and link-local addresses unless the operator allows them", async () => {
    publishRuntimeEnv({ AURIKO_ALERTS_ALLOW_PRIVATE_TARGETS: "false" });
    const t = await team("alerts-ssrf");
    for (const url of [
      "https://127.0.0.1/hook",
      "https://localhost/hook",
      "https://10.1.2.3/hook",
      "https://192.168.1.10/hook",
      "https://172.20.0.1/hook",
      "https://169.254.169.254/latest/meta-data",
      "https://[::1]/hook",
      "https://[::ffff:127.0.0.1]/hook",
      "https://[fd00::1]/hook",
      "https://metadata/hook",
      "http://hooks.example.com/plain-http",
    ]) {
      const r = await runWorkspaceAction("alerts.addWebhook", principalOf(t.owner), t.workspace.slug, { name: "bad", url });
      expect(r.ok ? `accepted ${url}` : r.error.code, url).toBe("VALIDATION");
    }
    expect((await runWorkspaceAction("alerts.addWebhook", principalOf(t.owner), t.workspace.slug, { name: "ok", url: "https://hooks.example.com/x" })).ok).toBe(true);
    expect(isInternalAddress("8.8.8.8")).toBe(false);
    expect(isInternalAddress("2606:4700::1111")).toBe(false);
    expect(() => checkWebhookUrl("http://127.0.0.1:9/x", { allowPrivate: true })).not.toThrow();

    // At connection time: a name that resolves inward is refused (DNS rebinding).
    const err = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      guardedLookup({ allowPrivate: false })("localhost", { all: true }, (e) => resolve(e)),
    );
    expect(err?.code).toBe("EALERTTARGET");
  });

  it("a stored webhook that points inward is not contacted once the allowance is off", async () => {
    const t = await team("alerts-ssrf-delivery");
    await addWebhook(t);
    publishRuntimeEnv({ AURIKO_ALERTS_ALLOW_PRIVATE_TARGETS: "false" });
    const r = await notifyBudgetThreshold({ workspaceId: t.workspace.id, scope: "workspace", scopeId: t.workspace.id, label: "Monthly", percent: 50, periodStart: new Date("2026-12-01T00:00:00Z") });
    expect(r.fired).toBe(true);
    expect(received).toHaveLength(0);
    const [d] = await deliveriesOf(t.workspace.id);
    expect(d).toMatchObject({ state: "pending", attempts: 1, lastError: "refused_address", lastStatus: null });
  });
});

describe("alert deliveries", () => {
  it("webhooks are signed: the receiver verifies the signature and refuses a tampered body or a replayed old timestamp", async () => {
    const t = await team("alerts-sign");
    const { secret } = await addWebhook(t);
    await notifyBudgetThreshold({ workspaceId: t.workspace.id, scope: "workspace", scopeId: t.workspace.id, label: "Monthly", percent: 80, periodStart: new Date("2026-12-01T00:00:00Z") });
    expect(received).toHaveLength(1);
    const got = received[0]!;
    expect(got.verified).toBe(true);
    expect(got.headers["x-auriko-event"]).toBe("budget_threshold");
    const payload = JSON.parse(got.body);
    expect(payload).toMatchObject({ type: "alert.budget_threshold", workspace: { id: t.workspace.id, slug: t.workspace.slug }, data: { percent: 80, scope: "workspace" } });

    const headers = { "x-auriko-signature": String(got.headers["x-auriko-signature"]), "x-auriko-timestamp": String(got.headers["x-auriko-timestamp"]), "content-type": "application/json" };
    const tampered = got.body.replace('"percent":80', '"percent":10');
    expect(tampered).not.toBe(got.body);
    const res = await fetch(`${base}/${t.workspace.slug}`, { method: "POST", headers, body: tampered });
    expect(res.status).toBe(401);
    expect(received.at(-1)!.verified).toBe(false);
    const ts = Number(headers["x-auriko-timestamp"]);
    expect(verifySignature(secret, { signature: headers["x-auriko-signature"], timestamp: String(ts) }, got.body, ts + 301)).toBe(false);
    expect(verifySignature("whsec_wrong", { signature: headers["x-auriko-signature"], timestamp: String(ts) }, got.body, ts)).toBe(false);
    const [d] = await deliveriesOf(t.workspace.id);
    expect(d).toMatchObject({ state: "delivered", attempts: 1, lastStatus: 204, lastError: null });
  });

  it("a failing receiver is retried with backoff and the log keeps only status codes", async () => {
    const t = await team("alerts-retry");
    await addWebhook(t, `/${t.workspace.slug}/down`);
    await notifyBudgetThreshold({ workspaceId: t.workspace.id, scope: "workspace", scopeId: t.workspace.id, label: "Monthly", percent: 100, periodStart: new Date("2026-12-01T00:00:00Z") });
    let [d] = await deliveriesOf(t.workspace.id);
    expect(d).toMatchObject({ state: "pending", attempts: 1, lastStatus: 503, lastError: "http_status" });
    const firstRetry = d!.nextAttemptAt!.getTime() - Date.now();
    expect(firstRetry).toBeGreaterThan(50_000);
    expect(firstRetry).toBeLessThanOrEqual(60_000);
    // Not due yet: nothing is sent.
    expect(await deliverDue(t.workspace.id)).toBe(0);
    // Due: retried, and the next delay is longer.
    expect(await deliverDue(t.workspace.id, { now: new Date(Date.now() + 61_000) })).toBe(1);
    [d] = await deliveriesOf(t.workspace.id);
    expect(d).toMatchObject({ state: "pending", attempts: 2, lastStatus: 503 });
    expect(d!.nextAttemptAt!.getTime() - Date.now()).toBeGreaterThan(4 * 60_000);
    const row = await withWorkspace(t.workspace.id, (tx) => tx.$queryRaw<unknown[]>`SELECT * FROM alert_deliveries`);
    expect(JSON.stringify(row)).not.toMatch(/whsec_|v1=/);
  });

  it("e-mails go to the Owners and Admins through the outbox, not to Members", async () => {
    const t = await team("alerts-email");
    const r = await runWorkspaceAction("alerts.addEmail", principalOf(t.owner), t.workspace.slug, {});
    expect(r.ok).toBe(true);
    const again = await runWorkspaceAction("alerts.addEmail", principalOf(t.owner), t.workspace.slug, {});
    expect(again.ok ? "ok" : again.error.code).toBe("CONFLICT");
    const res = await notifyBudgetThreshold({ workspaceId: t.workspace.id, scope: "workspace", scopeId: t.workspace.id, label: "Monthly", percent: 50, periodStart: new Date("2026-12-01T00:00:00Z") });
    expect(res).toMatchObject({ fired: true, emails: 2, webhooks: 0 });
    const mails = await outboxOf(t.workspace.id);
    expect(mails.map((m) => m.toEmail).sort()).toEqual([t.owner.email, t.admin.email].sort());
    expect(mails.map((m) => m.toEmail)).not.toContain(t.member.email);
    expect(mails[0]!.body).toContain("reached 50%");
    expect(mails[0]!.body).toContain(`/w/${t.workspace.slug}/alerts`);
  });
});

describe("budget thresholds: notifyBudgetThreshold", () => {
  it("delivers once per (scope, period, threshold), even when called concurrently", async () => {
    const t = await team("alerts-budget");
    await addWebhook(t);
    const keyId = "00000000-0000-4000-8000-000000000001";
    const input = { workspaceId: t.workspace.id, scope: "api_key" as const, scopeId: keyId, label: "Checkout app", percent: 80 as const, periodStart: new Date("2026-12-07T00:00:00Z") };
    const results = await Promise.all([notifyBudgetThreshold(input), notifyBudgetThreshold(input), notifyBudgetThreshold(input)]);
    expect(results.filter((r) => r.fired)).toHaveLength(1);
    expect(received).toHaveLength(1);
    expect((await notifyBudgetThreshold(input)).fired).toBe(false);
    // Another threshold, another period, another scope: each fires once.
    expect((await notifyBudgetThreshold({ ...input, percent: 100 })).fired).toBe(true);
    expect((await notifyBudgetThreshold({ ...input, periodStart: new Date("2026-12-08T00:00:00Z") })).fired).toBe(true);
    expect((await notifyBudgetThreshold({ ...input, scope: "workspace", scopeId: t.workspace.id })).fired).toBe(true);
    expect(received).toHaveLength(4);
    expect(received.every((r) => r.verified)).toBe(true);
    const data = received.map((r) => JSON.parse(r.body).data);
    expect(data[0]).toEqual({ scope: "api_key", scope_id: keyId, label: "Checkout app", percent: 80, period_start: "2026-12-07T00:00:00.000Z" });
    await expect(notifyBudgetThreshold({ ...input, percent: 90 as never })).rejects.toThrow();
  });
});

describe("checked alert kinds", () => {
  it("provider-key failures fire on the provider's 401/403 for the workspace's key, once per cooldown, and not for other errors", async () => {
    const t = await team("alerts-provider-key");
    await addWebhook(t);
    await usage(t.workspace.id, [...many(5, { status: 200 }), { status: 500, errorType: "upstream_error" }, { status: 429, errorType: "upstream_rate_limited" }]);
    expect((await evaluateWorkspace(t.workspace.id)).fired).toHaveLength(0);
    // An old refusal, outside the window, does not count either.
    await usage(t.workspace.id, [{ status: 401, errorType: "upstream_authentication", minutesAgo: 30 }]);
    expect((await evaluateWorkspace(t.workspace.id)).fired).toHaveLength(0);

    await usage(t.workspace.id, [{ status: 401, errorType: "upstream_authentication" }, { status: 403, errorType: "upstream_permission", provider: "anthropic" }]);
    const first = await evaluateWorkspace(t.workspace.id);
    expect(first.fired).toHaveLength(2);
    await deliverDue(t.workspace.id);
    const kinds = (await alertsOf(t.workspace.id)).map((a) => [a.kind, (a.details as { provider: string }).provider]);
    expect(kinds).toEqual(expect.arrayContaining([["provider_key_failure", "openai"], ["provider_key_failure", "anthropic"]]));
    expect(received.filter((r) => r.verified)).toHaveLength(2);
    // A second evaluation while the condition still holds sends nothing new.
    expect((await evaluateWorkspace(t.workspace.id)).fired).toHaveLength(0);
    expect(await deliverDue(t.workspace.id)).toBe(0);
    // Six hours on, with no refusal in the window any more, nothing fires.
    expect((await evaluateWorkspace(t.workspace.id, new Date(Date.now() + 6 * 3_600_000 + 60_000))).fired).toHaveLength(0);
  });

  it("error-rate spikes fire above the threshold with enough traffic, once per hour", async () => {
    const t = await team("alerts-error-rate");
    await addWebhook(t);
    // Below the minimum traffic: 10 of 10 failed, still no alert.
    await usage(t.workspace.id, many(10, { status: 502, errorType: "upstream_unreachable" }));
    expect((await evaluateWorkspace(t.workspace.id)).fired).toHaveLength(0);
    // Enough traffic, 10 of 50 failed (20%): below the 25% threshold.
    await usage(t.workspace.id, many(40, { status: 200 }));
    expect((await evaluateWorkspace(t.workspace.id)).fired).toHaveLength(0);
    // 30 of 100 (30%); client disconnects (499) count as requests, not as errors.
    await usage(t.workspace.id, [...many(20, { status: 500, errorType: "upstream_error" }), ...many(30, { status: 499, errorType: "client_closed" })]);
    expect(ERROR_RATE_MIN_REQUESTS).toBeGreaterThan(10);
    const fired = await evaluateWorkspace(t.workspace.id);
    expect(fired.fired).toHaveLength(1);
    const [a] = await alertsOf(t.workspace.id);
    expect(a).toMatchObject({ kind: "error_rate", details: { requests: 100, errors: 30 } });
    expect((await evaluateWorkspace(t.workspace.id)).fired).toHaveLength(0);
    const laterButStillSpiking = new Date(Date.now() + 61 * 60_000);
    await usage(t.workspace.id, many(30, { status: 500, errorType: "upstream_error", minutesAgo: -60 }));
    expect((await evaluateWorkspace(t.workspace.id, laterButStillSpiking)).fired).toHaveLength(1);
  });

  it("API keys expiring within 7 days are announced once per key; revoked, far-off and expired keys are not", async () => {
    const t = await team("alerts-expiry");
    await addWebhook(t);
    const day = 86_400_000;
    const mk = (name: string, expiresAt: Date | null, revoked = false) =>
      withWorkspace(t.workspace.id, (tx) =>
        tx.apiKey.create({
          data: { workspaceId: t.workspace.id, name, prefix: "ak_live_abcd", keyHash: `hash-${name}-${Math.random()}`, expiresAt, revokedAt: revoked ? new Date() : null },
          select: { id: true },
        }),
      );
    await mk("far", new Date(Date.now() + 30 * day));
    await mk("none", null);
    await mk("revoked", new Date(Date.now() + 2 * day), true);
    await mk("expired", new Date(Date.now() - day));
    expect((await evaluateWorkspace(t.workspace.id)).fired).toHaveLength(0);
    const soon = await mk("soon", new Date(Date.now() + 3 * day));
    expect((await evaluateWorkspace(t.workspace.id)).fired).toHaveLength(1);
    expect((await evaluateWorkspace(t.workspace.id)).fired).toHaveLength(0);
    await deliverDue(t.workspace.id);
    const body = JSON.parse(received.find((r) => r.headers["x-auriko-event"] === "api_key_expiry")!.body);
    expect(body.data.keys).toEqual([expect.objectContaining({ id: soon.id, name: "soon" })]);
    expect(JSON.stringify(body)).not.toContain("ak_live_");
    expect(JSON.stringify(body)).not.toContain("hash-");
  });

  it("a workspace without destinations is skipped and records nothing", async () => {
    const t = await team("alerts-none");
    await usage(t.workspace.id, [{ status: 401, errorType: "upstream_authentication" }]);
    expect(await evaluateWorkspace(t.workspace.id)).toMatchObject({ skipped: true, fired: [] });
    expect(await alertsOf(t.workspace.id)).toEqual([]);
  });

  it("nothing secret reaches a payload, an e-mail or the alert rows", async () => {
    const t = await team("alerts-secrets");
    const { secret } = await addWebhook(t);
    await runWorkspaceAction("alerts.addEmail", principalOf(t.owner), t.workspace.slug, {});
    const cred = await runWorkspaceAction("providers.add", principalOf(t.owner), t.workspace.slug, { provider: "mock", label: "m", key: "mock-key-SECRETVALUE123", password: t.owner.password });
    expect(cred.ok).toBe(true);
    await usage(t.workspace.id, [{ status: 401, errorType: "upstream_authentication", provider: "mock" }]);
    await evaluateWorkspace(t.workspace.id);
    await deliverDue(t.workspace.id);
    await notifyBudgetThreshold({ workspaceId: t.workspace.id, scope: "workspace", scopeId: t.workspace.id, label: "Monthly", percent: 50, periodStart: new Date("2026-12-01T00:00:00Z") });
    const everything = JSON.stringify([received.map((r) => r.body), await outboxOf(t.workspace.id), await alertsOf(t.workspace.id)]);
    expect(received.length).toBeGreaterThanOrEqual(2);
    for (const needle of [secret, "SECRETVALUE", "whsec_", "v1.", "mock-key", t.owner.password]) expect(everything).not.toContain(needle);
    for (const r of received) expect(Object.keys(JSON.parse(r.body)).sort()).toEqual(["created_at", "data", "id", "title", "type", "workspace"]);
  });
});
