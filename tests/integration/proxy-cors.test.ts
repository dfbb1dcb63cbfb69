import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withWorkspace } from "../../lib/db";
import { processMeter } from "../../lib/usage/meter";
import { startProxyHarness, type Tenant } from "../support/proxy-harness";

/** CORS is opt-in per workspace: browsers on other origins cannot use its keys. */
let h: Awaited<ReturnType<typeof startProxyHarness>>;
let t: Tenant;

beforeAll(async () => {
  h = await startProxyHarness();
  t = await h.tenant("Cors");
  await withWorkspace(t.workspaceId, (tx) => tx.workspace.update({ where: { id: t.workspaceId }, data: { corsOrigins: ["https://app.example.com"] } }));
});
afterAll(() => h.close());

const call = (origin: string | null, model = "openai/gpt-4o-mini") =>
  fetch(`${h.origin}/api/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${t.apiKey}`, "content-type": "application/json", ...(origin ? { origin } : {}) },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "from a browser" }] }),
  });

describe("CORS", () => {
  it("answers a preflight for any origin with the methods and the SDK headers asked for, and nothing else", async () => {
    const res = await fetch(`${h.origin}/api/v1/chat/completions`, {
      method: "OPTIONS",
      headers: { origin: "https://elsewhere.example", "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type, x-stainless-os, x-evil" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://elsewhere.example");
    expect(res.headers.get("access-control-allow-methods")).toBe("GET, POST");
    expect(res.headers.get("access-control-allow-headers")).toBe("authorization, content-type, x-stainless-os");
  });

  it("lets an allowed origin read the answer, request id and rate limits included", async () => {
    const res = await call("https://app.example.com");
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(res.headers.get("access-control-expose-headers")).toContain("x-request-id");
    expect(res.headers.get("vary")).toBe("Origin");
  });

  it("refuses any other origin with 403 origin_not_allowed before anything goes upstream, and meters it", async () => {
    const before = h.mock.requests.length;
    for (const origin of ["https://evil.example", "http://app.example.com", "https://app.example.com.evil.example", "null"]) {
      const res = await call(origin);
      expect(res.status, origin).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("origin_not_allowed");
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
    }
    expect(h.mock.requests.length).toBe(before);
    await processMeter().flush();
    const rows = await withWorkspace(t.workspaceId, (tx) => tx.usageEvent.findMany({ where: { errorType: "origin_not_allowed" } }));
    expect(rows).toHaveLength(4);
  });

  it("leaves server-side clients (no Origin) alone, and a workspace without origins refuses every browser", async () => {
    const openai = new OpenAI({ apiKey: t.apiKey, baseURL: `${h.origin}/api/v1`, maxRetries: 0 });
    expect((await openai.chat.completions.create({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "server" }] })).choices).toHaveLength(1);
    const other = await h.tenant("Cors none");
    const res = await fetch(`${h.origin}/api/v1/models`, { headers: { authorization: `Bearer ${other.apiKey}`, origin: "https://app.example.com" } });
    expect(res.status).toBe(403);
  });
});
