import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockUpstream, type MockUpstream } from "./index";
import { collect, rejection, spreadMs } from "./test-helpers";

// The real Anthropic SDK against the mock proves the Messages wire format and event order.
let mock: MockUpstream;
let client: Anthropic;
const tools: Anthropic.Messages.Tool[] = [
  { name: "lookup", input_schema: { type: "object", properties: { echo: { type: "string" } } } },
  { name: "second", input_schema: { type: "object", properties: {} } },
];

beforeAll(async () => {
  mock = await startMockUpstream();
  // The SDK appends /v1/messages itself, so it gets the bare url.
  client = new Anthropic({ apiKey: "sk-ant-test", baseURL: mock.url, maxRetries: 0 });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

/** Splits a raw SSE body into [event name, parsed data] pairs. */
function parseSse(text: string): Array<[string, { type: string }]> {
  return text
    .split("\n\n")
    .filter(Boolean)
    .map((block) => {
      const [eventLine, dataLine] = block.split("\n");
      expect(eventLine).toMatch(/^event: /);
      expect(dataLine).toMatch(/^data: /);
      return [eventLine!.slice(7), JSON.parse(dataLine!.slice(6))];
    });
}

describe("Anthropic messages (non-stream)", () => {
  it("echoes the last user text as one text block, with usage, and records the key", async () => {
    const msg = await client.messages.create({
      model: "claude-haiku-4-5",
      max_tokens: 256,
      system: "be brief",
      messages: [{ role: "user", content: [{ type: "text", text: "canary-a1 here" }] }],
    });
    expect(msg).toMatchObject({
      type: "message",
      role: "assistant",
      model: "claude-haiku-4-5",
      content: [{ type: "text", text: "You said: canary-a1 here" }],
      stop_reason: "end_turn",
      stop_sequence: null,
    });
    expect(msg.id).toMatch(/^msg_/);
    // "be brief" + "canary-a1 here" = 22 chars -> 6 tokens; four words in the reply.
    expect(msg.usage).toMatchObject({ input_tokens: 6, output_tokens: 4 });
    const rec = mock.requests[0]!;
    expect(rec).toMatchObject({ path: "/v1/messages", apiKey: "sk-ant-test" });
    // @anthropic-ai/sdk 1.14 sends apiKey as a Bearer token, not x-api-key.
    expect(rec.headers.authorization).toBe("Bearer sk-ant-test");
    expect(rec.headers["anthropic-version"]).toBeTruthy();
    expect(mock.keysSeen()).toEqual(new Set(["sk-ant-test"]));
  });

  it("refuses a request without max_tokens, as the real API does", async () => {
    const err = await rejection(
      client.messages.create({ model: "claude", messages: [{ role: "user", content: "hi" }] } as unknown as Anthropic.MessageCreateParamsNonStreaming),
    );
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect((err as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
  });
});

describe("Anthropic authentication headers", () => {
  const post = (headers: Record<string, string>) =>
    fetch(`${mock.url}/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ model: "claude", max_tokens: 8, messages: [{ role: "user", content: "hi" }] }),
    });

  it("accepts the documented x-api-key header and records that key", async () => {
    const res = await post({ "x-api-key": "sk-ant-raw", "anthropic-version": "2023-06-01" });
    expect(res.status).toBe(200);
    expect(res.headers.get("request-id")).toMatch(/^req_/);
    expect(mock.requests[0]!.apiKey).toBe("sk-ant-raw");
  });

  it("requires anthropic-version and a key, answering in the Anthropic error shape", async () => {
    const noVersion = await post({ "x-api-key": "sk-ant-raw" });
    expect(noVersion.status).toBe(400);
    expect(await noVersion.json()).toEqual({
      type: "error",
      error: { type: "invalid_request_error", message: "anthropic-version: header is required" },
    });
    const noKey = await post({ "anthropic-version": "2023-06-01" });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ type: "error", error: { type: "authentication_error" } });
  });
});

describe("Anthropic messages (stream)", () => {
  it("sends the real event sequence with matching event: and data: lines", async () => {
    const res = await fetch(`${mock.url}/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": "k", "anthropic-version": "2023-06-01", "content-type": "application/json" },
      body: JSON.stringify({ model: "claude", max_tokens: 64, stream: true, messages: [{ role: "user", content: "red green" }] }),
    });
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = parseSse(await res.text());
    for (const [name, data] of events) expect(data.type).toBe(name);
    expect(events.map(([name]) => name)).toEqual([
      "message_start",
      "content_block_start",
      "ping",
      ...Array(4).fill("content_block_delta"),
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(events[0]![1]).toMatchObject({ message: { usage: { input_tokens: 3, output_tokens: 1 } } });
    expect(events.at(-2)![1]).toMatchObject({ delta: { stop_reason: "end_turn" }, usage: { output_tokens: 4 } });
  });

  it("is consumable by the SDK's stream helpers, text deltas spaced by chunkDelayMs", async () => {
    const slowish = await startMockUpstream({ chunkDelayMs: 30 });
    try {
      const c = new Anthropic({ apiKey: "sk-ant-x", baseURL: slowish.url, maxRetries: 0 });
      const stream = await c.messages.create({
        model: "claude",
        max_tokens: 64,
        stream: true,
        messages: [{ role: "user", content: "one two three" }],
      });
      const events = await collect(stream);
      const deltas = events.filter((e) => e.item.type === "content_block_delta");
      expect(deltas).toHaveLength(5);
      expect(spreadMs(deltas.map((d) => d.at))).toBeGreaterThanOrEqual(4 * 30 * 0.8);

      const final = await c.messages.stream({ model: "claude", max_tokens: 64, messages: [{ role: "user", content: "hi" }] }).finalMessage();
      expect(final.content).toEqual([{ type: "text", text: "You said: hi" }]);
      expect(final.usage.output_tokens).toBe(3);
    } finally {
      await slowish.close();
    }
  });
});

describe("Anthropic tool use", () => {
  it("answers with a tool_use block when asked (non-stream)", async () => {
    const msg = await client.messages.create({
      model: "claude",
      max_tokens: 64,
      tools,
      messages: [{ role: "user", content: "call a tool please" }],
    });
    expect(msg.stop_reason).toBe("tool_use");
    expect(msg.content).toHaveLength(1);
    expect(msg.content[0]).toMatchObject({ type: "tool_use", name: "lookup", input: { echo: "call a tool please" } });
  });

  it("streams input_json_delta pieces the SDK assembles into the input", async () => {
    const stream = client.messages.stream({
      model: "claude",
      max_tokens: 64,
      tools,
      tool_choice: { type: "tool", name: "second" },
      messages: [{ role: "user", content: "no phrase, but forced" }],
    });
    const partials: string[] = [];
    stream.on("inputJson", (partial) => partials.push(partial));
    const final = await stream.finalMessage();
    expect(partials.length).toBeGreaterThanOrEqual(2);
    expect(partials.length).toBeLessThanOrEqual(3);
    expect(final.stop_reason).toBe("tool_use");
    expect(final.content[0]).toMatchObject({ type: "tool_use", name: "second", input: { echo: "no phrase, but forced" } });
  });

  it("answers in text after a tool_result turn", async () => {
    const msg = await client.messages.create({
      model: "claude",
      max_tokens: 64,
      tools,
      messages: [
        { role: "user", content: "call a tool" },
        { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "lookup", input: {} }] },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "42" }] },
      ],
    });
    expect(msg.stop_reason).toBe("end_turn");
    expect(msg.content).toEqual([{ type: "text", text: "You said: call a tool" }]);
  });
});
