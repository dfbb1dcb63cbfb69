import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withWorkspace } from "../../lib/db";
import { processMeter } from "../../lib/usage/meter";
import { startProxyHarness, type Tenant } from "../support/proxy-harness";

/** POST /api/v1/embeddings through the official openai SDK, against the mock upstream and the built-in mock provider. */
let h: Awaited<ReturnType<typeof startProxyHarness>>;
let t: Tenant;
let openai: OpenAI;

beforeAll(async () => {
  h = await startProxyHarness();
  t = await h.tenant("Embeddings");
  openai = new OpenAI({ apiKey: t.apiKey, baseURL: `${h.origin}/api/v1`, maxRetries: 0 });
});
afterAll(() => h.close());

const rows = async () => {
  await processMeter().flush();
  return withWorkspace(t.workspaceId, (tx) => tx.usageEvent.findMany({ where: { endpoint: "embeddings" }, orderBy: { createdAt: "asc" } }));
};
const post = (body: unknown) =>
  fetch(`${h.origin}/api/v1/embeddings`, { method: "POST", headers: { authorization: `Bearer ${t.apiKey}`, "content-type": "application/json" }, body: JSON.stringify(body) });

describe("openai SDK → /api/v1/embeddings", () => {
  it("answers with vectors (the SDK's default base64 decoded), sending only the workspace's key and the bare model upstream", async () => {
    const r = await openai.embeddings.create({ model: "openai/text-embedding-3-small", input: ["first text", "second text"] });
    expect(r.data).toHaveLength(2);
    expect(r.data[0]!.embedding).toHaveLength(8);
    expect(r.data[0]!.embedding.every((v) => typeof v === "number" && Math.abs(v) <= 1)).toBe(true);
    expect(r.data[0]!.embedding).not.toEqual(r.data[1]!.embedding);
    expect(r.usage.prompt_tokens).toBeGreaterThan(0);
    const up = h.mock.requests.at(-1)!;
    expect(up.path).toBe("/v1/embeddings");
    expect(up.headers.authorization).toBe(`Bearer ${t.providerKeys.openai}`);
    expect(JSON.stringify(up.headers)).not.toContain(t.apiKey);
    expect(up.body).toMatchObject({ model: "text-embedding-3-small", input: ["first text", "second text"], encoding_format: "base64" });
  });

  it("passes float vectors and dimensions through, and the same input gives the same vector", async () => {
    const a = await openai.embeddings.create({ model: "openai/text-embedding-3-small", input: "same", encoding_format: "float", dimensions: 4 });
    const b = await openai.embeddings.create({ model: "openai/text-embedding-3-small", input: "same", encoding_format: "float", dimensions: 4 });
    expect(a.data[0]!.embedding).toHaveLength(4);
    expect(a.data[0]!.embedding).toEqual(b.data[0]!.embedding);
  });

  it("serves the built-in mock provider in process", async () => {
    const r = await openai.embeddings.create({ model: "mock/echo", input: "offline" });
    expect(r.data[0]!.embedding).toHaveLength(8);
  });

  it("refuses a provider without embeddings, naming where its models are served, before anything goes upstream", async () => {
    const before = h.mock.requests.length;
    const err = await openai.embeddings.create({ model: "groq/llama-3.1-8b-instant", input: "x" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    const e = err as InstanceType<typeof OpenAI.BadRequestError>;
    expect(e.code).toBe("wrong_endpoint");
    expect(e.message).toContain("/v1/chat/completions");
    expect(h.mock.requests.length).toBe(before);
  });

  it("refuses bad bodies and credentials in passthrough fields with OpenAI-shaped 400s", async () => {
    const cases: Array<[unknown, string]> = [
      [{ model: "openai/text-embedding-3-small" }, "invalid_parameter"],
      [{ model: "openai/text-embedding-3-small", input: [] }, "invalid_parameter"],
      [{ model: "openai/text-embedding-3-small", input: "x", encoding_format: "int8" }, "invalid_parameter"],
      [{ model: "openai/text-embedding-3-small", input: "x", stream: true }, "unknown_parameter"],
      [{ model: "openai/text-embedding-3-small", input: "x", api_key: "sk-abc" }, "credential_field"],
      [{ model: "openai/text-embedding-3-small", input: "x", user: "sk-proj-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }, "credential_in_body"],
    ];
    const before = h.mock.requests.length;
    for (const [body, code] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const json = (await res.json()) as { error: { code: string; type: string } };
      expect(json.error).toMatchObject({ code, type: "invalid_request_error" });
    }
    expect(h.mock.requests.length).toBe(before);
  });

  it("accepts a credential-looking word inside the input: input is content, not inspected", async () => {
    const res = await post({ model: "openai/text-embedding-3-small", input: "our key looks like sk-proj-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" });
    expect(res.status).toBe(200);
  });

  it("passes an upstream failure on with its status", async () => {
    const err = await openai.embeddings.create({ model: "openai/error-429", input: "x" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
  });

  it("meters every call under the embeddings endpoint with the provider's prompt tokens and no completion tokens", async () => {
    const r = await rows();
    const ok = r.filter((x) => x.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(5);
    for (const row of ok) {
      expect(row.stream).toBe(false);
      expect(row.completionTokens).toBe(0);
      expect(row.promptTokens).toBeGreaterThan(0);
      expect(row.estimated).toBe(false);
    }
    expect(ok.map((x) => x.provider)).toContain("mock");
    expect(r.some((x) => x.status === 429 && x.model === "openai/error-429")).toBe(true);
  });
});
