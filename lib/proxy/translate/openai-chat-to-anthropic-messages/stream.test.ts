import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { anthropicStreamToOpenAI } from "./stream";
import { chunkings, concatBytes, parseOutputEvents, runThrough, splitEvery } from "../../stream/stream-test-helpers";
import type { TokenUsage } from "../../types";

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url)));

const CREATED = 1754650000;
const MODEL = "claude-sonnet";

function chunkOf(id: string, delta: object, finish: string | null = null) {
  return {
    id,
    object: "chat.completion.chunk",
    created: CREATED,
    model: MODEL,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  };
}

function usageChunk(id: string, prompt: number, completion: number, cached = 0) {
  return {
    id,
    object: "chat.completion.chunk",
    created: CREATED,
    model: MODEL,
    choices: [],
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, prompt_tokens_details: { cached_tokens: cached } },
  };
}

async function translate(chunks: Uint8Array[], includeUsage = true) {
  const onUsage = vi.fn<(u: TokenUsage) => void>();
  const onFirstToken = vi.fn();
  const out = await runThrough(
    anthropicStreamToOpenAI({ model: MODEL, created: CREATED, includeUsage, onUsage, onFirstToken }),
    chunks,
  );
  return { events: parseOutputEvents(concatBytes(out)), onUsage, onFirstToken };
}

const TEXT_ID = "chatcmpl-msg_01XFDUDYJgAACzvnptvVoYEL";
const TEXT_EVENTS = [
  chunkOf(TEXT_ID, { role: "assistant", content: "" }),
  chunkOf(TEXT_ID, { content: "Hello" }),
  chunkOf(TEXT_ID, { content: "! Grüße aus Zürich 🌍" }),
  chunkOf(TEXT_ID, { content: " — how can I help?" }),
  chunkOf(TEXT_ID, {}, "stop"),
];

