import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withWorkspace } from "../../lib/db";
import { processMeter } from "../../lib/usage/meter";
import { startProxyHarness, type Tenant } from "../support/proxy-harness";

/**
 * Bad input gets a clear 4xx in the endpoint's error shape, never a 5xx: deep nesting,
 * bytes that are not UTF-8, oversize model names, and 10,000 random bodies; the server
 * keeps serving afterwards.
 */
let h: Awaited<ReturnType<typeof startProxyHarness>>;
let t: Tenant;

beforeAll(async () => {
  h = await startProxyHarness();
  t = await h.tenant("Bad input");
});
afterAll(() => h.close());

const ENDPOINTS = ["chat/completions", "messages", "responses", "embeddings", "messages/count_tokens"] as const;

const send = (path: string, body: string | Uint8Array) =>
  fetch(`${h.origin}/api/v1/${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${t.apiKey}`, "content-type": "application/json", "anthropic-version": "2023-06-01" },
    body: typeof body === "string" ? body : new Uint8Array(body),
  });

const nest = (depth: number, leaf: string) => "[".repeat(depth) + leaf + "]".repeat(depth);
const nestObject = (depth: number) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);

/** A valid body per endpoint, as JSON text with a hole (`$`) where a field goes. */
const BASES: Record<(typeof ENDPOINTS)[number], Record<string, unknown>> = {
  "chat/completions": { model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "x" }] },
  messages: { model: "anthropic/claude-sonnet-4-5", max_tokens: 8, messages: [{ role: "user", content: "x" }] },
  responses: { model: "openai/gpt-4o-mini", input: "x" },
  embeddings: { model: "openai/text-embedding-3-small", input: "x" },
  "messages/count_tokens": { model: "anthropic/claude-sonnet-4-5", messages: [{ role: "user", content: "x" }] },
};
/** `base` with `field` set to raw JSON text (too deep to build as an object and stringify). */
const withRaw = (base: Record<string, unknown>, field: string, raw: string) => JSON.stringify({ ...base, [field]: "$HOLE$" }).replace('"$HOLE$"', raw);

/** The error in either shape names what was wrong: OpenAI's `code`, or Anthropic's message. */
async function expectRefused(res: Response, status: number, code: string, phrase: string) {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  const error = JSON.parse(text).error;
  if ("code" in error) expect(error.code, text).toBe(code);
  else expect(error.message, text).toContain(phrase);
}

