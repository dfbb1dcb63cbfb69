import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockUpstream, type MockUpstream } from "./index";
import { collect, spreadMs } from "./test-helpers";

// The real `openai` SDK against the mock proves the wire format, not just our own parser.
let mock: MockUpstream;
let client: OpenAI;
const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
  { type: "function", function: { name: "lookup", parameters: { type: "object", properties: { echo: { type: "string" } } } } },
  { type: "function", function: { name: "second", parameters: { type: "object", properties: {} } } },
];

beforeAll(async () => {
  mock = await startMockUpstream();
  client = new OpenAI({ apiKey: "sk-test", baseURL: mock.openaiBaseUrl, maxRetries: 0 });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

describe("OpenAI chat completions (non-stream)", () => {
  it("echoes the last user text with usage, and records the request with its key", async () => {
    const res = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "be brief" },
        { role: "user", content: "first" },
        { role: "assistant", content: "ok" },
        { role: "user", content: [{ type: "text", text: "canary-7f3a" }, { type: "text", text: "second part" }] },
      ],
    });
    expect(res.object).toBe("chat.completion");
    expect(res.model).toBe("gpt-4o-mini");
    expect(res.choices[0]!.message.content).toBe("You said: canary-7f3a\nsecond part");
    expect(res.choices[0]!.finish_reason).toBe("stop");
    // 8 + 5 + 2 + 23 chars of message text -> ceil(38 / 4); five words in the reply
    expect(res.usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 });
    expect(res._request_id).toMatch(/^req_/);

    expect(mock.requests).toHaveLength(1);
    const rec = mock.requests[0]!;
    expect(rec).toMatchObject({ method: "POST", path: "/v1/chat/completions", apiKey: "sk-test" });
    expect(rec.headers.authorization).toBe("Bearer sk-test");
    expect((rec.body as { model: string }).model).toBe("gpt-4o-mini");
    expect(mock.keysSeen()).toEqual(new Set(["sk-test"]));
  });

  it("lists models in the OpenAI list shape", async () => {
    const ids: string[] = [];
    for await (const m of client.models.list()) {
      expect(m.object).toBe("model");
      ids.push(m.id);
    }
    expect(ids).toContain("gpt-4o-mini");
  });
});

describe("OpenAI chat completions (stream)", () => {
  it("streams one chunk per word: role first, finish_reason last, then [DONE]", async () => {
    const stream = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "alpha beta gamma" }],
      stream: true,
    });
    const chunks = (await collect(stream)).map((c) => c.item);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks[0]!.choices[0]!.delta.role).toBe("assistant");
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe("stop");
    expect(chunks.every((c) => c.object === "chat.completion.chunk" && c.usage === undefined)).toBe(true);
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
    expect(text).toBe("You said: alpha beta gamma");
    expect(chunks.filter((c) => c.choices[0]?.delta.content).length).toBe(5);
  });

  it("adds a final choices:[] usage chunk when stream_options.include_usage is set", async () => {
    const stream = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "count me" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = (await collect(stream)).map((c) => c.item);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ prompt_tokens: 2, completion_tokens: 4, total_tokens: 6 });
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
  });

  it("spaces chunks by the per-request x-mock-delay-ms header and flushes each at once", async () => {
    const started = performance.now();
    const stream = await client.chat.completions.create(
      { model: "gpt-4o-mini", messages: [{ role: "user", content: "one two three four" }], stream: true },
      { headers: { "x-mock-delay-ms": "40" } },
    );
    const arrivals = (await collect(stream)).filter((c) => c.item.choices[0]?.delta.content).map((c) => c.at);
    expect(arrivals).toHaveLength(6);
    expect(spreadMs(arrivals)).toBeGreaterThanOrEqual(5 * 40 * 0.8);
    // The first word is not held back until the end: no buffering on the way out.
    expect(arrivals[0]! - started).toBeLessThan(spreadMs(arrivals));
  });
});

describe("OpenAI tool calls", () => {
  it("calls the first tool when asked, with the user text as arguments (non-stream)", async () => {
    const res = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "please call a tool now" }],
      tools,
    });
    const choice = res.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.content).toBeNull();
    const call = choice.message.tool_calls![0]!;
    expect(call.type).toBe("function");
    if (call.type !== "function") throw new Error("function call expected");
    expect(call.id).toMatch(/^call_/);
    expect(call.function.name).toBe("lookup");
    expect(JSON.parse(call.function.arguments)).toEqual({ echo: "please call a tool now" });
  });

  it("streams tool_calls deltas: id/type/name first, then the arguments in pieces", async () => {
    const stream = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "call a tool with canary-9b" }],
      tools,
      stream: true,
    });
    const chunks = (await collect(stream)).map((c) => c.item);
    const deltas = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(deltas[0]).toMatchObject({ index: 0, type: "function", function: { name: "lookup", arguments: "" } });
    expect(deltas[0]!.id).toMatch(/^call_/);
    const pieces = deltas.slice(1).map((d) => d.function!.arguments!);
    expect(pieces.length).toBeGreaterThanOrEqual(2);
    expect(pieces.length).toBeLessThanOrEqual(3);
    expect(JSON.parse(pieces.join(""))).toEqual({ echo: "call a tool with canary-9b" });
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe("tool_calls");
  });

  it("follows tool_choice: a named function is forced, none suppresses", async () => {
    const forced = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "just chat" }],
      tools,
      tool_choice: { type: "function", function: { name: "second" } },
    });
    const call = forced.choices[0]!.message.tool_calls![0]!;
    expect(call.type === "function" && call.function.name).toBe("second");

    const none = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "call a tool" }],
      tools,
      tool_choice: "none",
    });
    expect(none.choices[0]!.message.content).toBe("You said: call a tool");
  });

  it("answers in text after a tool result, so agent loops end", async () => {
    const res = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [
        { role: "user", content: "call a tool" },
        { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "lookup", arguments: "{}" } }] },
        { role: "tool", tool_call_id: "call_1", content: "42" },
      ],
      tools,
    });
    expect(res.choices[0]!.finish_reason).toBe("stop");
    expect(res.choices[0]!.message.content).toBe("You said: call a tool");
  });
});

describe("bench mode", () => {
  it("pads replies to completionBytes and splits them into `chunks` equal pieces, paced by chunkDelayMs", async () => {
    const bench = await startMockUpstream({ completionBytes: 1024, chunks: 20, chunkDelayMs: 10 });
    try {
      const c = new OpenAI({ apiKey: "sk-bench", baseURL: bench.openaiBaseUrl, maxRetries: 0 });
      const stream = await c.chat.completions.create({ model: "m", messages: [{ role: "user", content: "ping" }], stream: true });
      const content = (await collect(stream)).filter((x) => x.item.choices[0]?.delta.content);
      expect(content).toHaveLength(20);
      expect(spreadMs(content.map((x) => x.at))).toBeGreaterThanOrEqual(19 * 10 * 0.8);
      const text = content.map((x) => x.item.choices[0]!.delta.content).join("");
      expect(Buffer.byteLength(text)).toBe(1024);
      expect(text.startsWith("You said: ping")).toBe(true);

      const whole = await c.chat.completions.create({ model: "m", messages: [{ role: "user", content: "ping" }] });
      expect(whole.choices[0]!.message.content).toBe(text);
      expect(whole.usage!.completion_tokens).toBe(20);
    } finally {
      await bench.close();
    }
  });
});