const TOOL_ID = "chatcmpl-msg_014p7gG3wDgGV9EUtLvnow3U";
const args = (index: number, partial: string) => chunkOf(TOOL_ID, { tool_calls: [{ index, function: { arguments: partial } }] });
const TOOL_EVENTS = [
  chunkOf(TOOL_ID, { role: "assistant", content: "" }),
  chunkOf(TOOL_ID, { content: "I'll check the weather in both cities." }),
  chunkOf(TOOL_ID, {
    tool_calls: [
      { index: 0, id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", type: "function", function: { name: "get_weather", arguments: "" } },
    ],
  }),
  args(0, '{"location":'),
  args(0, ' "San Fra'),
  args(0, 'ncisco, CA", "unit": "fah'),
  args(0, 'renheit"}'),
  chunkOf(TOOL_ID, {
    tool_calls: [
      { index: 1, id: "toolu_01Q3ShJ3JUXcZ7bZBn1uSvEh", type: "function", function: { name: "get_weather", arguments: "" } },
    ],
  }),
  args(1, '{"location": "Lond'),
  args(1, 'on, UK", "unit": "celsius"}'),
  chunkOf(TOOL_ID, {}, "tool_calls"),
];

describe("anthropicStreamToOpenAI", () => {
  describe.each(chunkings(fixture("anthropic-text.sse")))("text stream, %s", (_name, chunks) => {
    it("emits the OpenAI chunks, the usage chunk and [DONE]", async () => {
      const { events, onUsage, onFirstToken } = await translate(chunks);
      expect(events).toStrictEqual([...TEXT_EVENTS, usageChunk(TEXT_ID, 25, 15), "[DONE]"]);
      expect(onUsage).toHaveBeenCalledTimes(1);
      expect(onUsage).toHaveBeenCalledWith({ promptTokens: 25, completionTokens: 15 });
      expect(onFirstToken).toHaveBeenCalledTimes(1);
    });
  });

  describe.each(chunkings(fixture("anthropic-tool-use.sse")))("tool-use stream, %s", (_name, chunks) => {
    it("emits tool_calls deltas with running indexes", async () => {
      const { events, onUsage } = await translate(chunks);
      // prompt_tokens = input 472 + cache creation 12 + cache read 1024
      expect(events).toStrictEqual([...TOOL_EVENTS, usageChunk(TOOL_ID, 1508, 118, 1024), "[DONE]"]);
      expect(onUsage).toHaveBeenCalledWith({ promptTokens: 1508, completionTokens: 118 });
    });
  });

  it("reassembles tool arguments into valid JSON", async () => {
    const { events } = await translate([fixture("anthropic-tool-use.sse")]);
    const argsByIndex: string[] = [];
    for (const event of events) {
      if (typeof event === "string") continue;
      const calls = (event as { choices: Array<{ delta: { tool_calls?: Array<{ index: number; function: { arguments: string } }> } }> })
        .choices[0]?.delta.tool_calls;
      for (const call of calls ?? []) argsByIndex[call.index] = (argsByIndex[call.index] ?? "") + call.function.arguments;
    }
    expect(argsByIndex.map((a) => JSON.parse(a))).toStrictEqual([
      { location: "San Francisco, CA", unit: "fahrenheit" },
      { location: "London, UK", unit: "celsius" },
    ]);
  });

  it("omits the usage chunk unless the client asked for it", async () => {
    const { events, onUsage } = await translate([fixture("anthropic-text.sse")], false);
    expect(events).toStrictEqual([...TEXT_EVENTS, "[DONE]"]);
    expect(onUsage).toHaveBeenCalledWith({ promptTokens: 25, completionTokens: 15 });
  });

  describe.each(chunkings(fixture("anthropic-error-mid-stream.sse")))("error mid-stream, %s", (_name, chunks) => {
    it("sends one OpenAI error event and closes without [DONE]", async () => {
      const id = "chatcmpl-msg_01Ht5Vg2cPqzXkDgQa3aSmLv";
      const { events, onUsage } = await translate(chunks);
      expect(events).toStrictEqual([
        chunkOf(id, { role: "assistant", content: "" }),
        chunkOf(id, { content: "Once upon a time" }),
        { error: { message: "Overloaded", type: "api_error", param: null, code: "overloaded" } },
      ]);
      expect(onUsage).toHaveBeenCalledWith({ promptTokens: 31, completionTokens: 1 });
    });
  });

  it("ignores anything the upstream sends after an error", async () => {
    const tail = new TextEncoder().encode('event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"late"}}\n\n');
    const { events } = await translate([fixture("anthropic-error-mid-stream.sse"), tail]);
    expect(events).toHaveLength(3);
  });

  it("emits the first content chunk before the input ends", async () => {
    const input = fixture("anthropic-text.sse");
    const text = new TextDecoder().decode(input);
    const cut = new TextEncoder().encode(text.slice(0, text.indexOf('"Hello"}}') + 12)).length;
    const onFirstToken = vi.fn();
    const transform = anthropicStreamToOpenAI({ model: MODEL, created: CREATED, includeUsage: false, onFirstToken });
    const writer = transform.writable.getWriter();
    const reader = transform.readable.getReader();

    // Write the first half byte by byte, without awaiting: backpressure is the reader's.
    const writes = splitEvery(input.subarray(0, cut), 1).map((b) => writer.write(b));
    const seen: unknown[] = [];
    while (seen.length < 2) {
      const { value } = await reader.read();
      seen.push(...parseOutputEvents(value!));
    }
    expect(seen).toStrictEqual(TEXT_EVENTS.slice(0, 2));
    expect(onFirstToken).toHaveBeenCalledTimes(1);

    const rest = writer.write(input.subarray(cut)).then(() => writer.close());
    const tail: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      tail.push(value);
    }
    await Promise.all([...writes, rest]);
    expect(parseOutputEvents(concatBytes(tail))).toStrictEqual([...TEXT_EVENTS.slice(2), "[DONE]"]);
  });

  it("reports a stream that ends before the finish reason as an error", async () => {
    const text = new TextDecoder().decode(fixture("anthropic-text.sse"));
    const truncated = new TextEncoder().encode(text.slice(0, text.indexOf("event: content_block_stop")));
    const { events, onUsage } = await translate(splitEvery(truncated, 5));
    expect(events.slice(0, 4)).toStrictEqual(TEXT_EVENTS.slice(0, 4));
    expect(events[4]).toStrictEqual({
      error: {
        message: "The upstream provider ended the stream before the response was complete.",
        type: "api_error",
        param: null,
        code: "stream_incomplete",
      },
    });
    expect(events).toHaveLength(5);
    expect(onUsage).toHaveBeenCalledWith({ promptTokens: 25, completionTokens: 1 });
  });

  it("finishes normally when only message_stop is missing", async () => {
    const text = new TextDecoder().decode(fixture("anthropic-text.sse"));
    const truncated = new TextEncoder().encode(text.slice(0, text.indexOf("event: message_stop")));
    const { events } = await translate([truncated]);
    expect(events).toStrictEqual([...TEXT_EVENTS, usageChunk(TEXT_ID, 25, 15), "[DONE]"]);
  });

  it("takes cumulative input usage from message_delta when present, and handles CRLF", async () => {
    const text = new TextDecoder()
      .decode(fixture("anthropic-text.sse"))
      .replace('"usage":{"output_tokens":15}', '"usage":{"input_tokens":30,"cache_read_input_tokens":5,"output_tokens":16}')
      .replaceAll("\n", "\r\n");
    const { events, onUsage } = await translate(splitEvery(new TextEncoder().encode(text), 2));
    expect(events.at(-2)).toStrictEqual(usageChunk(TEXT_ID, 35, 16, 5));
    expect(onUsage).toHaveBeenCalledWith({ promptTokens: 35, completionTokens: 16 });
  });
});
