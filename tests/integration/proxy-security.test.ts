import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withWorkspace } from "../../lib/db";
import { processMeter } from "../../lib/usage/meter";
import { startProxyHarness, type Tenant } from "../support/proxy-harness";

let h: Awaited<ReturnType<typeof startProxyHarness>>;
let a: Tenant;
let b: Tenant;

beforeAll(async () => {
  h = await startProxyHarness();
  a = await h.tenant("Sec A");
  b = await h.tenant("Sec B");
});
afterAll(() => h.close());

const chat = (t: Tenant, body: object, headers: Record<string, string> = {}) =>
  fetch(`${h.origin}/api/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${t.apiKey}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
const base = { model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "hi" }] };

describe("credential injection is refused before anything goes upstream", () => {
  const headerCorpus: Record<string, string>[] = [
    { "X-Api-Key": "sk-live-injected-0123456789abcdef" },
    { "OpenAI-Api-Key": "sk-injected-0123456789abcdef0123" },
    { "x-goog-api-key": "AIzaSyA-injected-0000000000000000000000" },
    { "Anthropic-Api-Key": "sk-ant-injected-000000000000" },
    { Cookie: "session=abc" },
    { "X-Auth-Token": "whatever-token-value" },
    { "Proxy-Authorization": "Basic dXNlcjpwYXNzd29yZDEyMzQ=" },
    { "X-Custom": "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U" },
    { "x-forwarded-for": "sk-proj-0123456789abcdefghijklmn" },
    { "X-API-KEY": "ak_live_00000000000000000000000000000000" },
    { "anthropic-beta": "AKIAIOSFODNN7EXAMPLE" },
  ];
  const bodyCorpus: [string, Record<string, unknown>][] = [
    ["api_key top level", { ...base, api_key: "sk-injected" }],
    ["base_url top level", { ...base, base_url: "http://evil.example/v1" }],
    ["extra_headers", { ...base, extra_headers: { Authorization: "Bearer x" } }],
    ["extra_body", { ...base, extra_body: { api_key: "x" } }],
    ["headers", { ...base, headers: { "x-api-key": "x" } }],
    ["nested in provider extras", { ...base, model: "groq/llama-3.3-70b-versatile", provider: { order: ["x"], auth: { token: "x" } } }],
    ["secret value in metadata", { ...base, metadata: { note: "sk-proj-abcdefghijklmnop0123456789" } }],
    ["JSON string in metadata", { ...base, metadata: { cfg: JSON.stringify({ Authorization: "Bearer abcdefghijklmnopqrstuvwxyz" }) } }],
    ["github token in user", { ...base, user: "ghp_abcdefghijklmnopqrstuvwxyz0123456789" }],
    ["pem key in stop", { ...base, stop: ["-----BEGIN RSA PRIVATE KEY-----"] }],
    ["api_key in a message object", { ...base, messages: [{ role: "user", content: "hi", api_key: "x" }] }],
    ["mixed-case key", { ...base, Api_Key: "x" }],
    ["endpoint", { ...base, endpoint: "https://evil.example" }],
    ["aws key in provider extra", { ...base, model: "groq/llama-3.3-70b-versatile", transforms: ["AKIAIOSFODNN7EXAMPLE"] }],
    ["unknown parameter", { ...base, totally_unknown: 1 }],
  ];

  it("headers: each gets a 400 naming the header, and the upstream sees nothing", async () => {
    const before = h.mock.requests.length;
    for (const headers of headerCorpus) {
      const res = await chat(a, base, headers);
      const body = await res.json();
      expect(res.status, JSON.stringify(headers)).toBe(400);
      expect(body.error.type).toBe("invalid_request_error");
      expect(body.error.param).toBe(Object.keys(headers)[0]!.toLowerCase());
      expect(JSON.stringify(body)).not.toContain(Object.values(headers)[0]);
    }
    expect(h.mock.requests.length).toBe(before);
  });

  it("duplicate or conflicting gateway keys get a 400", async () => {
    const res = await fetch(`${h.origin}/api/v1/chat/completions`, {
      method: "POST",
      headers: [["authorization", `Bearer ${a.apiKey}`], ["x-api-key", b.apiKey], ["content-type", "application/json"]],
      body: JSON.stringify(base),
    });
    expect(res.status).toBe(400);
  });

  it("body fields: each gets a 400 naming the field and rule, never echoing the value", async () => {
    const before = h.mock.requests.length;
    for (const [name, body] of bodyCorpus) {
      const res = await chat(a, body);
      const json = await res.json();
      expect(res.status, name).toBe(400);
      expect(json.error.param, name).toBeTruthy();
      expect(JSON.stringify(json), name).not.toMatch(/sk-proj|ghp_abc|AKIA|BEGIN RSA|evil\.example|Bearer x/);
    }
    expect(h.mock.requests.length).toBe(before);
  });

  it("benign prompts that talk about API keys still pass", async () => {
    const res = await chat(a, { ...base, messages: [{ role: "user", content: "How do I rotate my API key? My token expired and the authorization header is wrong." }] });
    expect(res.status).toBe(200);
    const res2 = await chat(a, { ...base, messages: [{ role: "user", content: "Explain what sk-proj-abcdefghijklmnop0123456789 in my logs means" }] });
    expect(res2.status).toBe(200);
  });
});

describe("isolation between workspaces", () => {
  it("interleaved streams from two workspaces each reach the upstream with their own BYOK key", async () => {
    h.mock.reset();
    const run = async (t: Tenant, i: number) => {
      const res = await chat(t, { model: "openai/gpt-4o-mini", stream: true, messages: [{ role: "user", content: `${t.slug} request ${i}` }] });
      const text = (await res.text())
        .split("\n")
        .filter((l) => l.startsWith("data: {"))
        .map((l) => JSON.parse(l.slice(6)).choices[0]?.delta?.content ?? "")
        .join("");
      expect(text).toContain(`${t.slug} request ${i}`);
    };
    await Promise.all(Array.from({ length: 20 }, (_, i) => run(i % 2 ? a : b, i)));
    expect(h.mock.requests).toHaveLength(20);
    for (const r of h.mock.requests) {
      const content = JSON.stringify(r.body);
      const owner = content.includes(a.slug) ? a : b;
      expect(r.headers.authorization).toBe(`Bearer ${owner.providerKeys.openai}`);
    }
  });

  it("an API key works only for its own workspace's credentials and usage", async () => {
    await chat(a, base).then((r) => r.text());
    await processMeter().flush();
    const bRows = await withWorkspace(b.workspaceId, (tx) => tx.usageEvent.findMany({ select: { apiKeyId: true } }));
    const aRows = await withWorkspace(a.workspaceId, (tx) => tx.usageEvent.findMany({ select: { apiKeyId: true } }));
    expect(aRows.length).toBeGreaterThan(0);
    const aKeyIds = new Set(aRows.map((r) => r.apiKeyId));
    for (const r of bRows) expect(aKeyIds.has(r.apiKeyId)).toBe(false);
  });
});

describe("authentication", () => {
  it("refuses missing, wrong and revoked-looking keys with the OpenAI error shape", async () => {
    const noKey = await fetch(`${h.origin}/api/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(base) });
    expect(noKey.status).toBe(401);
    expect((await noKey.json()).error).toMatchObject({ type: "authentication_error", code: "invalid_api_key" });
    const wrong = await chat({ ...a, apiKey: "ak_live_" + "x".repeat(32) }, base);
    expect(wrong.status).toBe(401);
    const anthropicShape = await fetch(`${h.origin}/api/v1/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(await anthropicShape.json()).toMatchObject({ type: "error", error: { type: "authentication_error" } });
  });

  it("rejects bad input clearly: wrong content type, invalid JSON, oversized body, unknown model", async () => {
    const post = (body: string, type = "application/json") =>
      fetch(`${h.origin}/api/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${a.apiKey}`, "content-type": type }, body });
    expect((await post("{}", "text/plain")).status).toBe(415);
    expect(await (await post("{not json")).json()).toMatchObject({ error: { code: "invalid_json" } });
    expect((await post(JSON.stringify({ ...base, messages: [{ role: "user", content: "x".repeat(5 * 1024 * 1024) }] }))).status).toBe(413);
    const unknown = await post(JSON.stringify({ ...base, model: "nope/gpt" }));
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe("model_not_found");
    expect((await post(JSON.stringify({ ...base, model: "gpt-4o" }))).status).toBe(404);
  });
});
