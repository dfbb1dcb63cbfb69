import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runWorkspaceAction } from "../../lib/actions/registry";
import { withWorkspace } from "../../lib/db";
import { publishRuntimeEnv } from "../../lib/env";
import { createApiKey } from "../../lib/keys";
import { processLimits } from "../../lib/limits";
import { processMeter } from "../../lib/usage/meter";
import { resolveActor } from "../../lib/workspaces/context";
import { startProxyHarness, type Tenant } from "../support/proxy-harness";
import { startProxyInstance } from "../support/proxy-instance";

/**
 * Limits that hold under concurrency and across instances: instance A is the proxy in
 * this process, instance B a proxy in another process on the same database and the same
 * mock upstream. Request-count bursts use a slow model (the mock answers after about a
 * second), so every request of a burst is admitted or refused before the first one
 * settles. The spend test sends waves instead, so that settlements at the real cost
 * happen while requests keep arriving, as in production.
 */
const SLOW = "openai/gpt-4o-mini-slow";
const FAST = "openai/gpt-4o-mini";
let h: Awaited<ReturnType<typeof startProxyHarness>>;
let stopB: (() => void) | undefined;
let originB = "";

beforeAll(async () => {
  // One micro-USD per token, on both instances.
  const dir = mkdtempSync(join(tmpdir(), "auriko-limits-"));
  const prices = join(dir, "prices.json");
  writeFileSync(prices, JSON.stringify({ [SLOW]: { input: 1, output: 1 }, [FAST]: { input: 1, output: 1 } }));
  publishRuntimeEnv({ AURIKO_PRICES_FILE: prices });
  h = await startProxyHarness();
  const b = await startProxyInstance({ env: { AURIKO_PRICES_FILE: prices }, upstream: h.mock });
  originB = b.origin;
  stopB = b.stop;
}, 60_000);

afterAll(async () => {
  stopB?.();
  publishRuntimeEnv({ AURIKO_PRICES_FILE: undefined });
  await h?.close();
});

type Answer = { status: number; headers: Headers; body: Record<string, unknown> };

