import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { startProxyHarness, type Tenant } from "../support/proxy-harness";

/**
 * Failed API-key authentication counts per client address. The attacker here
 * connects from 127.0.0.2 so that its bucket is its own (other test files share
 * 127.0.0.1).
 */
let h: Awaited<ReturnType<typeof startProxyHarness>>;
let t: Tenant;
const ATTACKER = "127.0.0.2";

beforeAll(async () => {
  h = await startProxyHarness();
  t = await h.tenant("Brute");
});
afterAll(async () => {
  await db().authThrottle.deleteMany({ where: { key: `apikey:ip:${ATTACKER}` } });
  await h.close();
});

function call(key: string, from: string): Promise<{ status: number; retryAfter?: string; body: string }> {
  const url = new URL(`${h.origin}/api/v1/models`);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, localAddress: from, headers: { authorization: `Bearer ${key}` } },
      (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode!, retryAfter: res.headers["retry-after"] as string | undefined, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("API-key brute force", () => {
  it("blocks an address after repeated wrong keys with 429 and Retry-After, and leaves other addresses alone", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await call(`ak_live_${"x".repeat(31)}${i % 10}`, ATTACKER)).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    const blocked = await call(t.apiKey, ATTACKER);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(blocked.body).error).toMatchObject({ type: "rate_limit_error", code: "rate_limited" });
    // The rightful client on another address is not affected.
    expect((await call(t.apiKey, "127.0.0.1")).status).toBe(200);
  });
});
