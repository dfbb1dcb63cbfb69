import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { observeAnthropicStream } from "./stream-usage";
import { chunkings, runThrough } from "../../stream/stream-test-helpers";
import type { TokenUsage } from "../../types";

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url)));

const FIXTURES: Array<[string, TokenUsage]> = [
  ["anthropic-text.sse", { promptTokens: 25, completionTokens: 15 }],
  ["anthropic-tool-use.sse", { promptTokens: 1508, completionTokens: 118 }],
  ["anthropic-error-mid-stream.sse", { promptTokens: 31, completionTokens: 1 }],
];

describe.each(FIXTURES)("observeAnthropicStream on %s", (name, usage) => {
  describe.each(chunkings(fixture(name)))("%s", (_chunking, chunks) => {
    it("passes every chunk through as is and reads usage", async () => {
      const onUsage = vi.fn<(u: TokenUsage) => void>();
      const onFirstToken = vi.fn();
      const out = await runThrough(observeAnthropicStream({ onUsage, onFirstToken }), chunks);
      expect(out).toHaveLength(chunks.length);
      out.forEach((chunk, i) => expect(chunk).toBe(chunks[i]));
      expect(onUsage).toHaveBeenCalledTimes(1);
      expect(onUsage).toHaveBeenCalledWith(usage);
      expect(onFirstToken).toHaveBeenCalledTimes(1);
    });
  });
});

describe("observeAnthropicStream", () => {
  it("reports nothing for a stream without message_start", async () => {
    const onUsage = vi.fn();
    const body = new TextEncoder().encode('event: error\ndata: {"type":"error","error":{"type":"api_error","message":"x"}}\n\n');
    await runThrough(observeAnthropicStream({ onUsage }), [body]);
    expect(onUsage).not.toHaveBeenCalled();
  });
});