async function chat(origin: string, key: string, body: Record<string, unknown>, path = "chat/completions"): Promise<Answer> {
  const res = await fetch(`${origin}/api/v1/${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text.startsWith("{") ? JSON.parse(text) : { text } };
}

/** A burst that must not straddle a minute (per-minute limits count per UTC minute). */
async function awayFromMinuteEdge() {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 45_000) await new Promise((r) => setTimeout(r, 60_500 - intoMinute));
}

async function limitedKey(t: Tenant, limits: Record<string, string>) {
  const actor = await resolveActor({ ...t.owner, operator: true }, t.slug);
  const { key, record } = await createApiKey(actor, { name: "limited" });
  const set = await runWorkspaceAction("limits.set", t.owner, t.slug, { apiKeyId: record.id, ...limits });
  expect(set.ok).toBe(true);
  return { key, id: record.id };
}

const upstreamCalls = (t: Tenant) => h.mock.requests.filter((r) => r.apiKey === t.providerKeys.openai).length;

async function burst(key: string, n: number, body: Record<string, unknown>) {
  return Promise.all(Array.from({ length: n }, (_, i) => chat(i % 2 === 0 ? h.origin : originB, key, body)));
}

describe("limits across two instances", () => {
  it("200 parallel requests against 50 requests per minute: at most 50 reach the upstream, the rest get a metered 429", async () => {
    const t = await h.tenant("Limits rpm");
    const { key, id } = await limitedKey(t, { requestsPerMinute: "50" });
    await awayFromMinuteEdge();
    const answers = await burst(key, 200, { model: SLOW, messages: [{ role: "user", content: "hi" }] });

    const ok = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 429);
    expect(ok.length + refused.length).toBe(200);
    expect(upstreamCalls(t)).toBe(ok.length);
    expect(ok.length).toBeLessThanOrEqual(50);
    // Leases may leave a little of the limit with the other instance for a second; no more.
    expect(ok.length).toBeGreaterThanOrEqual(40);

    const r = refused[0]!;
    expect(r.body).toMatchObject({ error: { type: "rate_limit_error", code: "rate_limit_exceeded" } });
    expect(String((r.body.error as { message: string }).message)).toMatch(/limit of 50 requests per minute/);
    const retryAfter = Number(r.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(r.headers.get("x-ratelimit-limit-requests")).toBe("50");
    expect(r.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    expect(r.headers.get("x-auriko-limit")).toBe("api_key:rpm");

    // Instance A's refusals are in its usage rows, with no tokens (no spend).
    const refusedHere = answers.filter((a, i) => i % 2 === 0 && a.status === 429).length;
    await processMeter().flush();
    const rows = await withWorkspace(t.workspaceId, (tx) => tx.usageEvent.findMany({ where: { apiKeyId: id, status: 429 } }));
    expect(rows.length).toBeGreaterThanOrEqual(refusedHere);
    expect(rows.every((row) => row.errorType === "rate_limit_exceeded" && row.totalTokens === 0)).toBe(true);

    // The shared counter holds what both instances took: never past the cap.
    await processLimits().flush(true);
    const counters = await withWorkspace(t.workspaceId, (tx) => tx.usageLimitCounter.findMany({ where: { scope: id, metric: "rpm" } }));
    expect(counters.reduce((s, c) => s + Number(c.used), 0)).toBeLessThanOrEqual(50);
  });

  it("a daily spend budget for 50 requests: at most 50 reach the upstream across both instances", async () => {
    const t = await h.tenant("Limits spend");
    // What one request costs (1 micro-USD a token): asked once with the workspace's unlimited key.
    const content = "spend ".repeat(70);
    const probe = await chat(h.origin, t.apiKey, { model: FAST, messages: [{ role: "user", content }] });
    const usage = probe.body.usage as { prompt_tokens: number; completion_tokens: number };
    const cost = usage.prompt_tokens + usage.completion_tokens;
    const body = { model: FAST, messages: [{ role: "user", content }], max_tokens: usage.completion_tokens };
    const { key, id } = await limitedKey(t, { spendUsdPerDay: String((50 * cost) / 1_000_000) });
    expect((await runWorkspaceAction("alerts.addEmail", t.owner, t.slug, {})).ok).toBe(true);
    const before = upstreamCalls(t);

    // 200 requests, 20 at a time over both instances: each reserves its estimate (a little
    // above its cost) and is settled at its cost, so requests keep being admitted until
    // the budget is spent.
    const answers: Answer[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 20 }, async (_, w) => {
        while (next < 200) {
          next++;
          answers.push(await chat(w % 2 === 0 ? h.origin : originB, key, body));
        }
      }),
    );

    const ok = answers.filter((a) => a.status === 200).length;
    expect(upstreamCalls(t) - before).toBe(ok);
    expect(ok).toBeLessThanOrEqual(50);
    // The last few fit the budget's remainder at their cost but not at their estimate.
    expect(ok).toBeGreaterThanOrEqual(40);
    const refused = answers.find((a) => a.status === 429)!;
    expect(refused.body).toMatchObject({ error: { type: "insufficient_quota", code: "insufficient_quota" } });
    expect(refused.headers.get("x-auriko-limit")).toBe("api_key:spend_day");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);

    // The budget's alerts: 100 % once for the key's day (reported by whichever instance
    // took the last lease), with the Owner's e-mail in the outbox; nothing secret in it.
    let alerts: { title: string; details: unknown }[] = [];
    for (let i = 0; i < 50 && !alerts.some((a) => (a.details as { percent: number }).percent === 100); i++) {
      await new Promise((r) => setTimeout(r, 100));
      alerts = await withWorkspace(t.workspaceId, (tx) => tx.alert.findMany({ where: { kind: "budget_threshold" }, select: { title: true, details: true } }));
    }
    const full = alerts.filter((a) => (a.details as { percent: number }).percent === 100);
    expect(full).toHaveLength(1);
    expect(full[0]!.details).toMatchObject({ scope: "api_key", scope_id: id, label: "Daily spend" });
    expect(JSON.stringify(alerts)).not.toContain(key);
  });

  it("a workspace-wide limit counts every key of the workspace together", async () => {
    const t = await h.tenant("Limits workspace");
    const set = await runWorkspaceAction("limits.set", t.owner, t.slug, { requestsPerMinute: "10" });
    expect(set.ok).toBe(true);
    const actor = await resolveActor({ ...t.owner, operator: true }, t.slug);
    const second = await createApiKey(actor, { name: "second" });
    await awayFromMinuteEdge();
    const body = { model: SLOW, messages: [{ role: "user", content: "hi" }] };
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => chat(i % 2 === 0 ? h.origin : originB, i % 3 === 0 ? second.key : t.apiKey, body)),
    );
    const ok = answers.filter((a) => a.status === 200).length;
    expect(ok).toBeLessThanOrEqual(10);
    expect(upstreamCalls(t)).toBe(ok);
    expect(answers.find((a) => a.status === 429)!.headers.get("x-auriko-limit")).toBe("workspace:rpm");
  });
});

describe("limits on one instance", () => {
  it("refuses a model outside the key's allowed list with a 403 in each endpoint's shape, before any provider is asked", async () => {
    const t = await h.tenant("Limits models");
    const { key } = await limitedKey(t, { allowedModels: "openai/gpt-4o-mini\nanthropic/claude-haiku-4-5\ngroq/*" });
    const before = h.mock.requests.length;
    const refused = await chat(h.origin, key, { model: "openai/gpt-4o", messages: [{ role: "user", content: "hi" }] });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { type: "permission_error", code: "model_not_allowed", param: "model" } });
    const anthropicShape = await chat(h.origin, key, { model: "anthropic/claude-sonnet-4-5", max_tokens: 5, messages: [{ role: "user", content: "hi" }] }, "messages");
    expect(anthropicShape.status).toBe(403);
    expect(anthropicShape.body).toMatchObject({ type: "error", error: { type: "permission_error" } });
    expect(h.mock.requests.length).toBe(before);

    expect((await chat(h.origin, key, { model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "hi" }] })).status).toBe(200);
    expect((await chat(h.origin, key, { model: "anthropic/claude-haiku-4-5", max_tokens: 5, messages: [{ role: "user", content: "hi" }] }, "messages")).status).toBe(200);
    expect((await chat(h.origin, key, { model: "groq/llama-3.1-8b-instant", messages: [{ role: "user", content: "hi" }] })).status).toBe(200);
  });

  it("settles a stream with what it used: the shared counter ends at the usage row's tokens", async () => {
    const t = await h.tenant("Limits settle");
    const { key, id } = await limitedKey(t, { tokensPerDay: "100000" });
    const res = await fetch(`${h.origin}/api/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "openai/gpt-4o-mini", stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "count the tokens" }] }),
    });
    expect(res.status).toBe(200);
    await res.text();
    await processMeter().flush();
    await processLimits().flush(true);
    const row = await withWorkspace(t.workspaceId, (tx) => tx.usageEvent.findFirstOrThrow({ where: { apiKeyId: id } }));
    expect(row.totalTokens).toBeGreaterThan(0);
    const counter = await withWorkspace(t.workspaceId, (tx) => tx.usageLimitCounter.findFirstOrThrow({ where: { scope: id, metric: "tokens_day" } }));
    expect(Number(counter.used)).toBe(row.totalTokens);
  });

  it("a single request larger than the limit is refused at once, and a lowered limit applies within the cache bound", async () => {
    const t = await h.tenant("Limits small");
    const { key, id } = await limitedKey(t, { tokensPerMinute: "10" });
    const big = await chat(h.origin, key, { model: "openai/gpt-4o-mini", max_tokens: 100, messages: [{ role: "user", content: "hi" }] });
    expect(big.status).toBe(429);
    expect(big.headers.get("x-ratelimit-limit-tokens")).toBe("10");
    expect(big.body).toMatchObject({ error: { code: "rate_limit_exceeded" } });

    // Clearing the limit lets it through (this instance forgets its cached limits at once).
    expect((await runWorkspaceAction("limits.set", t.owner, t.slug, { apiKeyId: id })).ok).toBe(true);
    expect((await chat(h.origin, key, { model: "openai/gpt-4o-mini", max_tokens: 100, messages: [{ role: "user", content: "hi" }] })).status).toBe(200);
  });

  it("rejects invalid limits with a typed error and keeps what was stored", async () => {
    const t = await h.tenant("Limits invalid");
    const { id } = await limitedKey(t, { requestsPerMinute: "5" });
    const bad = await runWorkspaceAction("limits.set", t.owner, t.slug, { apiKeyId: id, requestsPerMinute: "-3" });
    expect(bad).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
    const badModel = await runWorkspaceAction("limits.set", t.owner, t.slug, { apiKeyId: id, allowedModels: "not a model" });
    expect(badModel).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
    const got = await runWorkspaceAction("limits.get", t.owner, t.slug, { apiKeyId: id });
    expect(got.ok && got.data.limits).toEqual({ requestsPerMinute: 5 });
    // The change is in the audit log, from nothing to the limit.
    const audit = await withWorkspace(t.workspaceId, (tx) => tx.auditEvent.findMany({ where: { action: "limits.changed", targetId: id } }));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ from: "none", to: "5 requests/min" });
  });

  it("a key and workspace without limits leave no counters behind", async () => {
    const t = await h.tenant("Limits none");
    expect((await chat(h.origin, t.apiKey, { model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "hi" }] })).status).toBe(200);
    await processLimits().flush(true);
    expect(await withWorkspace(t.workspaceId, (tx) => tx.usageLimitCounter.count())).toBe(0);
    expect(processLimits().leaseCount()).toBe(0);
  });
});
