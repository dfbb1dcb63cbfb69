import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import type { ProviderSignal } from "../../lib/status/public";
import { isolateProviderSignal } from "../support/provider-signal";
import { startProxyHarness, type Tenant } from "../support/proxy-harness";

/**
 * The provider signal fed by real proxied requests: the production server's fast path in
 * front of the mock upstream, whose model names choose the upstream's answer
 * (`error-503`, `fail-mid-stream`). Which outcomes count as the provider failing is the
 * point of this test; the arithmetic of states is tested in status.test.ts.
 */
let h: Awaited<ReturnType<typeof startProxyHarness>>;
let t: Tenant;
let signal: ProviderSignal;
let restore: () => void = () => {};

beforeAll(async () => {
  h = await startProxyHarness();
  t = await h.tenant("Signal");
  ({ signal, restore } = isolateProviderSignal());
});

afterAll(async () => {
  restore();
  await h?.close();
});

async function call(model: string, stream = false): Promise<number> {
  const res = await fetch(`${h.origin}/api/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${t.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ model, stream, messages: [{ role: "user", content: "hello there" }] }),
  });
  await res.arrayBuffer();
  return res.status;
}

describe("provider signal from proxied requests", () => {
  it("counts provider failures, not the tenant's own mistakes, and keeps no tenant data", async () => {
    for (let i = 0; i < 20; i++) expect(await call("groq/llama-3.1-8b-instant")).toBe(200);
    for (const status of [503, 503, 503, 503, 500]) expect(await call(`groq/error-${status}`)).toBe(status);
    for (const status of [429, 429, 429, 401, 401, 404]) expect(await call(`groq/error-${status}`)).toBe(status);
    expect(await call("groq/fail-mid-stream", true)).toBe(200); // the stream breaks after it started
    expect(await call("together/some-model")).toBe(400); // no together key: never reached the provider

    // Stream ends are recorded when the relay finishes; give it a moment.
    await expect.poll(() => signal.pending().get("groq")?.requests, { timeout: 5_000 }).toBe(32);
    expect(signal.pending().get("groq")).toEqual({ requests: 32, errors: 6 });
    expect(signal.pending().has("together")).toBe(false);

    const since = new Date(Date.now() - 5 * 60_000);
    const sum = async () =>
      (await db().providerHealth.aggregate({ where: { provider: "groq", minute: { gte: since } }, _sum: { requests: true, upstreamErrors: true } }))._sum;
    const before = await sum();
    await signal.flush();
    const after = await sum();
    expect((after.requests ?? 0) - (before.requests ?? 0)).toBeGreaterThanOrEqual(32);
    expect((after.upstreamErrors ?? 0) - (before.upstreamErrors ?? 0)).toBeGreaterThanOrEqual(6);
    expect(signal.pending().size).toBe(0);

    // Aggregates only: provider, minute and two counters, nothing that names a tenant.
    const columns = await db().$queryRaw<{ column_name: string }[]>`
      SELECT column_name FROM information_schema.columns WHERE table_name = 'provider_health' ORDER BY column_name`;
    expect(columns.map((c) => c.column_name)).toEqual(["minute", "provider", "requests", "upstream_errors"]);
  });
});
