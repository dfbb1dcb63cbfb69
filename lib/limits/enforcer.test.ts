import { describe, expect, it } from "vitest";
import { createLimitEnforcer, type AdjustItem, type CounterStore, type TakeItem, type WorkspaceLimits } from "./enforcer";
import type { Limits } from "./policy";

/**
 * The enforcer's bookkeeping against a counter store that behaves like the SQL function
 * (take never past the cap, adjust adds). The SQL itself, and two instances sharing it,
 * are tested against Postgres in tests/integration/limits.test.ts.
 */
function memoryStore() {
  const used = new Map<string, number>();
  const id = (i: { scope: string; metric: string; windowStart: number }) => `${i.scope}|${i.metric}|${i.windowStart}`;
  const calls = { take: 0, adjust: 0 };
  const store: CounterStore = {
    async take(_ws, items: readonly TakeItem[]) {
      calls.take++;
      return items.map((i) => {
        const u = used.get(id(i)) ?? 0;
        const grant = Math.min(i.want, Math.max(0, i.cap - u));
        used.set(id(i), u + grant);
        return { granted: grant, used: u + grant };
      });
    },
    async adjust(_ws, items: readonly AdjustItem[]) {
      calls.adjust++;
      for (const i of items) used.set(id(i), Math.max(0, (used.get(id(i)) ?? 0) + i.delta));
    },
  };
  return { store, used, calls, total: (metric: string) => [...used].filter(([k]) => k.includes(`|${metric}|`)).reduce((s, [, v]) => s + v, 0) };
}

const chatProtocol = {
  estimatePromptTokens: (body: Record<string, unknown>) => Number(body.promptTokens ?? 10),
  maxOutputTokens: (body: Record<string, unknown>) => (typeof body.max_tokens === "number" ? body.max_tokens : null),
};
const request = (body: Record<string, unknown> = {}, model = "openai/gpt-4o-mini") => ({ model, body, protocol: chatProtocol });
const KEY = { id: "key-1", workspaceId: "ws-1" };

function setup(keyLimits: Limits | null, opts: { workspace?: Limits; now?: () => number } = {}) {
  const m = memoryStore();
  const all: WorkspaceLimits = { workspace: opts.workspace ?? null, keys: new Map(keyLimits ? [[KEY.id, keyLimits]] : []) };
  const enforcer = createLimitEnforcer({
    store: m.store,
    limitsOf: async () => (keyLimits || opts.workspace ? all : null),
    priceOf: () => ({ input: 1, output: 2 }),
    outputAllowance: 100,
    now: opts.now,
  });
  return { ...m, enforcer };
}