describe("bad input", () => {
  it.each(ENDPOINTS)("%s: deeply nested JSON anywhere is a 400 naming the depth limit", async (path) => {
    const base = BASES[path];
    const contentField = "messages" in base ? "messages" : "input";
    const bodies = [
      withRaw(base, contentField, "messages" in base ? `[{"role":"user","content":${nest(100_000, '"x"')}}]` : nest(100_000, '"x"')),
      ...(path === "embeddings"
        ? []
        : [
            withRaw(base, "tools", `[{"type":"function","name":"f","function":{"name":"f","parameters":${nestObject(5_000)}}}]`),
            withRaw(base, "tool_choice", nestObject(200)),
          ]),
    ];
    // Embeddings' input is strings or token ids: its schema refuses nested arrays first.
    const [code, phrase] = path === "embeddings" ? ["invalid_parameter", "input must be"] : ["too_deep", "nested deeper than 64 levels"];
    for (const body of bodies) await expectRefused(await send(path, body), 400, code, phrase);
  });

  it("nesting inside a tool call's arguments is bounded too", async () => {
    const body = `{"model":"anthropic/claude-sonnet-4-5","max_tokens":8,"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"f","input":${nestObject(10_000)}}]},{"role":"user","content":"x"}]}`;
    await expectRefused(await send("messages", body), 400, "too_deep", "nested deeper than 64 levels");
  });

  it("a realistic nested tool schema is accepted", async () => {
    let schema: object = { type: "string" };
    for (let i = 0; i < 20; i++) schema = { type: "object", properties: { [`level${i}`]: schema } };
    const res = await send("chat/completions", JSON.stringify({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "x" }], tools: [{ type: "function", function: { name: "f", parameters: schema } }] }));
    expect(res.status, await res.text()).toBe(200);
  });

  it.each(ENDPOINTS)("%s: bytes that are not UTF-8 are a 400", async (path) => {
    const prefix = new TextEncoder().encode('{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"');
    const suffix = new TextEncoder().encode('"}]}');
    for (const bad of [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) {
      const body = new Uint8Array([...prefix, ...bad, ...suffix]);
      await expectRefused(await send(path, body), 400, "invalid_encoding", "not valid UTF-8");
    }
  });

  it("an oversize model name is a 400 that does not echo it", async () => {
    const model = `openai/${"m".repeat(10_000)}`;
    for (const path of ENDPOINTS) {
      const res = await send(path, JSON.stringify({ model, max_tokens: 8, messages: [{ role: "user", content: "x" }], input: "x" }));
      const text = await res.text();
      expect(res.status, path).toBe(400);
      expect(text).toMatch(/model_too_long|longer than 200 characters/);
      expect(text.length).toBeLessThan(1_000);
    }
  });

  it("each refusal is metered with its code (the usage table takes every code)", async () => {
    await processMeter().flush();
    const rows = await withWorkspace(t.workspaceId, (tx) => tx.usageEvent.findMany({ where: { workspaceId: t.workspaceId }, select: { errorType: true } }));
    const codes = new Set(rows.map((r) => r.errorType));
    for (const code of ["too_deep", "invalid_encoding", "model_too_long"]) expect(codes, code).toContain(code);
  });

  it("10,000 random bodies: never a 5xx, and the server keeps serving", async () => {
    const model = fc.oneof(
      fc.constantFrom("openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5", "mock/echo", "groq/llama-3.3-70b-versatile", "nope/x", "openai/"),
      fc.string({ maxLength: 40 }),
    );
    const part = fc.oneof(
      fc.record({ type: fc.constantFrom("text", "image_url", "input_text", "tool_use", "tool_result", "document"), text: fc.string({ maxLength: 20 }) }, { requiredKeys: [] }),
      fc.jsonValue({ maxDepth: 3 }),
    );
    const message = fc.record(
      { role: fc.oneof(fc.constantFrom("user", "assistant", "system", "tool", "developer"), fc.string({ maxLength: 10 })), content: fc.oneof(fc.string({ maxLength: 30 }), fc.array(part, { maxLength: 3 }), fc.jsonValue({ maxDepth: 2 })) },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      fc.record(
        {
          model,
          messages: fc.oneof(fc.array(message, { maxLength: 3 }), fc.jsonValue({ maxDepth: 2 })),
          input: fc.oneof(fc.string({ maxLength: 20 }), fc.array(fc.oneof(fc.string(), message), { maxLength: 3 }), fc.jsonValue({ maxDepth: 2 })),
          max_tokens: fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 5 })),
          stream: fc.oneof(fc.boolean(), fc.jsonValue({ maxDepth: 1 })),
          tools: fc.oneof(fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 2 }), fc.jsonValue({ maxDepth: 2 })),
          tool_choice: fc.jsonValue({ maxDepth: 3 }),
          response_format: fc.jsonValue({ maxDepth: 3 }),
          system: fc.jsonValue({ maxDepth: 3 }),
          temperature: fc.jsonValue({ maxDepth: 1 }),
          extra: fc.jsonValue({ maxDepth: 2 }),
        },
        { requiredKeys: [] },
      ).map((b) => JSON.stringify(b)),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      // A valid body with one field replaced by anything: most of these get past parsing.
      fc
        .tuple(fc.constantFrom(...ENDPOINTS), fc.constantFrom("model", "messages", "input", "max_tokens", "stream", "tools", "tool_choice", "temperature", "metadata", "response_format", "system", "stop", "user", "n", "dimensions", "encoding_format"), fc.jsonValue({ maxDepth: 3 }), fc.boolean())
        .map(([p, field, v, keep]) => JSON.stringify(keep ? BASES[p] : { ...BASES[p], [field]: v })),
      fc.string({ maxLength: 60 }),
      fc.uint8Array({ maxLength: 60 }),
    );
    const cases = fc.sample(fc.tuple(fc.constantFrom(...ENDPOINTS), body), { numRuns: 10_000, seed: 20261207 });
    const statuses = new Map<number, number>();
    const fivexx: string[] = [];
    for (let i = 0; i < cases.length; i += 16) {
      await Promise.all(
        cases.slice(i, i + 16).map(async ([path, b]) => {
          const res = await send(path, b);
          await res.arrayBuffer();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status >= 500) fivexx.push(`${res.status} ${path} ${typeof b === "string" ? b.slice(0, 300) : `bytes ${Buffer.from(b).toString("hex")}`}`);
        }),
      );
    }
    expect(fivexx).toEqual([]);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(10_000);
    // Still serving, and some random bodies were valid enough to be answered.
    const ok = await send("chat/completions", JSON.stringify({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "still there?" }] }));
    expect(ok.status).toBe(200);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
  }, 240_000);
});
