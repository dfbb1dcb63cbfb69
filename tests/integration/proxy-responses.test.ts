import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withWorkspace } from "../../lib/db";
import { processMeter } from "../../lib/usage/meter";
import { startProxyHarness, type Tenant } from "../support/proxy-harness";

/** POST /api/v1/responses through the official openai SDK: native for OpenAI models, translated for Claude. */
let h: Awaited<ReturnType<typeof startProxyHarness>>;
let t: Tenant;
let openai: OpenAI;

beforeAll(async () => {
  h = await startProxyHarness();
  t = await h.tenant("Responses");
  openai = new OpenAI({ apiKey: t.apiKey, baseURL: `${h.origin}/api/v1`, maxRetries: 0 });
});
afterAll(() => h.close());

const lastUpstream = () => h.mock.requests.at(-1)!;
const tools = [{ type: "function" as const, name: "lookup", description: "Look something up", parameters: { type: "object", properties: { echo: { type: "string" } } }, strict: false }];

describe.each([
  ["openai/gpt-4o-mini", "/v1/responses"],
  ["anthropic/claude-haiku-4-5", "/v1/messages"],
])("openai SDK → /api/v1/responses with %s", (model, upstreamPath) => {
  it("answers whole, with output_text and usage, using only the workspace's key upstream", async () => {
    const r = await openai.responses.create({ model, instructions: "be brief", input: "hello responses" });
    expect(r.status).toBe("completed");
    expect(r.output_text).toContain("hello responses");
    expect(r.usage!.input_tokens).toBeGreaterThan(0);
    expect(r.usage!.output_tokens).toBeGreaterThan(0);
    const up = lastUpstream();
    expect(up.path).toBe(upstreamPath);
    expect(JSON.stringify(up.headers)).not.toContain(t.apiKey);
    expect((up.body as { model: string }).model).toBe(model.split("/")[1]);
  });

  it("streams text deltas as they come, ending in response.completed with usage", async () => {
    const stream = await openai.responses.create({ model, input: [{ role: "user", content: [{ type: "input_text", text: "stream these words" }] }], stream: true });
    let text = "";
    let completed: OpenAI.Responses.Response | undefined;
    const types: string[] = [];
    for await (const ev of stream) {
      types.push(ev.type);
      if (ev.type === "response.output_text.delta") text += ev.delta;
      if (ev.type === "response.completed") completed = ev.response;
    }
    expect(types[0]).toBe("response.created");
    expect(types.filter((x) => x === "response.output_text.delta").length).toBeGreaterThan(1);
    expect(text).toContain("stream these words");
    expect(completed?.usage?.output_tokens).toBeGreaterThan(0);
  });

  it("calls a function tool and takes its output back in the next turn", async () => {
    const first = await openai.responses.create({ model, input: "please call a tool", tools });
    const call = first.output.find((o): o is OpenAI.Responses.ResponseFunctionToolCall => o.type === "function_call");
    expect(call?.name).toBe("lookup");
    expect(JSON.parse(call!.arguments)).toEqual({ echo: "please call a tool" });
    const second = await openai.responses.create({
      model,
      tools,
      input: [
        { role: "user", content: "please call a tool" },
        { type: "function_call", call_id: call!.call_id, name: call!.name, arguments: call!.arguments },
        { type: "function_call_output", call_id: call!.call_id, output: "42" },
      ],
    });
    expect(second.output.some((o) => o.type === "message")).toBe(true);
  });

  it("streams a tool call's arguments", async () => {
    const stream = await openai.responses.create({ model, input: "please call a tool", tools, stream: true });
    let args = "";
    let done: string | undefined;
    for await (const ev of stream) {
      if (ev.type === "response.function_call_arguments.delta") args += ev.delta;
      if (ev.type === "response.function_call_arguments.done") done = ev.arguments;
    }
    expect(done).toBe(args);
    expect(JSON.parse(args)).toEqual({ echo: "please call a tool" });
  });
});

describe("/api/v1/responses refusals", () => {
  it("refuses what Claude cannot do with a 400 naming the parameter, before anything goes upstream", async () => {
    const before = h.mock.requests.length;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ previous_response_id: "resp_123" }, "previous_response_id"],
      [{ tools: [{ type: "web_search" }] }, "tools[0].type"],
      [{ reasoning: { effort: "high" } }, "reasoning"],
      [{ text: { format: { type: "json_object" } }, tools }, "text.format"],
    ];
    for (const [extra, param] of cases) {
      const err = await openai.responses.create({ model: "anthropic/claude-haiku-4-5", input: "x", ...extra } as never).catch((e: unknown) => e);
      expect(err, param).toBeInstanceOf(OpenAI.BadRequestError);
      const e = err as InstanceType<typeof OpenAI.BadRequestError>;
      expect([e.code, e.param]).toEqual(["unsupported_for_provider", param]);
    }
    expect(h.mock.requests.length).toBe(before);
  });

  it("refuses credentials in passthrough fields and unknown parameters, on every provider", async () => {
    for (const model of ["openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"]) {
      const bad = [
        { metadata: { note: "sk-proj-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" } },
        { extra_headers: { authorization: "x" } },
        { not_a_parameter: 1 },
      ];
      for (const extra of bad) {
        const err = await openai.responses.create({ model, input: "x", ...extra } as never).catch((e: unknown) => e);
        expect(err, JSON.stringify(extra)).toBeInstanceOf(OpenAI.BadRequestError);
      }
    }
  });

  it("serves the built-in mock provider, whole and streamed", async () => {
    expect((await openai.responses.create({ model: "mock/echo", input: "offline" })).output_text).toContain("offline");
    let text = "";
    for await (const ev of await openai.responses.create({ model: "mock/echo", input: "offline stream", stream: true })) {
      if (ev.type === "response.output_text.delta") text += ev.delta;
    }
    expect(text).toContain("offline stream");
  });

  it("meters Responses calls under their own endpoint, with the provider's token counts", async () => {
    await processMeter().flush();
    const rows = await withWorkspace(t.workspaceId, (tx) => tx.usageEvent.findMany({ where: { endpoint: "responses", status: 200 } }));
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const r of rows) {
      expect(r.estimated, `${r.model} stream=${r.stream}`).toBe(false);
      expect(r.completionTokens).toBeGreaterThan(0);
    }
    expect(new Set(rows.map((r) => r.provider))).toEqual(new Set(["openai", "anthropic", "mock"]));
  });
});
