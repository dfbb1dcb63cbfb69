import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { observeOpenAIStream } from "./stream-usage";
import { chunkings, concatBytes, runThrough, splitEvery } from "../../stream/stream-test-helpers";
import type { TokenUsage } from "../../types";

const fixtureText = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), "utf8");
const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** The exact text of the usage-only event, blank line included. */
function usageEventOf(text: string, eol = "\n"): string {
  const begin = text.lastIndexOf(`${eol}${eol}data: `, text.indexOf('"choices":[]')) + eol.length * 2;
  const end = text.indexOf(`${eol}${eol}`, begin) + eol.length * 2;
  return text.slice(begin, end);
}

async function observe(chunks: Uint8Array[], stripUsageChunk: boolean) {
  const onUsage = vi.fn<(u: TokenUsage) => void>();
  const onFirstToken = vi.fn();
  const out = await runThrough(observeOpenAIStream({ stripUsageChunk, onUsage, onFirstToken }), chunks);
  return { out, onUsage, onFirstToken };
}

const FIXTURES: Array<[string, TokenUsage]> = [
  ["openai-text-usage.sse", { promptTokens: 19, completionTokens: 10 }],
  ["openai-tool-call.sse", { promptTokens: 82, completionTokens: 17 }],
];

describe.each(FIXTURES)("observeOpenAIStream on %s", (name, usage) => {
  const text = fixtureText(name);
  const bytes = encode(text);
  const usageEvent = usageEventOf(text);

  it("has a usage-only event in the fixture", () => {
    expect(JSON.parse(usageEvent.slice(6))).toMatchObject({ choices: [], usage: { prompt_tokens: usage.promptTokens } });
  });

  describe.each(chunkings(bytes))("%s", (_chunking, chunks) => {
    it("passes every input chunk through as is when not stripping", async () => {
      const { out, onUsage, onFirstToken } = await observe(chunks, false);
      expect(out).toHaveLength(chunks.length);
      out.forEach((chunk, i) => expect(chunk).toBe(chunks[i]));
      expect(onUsage).toHaveBeenCalledTimes(1);
      expect(onUsage).toHaveBeenCalledWith(usage);
      expect(onFirstToken).toHaveBeenCalledTimes(1);
    });

    it("drops exactly the usage-only event's bytes when stripping", async () => {
      const { out, onUsage, onFirstToken } = await observe(chunks, true);
      expect(decode(concatBytes(out))).toBe(text.replace(usageEvent, ""));
      expect(concatBytes(out)).toEqual(encode(text.replace(usageEvent, "")));
      expect(onUsage).toHaveBeenCalledTimes(1);
      expect(onUsage).toHaveBeenCalledWith(usage);
      expect(onFirstToken).toHaveBeenCalledTimes(1);
    });
  });

  it("forwards the original chunk objects when chunks align with events", async () => {
    const events = text.split(/(?<=\n\n)/).map(encode);
    const { out } = await observe(events, true);
    const kept = events.filter((e) => decode(e) !== usageEvent);
    expect(out).toHaveLength(kept.length);
    out.forEach((chunk, i) => expect(chunk).toBe(kept[i]));
  });

  it("strips CRLF-framed streams too", async () => {
    const crlf = text.replaceAll("\n", "\r\n");
    const { out, onUsage } = await observe(splitEvery(encode(crlf), 1), true);
    expect(decode(concatBytes(out))).toBe(crlf.replace(usageEventOf(crlf, "\r\n"), ""));
    expect(onUsage).toHaveBeenCalledWith(usage);
  });
});

describe("observeOpenAIStream", () => {
  it("holds only the incomplete event, never complete ones", async () => {
    const text = fixtureText("openai-text-usage.sse");
    const firstEnd = text.indexOf("\n\n") + 2;
    const transform = observeOpenAIStream({ stripUsageChunk: true, onUsage: () => undefined });
    const writer = transform.writable.getWriter();
    const reader = transform.readable.getReader();
    void writer.write(encode(text.slice(0, firstEnd + 40)));
    const { value } = await reader.read();
    expect(decode(value!)).toBe(text.slice(0, firstEnd));
    void writer.write(encode(text.slice(firstEnd + 40)));
    void writer.close();
    const rest: Uint8Array[] = [];
    for (;;) {
      const { done, value: chunk } = await reader.read();
      if (done) break;
      rest.push(chunk);
    }
    expect(decode(concatBytes([value!, ...rest]))).toBe(text.replace(usageEventOf(text), ""));
  });

  it("reads usage from a chunk that also has choices, without stripping it", async () => {
    const text =
      'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}\n\n' +
      'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":7,"completion_tokens":2,"total_tokens":9}}\n\n' +
      "data: [DONE]\n\n";
    const { out, onUsage } = await observe(splitEvery(encode(text), 4), true);
    expect(decode(concatBytes(out))).toBe(text);
    expect(onUsage).toHaveBeenCalledTimes(1);
    expect(onUsage).toHaveBeenCalledWith({ promptTokens: 7, completionTokens: 2 });
  });

  it("strips a usage chunk with choices: null", async () => {
    const usage = 'data: {"id":"c1","choices":null,"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}}\n\n';
    const text = 'data: {"id":"c1","choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\n' + usage + "data: [DONE]\n\n";
    const { out, onUsage } = await observe([encode(text)], true);
    expect(decode(concatBytes(out))).toBe(text.replace(usage, ""));
    expect(onUsage).toHaveBeenCalledWith({ promptTokens: 3, completionTokens: 4 });
  });

  it("does not call onUsage when the upstream reported none", async () => {
    const text = 'data: {"id":"c1","choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\ndata: [DONE]\n\n';
    const { out, onUsage } = await observe([encode(text)], true);
    expect(decode(concatBytes(out))).toBe(text);
    expect(onUsage).not.toHaveBeenCalled();
  });

  it("passes an oversized event through instead of buffering it", async () => {
    const big = `data: {"choices":[{"index":0,"delta":{"content":"${"x".repeat(9 * 1024 * 1024)}"}}]}\n\n`;
    const bytes = encode(big + "data: [DONE]\n\n");
    const { out, onFirstToken } = await observe(splitEvery(bytes, 1024 * 1024), true);
    const joined = concatBytes(out);
    // Compared by hand: deep equality over 9 MB of elements is too slow.
    expect(joined.length).toBe(bytes.length);
    expect(joined.every((b, i) => b === bytes[i])).toBe(true);
    // Forwarded before the event completed, so it was never inspected.
    expect(onFirstToken).not.toHaveBeenCalled();
  });
});
