import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { chunkings, collect, concatBytes, streamOf } from "../../stream/stream-test-helpers";
import type { TokenUsage } from "../../types";
import { responsesFromAnthropicTransformer } from "./stream";

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url)));

type Ev = { type: string; sequence_number: number; [k: string]: unknown };

/** Our own Responses SSE output, strictly: `event: <type>` and `data: <json>` whose type matches. */
function parse(bytes: Uint8Array): Ev[] {
  const text = new TextDecoder().decode(bytes);
  return text
    .slice(0, -2)
    .split("\n\n")
    .map((block) => {
      const [eventLine, dataLine, ...rest] = block.split("\n");
      expect(rest).toEqual([]);
      const data = JSON.parse(dataLine!.slice("data: ".length)) as Ev;
      expect(eventLine).toBe(`event: ${data.type}`);
      return data;
    });
}

async function translate(chunks: Uint8Array[]) {
  const onUsage = vi.fn<(u: TokenUsage) => void>();
  const onFirstToken = vi.fn();
  const t = new TransformStream(responsesFromAnthropicTransformer({ model: "anthropic/claude", createdAt: 1, request: { input: "hi" }, onUsage, onFirstToken, structuredTool: null }));
  const events = parse(concatBytes(await collect(streamOf(chunks).pipeThrough(t))));
  return { events, onUsage, onFirstToken };
}

describe("Anthropic stream → Responses stream", () => {
  describe.each(chunkings(fixture("anthropic-tool-use.sse")))("text and a tool call, %s", (_name, chunks) => {
    it("emits the Responses event sequence with numbered events, whole items and usage at the end", async () => {
      const { events, onUsage, onFirstToken } = await translate(chunks);
      expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
      const types = events.map((e) => e.type);
      expect(types.slice(0, 2)).toEqual(["response.created", "response.in_progress"]);
      expect(types.at(-1)).toBe("response.completed");
      const text = events.filter((e) => e.type === "response.output_text.delta").map((e) => e.delta).join("");
      expect(text).toBe("I'll check the weather in both cities.");
      const dones = events.filter((e) => e.type === "response.function_call_arguments.done");
      expect(dones).toHaveLength(2);
      for (const done of dones) {
        const args = events.filter((e) => e.type === "response.function_call_arguments.delta" && e.item_id === done.item_id).map((e) => e.delta).join("");
        expect(done.arguments).toBe(args);
      }
      expect(JSON.parse(dones[0]!.arguments as string)).toMatchObject({ location: "San Francisco, CA" });
      expect(JSON.parse(dones[1]!.arguments as string)).toMatchObject({ location: "London, UK" });
      const completed = events.at(-1)!.response as { status: string; model: string; output: Array<{ type: string; call_id?: string; name?: string }>; usage: { input_tokens: number; output_tokens: number; input_tokens_details: { cached_tokens: number } } };
      expect(completed.status).toBe("completed");
      expect(completed.model).toBe("anthropic/claude");
      expect(completed.output.map((o) => o.type)).toEqual(["message", "function_call", "function_call"]);
      expect(completed.output[1]).toMatchObject({ call_id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather" });
      // input_tokens covers Anthropic's cache buckets, as OpenAI's does.
      expect(completed.usage.input_tokens).toBe(472 + 12 + 1024);
      expect(completed.usage.input_tokens_details.cached_tokens).toBe(1024);
      expect(onUsage).toHaveBeenCalledOnce();
      expect(onUsage.mock.calls[0]![0]).toEqual({ promptTokens: completed.usage.input_tokens, completionTokens: completed.usage.output_tokens });
      expect(onFirstToken).toHaveBeenCalledOnce();
    });
  });

  it("ends an upstream error with one error event and response.failed, and nothing after", async () => {
    const { events } = await translate([fixture("anthropic-error-mid-stream.sse")]);
    const types = events.map((e) => e.type);
    expect(types.slice(-2)).toEqual(["error", "response.failed"]);
    expect(types).not.toContain("response.completed");
  });

  it("fails a stream that ends before Anthropic's stop reason", async () => {
    const text = new TextDecoder().decode(fixture("anthropic-text.sse"));
    const cut = text.slice(0, text.indexOf("event: message_delta"));
    const { events } = await translate([new TextEncoder().encode(cut)]);
    expect(events.at(-1)!.type).toBe("response.failed");
  });
});