describe("limit enforcer", () => {
  it("costs nothing for a workspace without limits: no store call", async () => {
    const s = setup(null);
    expect(await s.enforcer.admit(KEY, request())).toBeNull();
    expect(s.calls).toEqual({ take: 0, adjust: 0 });
  });

  it("takes a twentieth of the cap at a time, then admits from the lease without the store", async () => {
    const s = setup({ requestsPerMinute: 100 });
    for (let i = 0; i < 5; i++) expect(await s.enforcer.admit(KEY, request())).not.toBeNull();
    expect(s.calls.take).toBe(1);
    expect(s.total("rpm")).toBe(5);
  });

  it("refuses once the cap is used, naming the limit and the seconds to the window's end", async () => {
    const at = Date.UTC(2026, 11, 7, 10, 0, 45);
    const s = setup({ requestsPerMinute: 3 }, { now: () => at });
    for (let i = 0; i < 3; i++) expect(await s.enforcer.admit(KEY, request())).toHaveProperty("settle");
    expect(await s.enforcer.admit(KEY, request())).toEqual({ kind: "rate", scope: "api_key", metric: "rpm", cap: 3, retryAfterSeconds: 15 });
  });

  it("reserves prompt plus max_tokens (or the allowance) and settles to the real usage", async () => {
    const s = setup({ tokensPerDay: 1_000 });
    const r = await s.enforcer.admit(KEY, request({ promptTokens: 10, max_tokens: 50 }));
    if (!r || "kind" in r) throw new Error("refused");
    r.settle(10, 20);
    // A request without max_tokens reserves the allowance (100): 10 + 100.
    const r2 = await s.enforcer.admit(KEY, request({ promptTokens: 10 }));
    if (!r2 || "kind" in r2) throw new Error("refused");
    r2.settle(10, 5);
    await s.enforcer.flush(true);
    expect(s.total("tokens_day")).toBe(30 + 15);
  });

  it("adds usage beyond the reservation to the shared counter (a stream longer than its estimate)", async () => {
    const s = setup({ tokensPerDay: 1_000 });
    const r = await s.enforcer.admit(KEY, request({ promptTokens: 10, max_tokens: 10 }));
    if (!r || "kind" in r) throw new Error("refused");
    // The lease (50 tokens) covers part of the overage; the rest becomes debt, settled on flush.
    r.settle(10, 500);
    await s.enforcer.flush(true);
    expect(s.total("tokens_day")).toBe(510);
  });

  it("refuses a single request larger than the limit without asking the store", async () => {
    const s = setup({ tokensPerMinute: 50 });
    expect(await s.enforcer.admit(KEY, request({ promptTokens: 10, max_tokens: 100 }))).toMatchObject({ kind: "rate", metric: "tpm", cap: 50 });
    expect(s.calls.take).toBe(0);
  });

  it("is all or nothing across limits: a refused request leaves every other limit's lease untouched", async () => {
    const s = setup({ requestsPerMinute: 100 }, { workspace: { tokensPerDay: 15 } });
    const first = await s.enforcer.admit(KEY, request({ promptTokens: 5, max_tokens: 5 }));
    expect(first).toHaveProperty("settle");
    expect(await s.enforcer.admit(KEY, request({ promptTokens: 5, max_tokens: 5 }))).toMatchObject({ scope: "workspace", metric: "tokens_day", kind: "quota" });
    await s.enforcer.flush(true);
    expect(s.total("rpm")).toBe(1);
  });

  it("checks the key's and the workspace's model lists, with provider/* wildcards", async () => {
    const s = setup({ allowedModels: ["openai/*"] }, { workspace: { allowedModels: ["openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"] } });
    expect(await s.enforcer.admit(KEY, request({}, "openai/gpt-4o-mini"))).toBeNull();
    expect(await s.enforcer.admit(KEY, request({}, "openai/gpt-4o"))).toMatchObject({ kind: "model", scope: "workspace" });
    expect(await s.enforcer.admit(KEY, request({}, "anthropic/claude-haiku-4-5"))).toMatchObject({ kind: "model", scope: "api_key" });
  });

  it("gives an idle lease back after a second, and starts a new window's lease at the window's start", async () => {
    let now = Date.UTC(2026, 11, 7, 10, 0, 10);
    const s = setup({ requestsPerMinute: 100 }, { now: () => now });
    await s.enforcer.admit(KEY, request());
    expect(s.total("rpm")).toBe(5);
    now += 1_500;
    await s.enforcer.flush();
    expect(s.total("rpm")).toBe(1);
    now = Date.UTC(2026, 11, 7, 10, 1, 0);
    await s.enforcer.admit(KEY, request());
    expect([...s.used].filter(([k]) => k.endsWith(`|${Date.UTC(2026, 11, 7, 10, 1, 0)}`))).toEqual([[`key-1|rpm|${Date.UTC(2026, 11, 7, 10, 1, 0)}`, 5]]);
  });

  it("charges spend in micro-USD from the price table", async () => {
    const s = setup({ spendUsdPerDay: 0.001 });
    const r = await s.enforcer.admit(KEY, request({ promptTokens: 100, max_tokens: 100 }));
    if (!r || "kind" in r) throw new Error("refused");
    r.settle(100, 50);
    await s.enforcer.flush(true);
    // 100 × 1 + 50 × 2 micro-USD.
    expect(s.total("spend_day")).toBe(200);
  });
});
