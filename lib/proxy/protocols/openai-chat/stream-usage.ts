import "server-only";
import { eventDataOf, isRecord, MAX_EVENT_CHARS, parseJson, SseBoundaryScanner } from "../../stream/sse-events";
import type { TokenUsage } from "../../types";

export type ObserveOpenAIStreamOptions = {
  /**
   * Drop the usage-only chunk (`choices: []` plus `usage`): the proxy asked the upstream
   * for usage, the client did not.
   */
  stripUsageChunk: boolean;
  /** Called once: on the usage-only chunk, else at [DONE] or the end with the last usage seen. */
  onUsage: (usage: TokenUsage) => void;
  onFirstToken?: () => void;
};

type Inspection = { usageOnly: boolean };

// Once the first token is seen, only chunks that can carry usage are worth parsing.
const USAGE_OBJECT = /"usage"\s*:\s*\{/;

function hasTokens(choices: unknown): boolean {
  if (!Array.isArray(choices)) return false;
  return choices.some((choice: unknown) => {
    if (!isRecord(choice) || !isRecord(choice.delta)) return false;
    const { content, tool_calls: toolCalls } = choice.delta;
    return (typeof content === "string" && content !== "") || (Array.isArray(toolCalls) && toolCalls.length > 0);
  });
}

/**
 * Observes an OpenAI-format SSE stream on its way to the client: reads usage and the
 * first token, and forwards the upstream's bytes untouched.
 *
 * Without stripping, every input chunk is enqueued as is, immediately. With stripping,
 * complete events are forwarded as soon as their chunk arrives (as the original chunk
 * when nothing in it is dropped, else as subarrays of it); only the bytes of the event
 * still in progress are held until its blank line arrives, and the usage-only event's
 * bytes are dropped exactly.
 */
export function observeOpenAIStream(opts: ObserveOpenAIStreamOptions): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream(openAIStreamObserver(opts));
}

/** The same as a transformer, for the proxy's relay (which runs it without a TransformStream in between). */
export function openAIStreamObserver(opts: ObserveOpenAIStreamOptions): Transformer<Uint8Array, Uint8Array> {
  const scanner = new SseBoundaryScanner();
  let held: Uint8Array[] = [];
  let heldBytes = 0;
  // The event in progress outgrew the cap: pass it through without inspecting it.
  let oversized = false;
  let lastUsage: TokenUsage | null = null;
  let usageReported = false;
  let sawFirstToken = false;

  const report = () => {
    if (usageReported || lastUsage === null) return;
    usageReported = true;
    opts.onUsage(lastUsage);
  };

  const inspect = (bytes: Uint8Array): Inspection => {
    const data = eventDataOf(bytes);
    if (data === null) return { usageOnly: false };
    if (data.trim() === "[DONE]") {
      report();
      return { usageOnly: false };
    }
    if (sawFirstToken && !USAGE_OBJECT.test(data)) return { usageOnly: false };
    const chunk = parseJson(data);
    if (!isRecord(chunk)) return { usageOnly: false };
    if (!sawFirstToken && hasTokens(chunk.choices)) {
      sawFirstToken = true;
      opts.onFirstToken?.();
    }
    const usage = chunk.usage;
    if (!isRecord(usage)) return { usageOnly: false };
    const prompt = typeof usage.prompt_tokens === "number" ? usage.prompt_tokens : 0;
    const completion = typeof usage.completion_tokens === "number" ? usage.completion_tokens : 0;
    lastUsage = { promptTokens: prompt, completionTokens: completion };
    // Some OpenAI-compatible servers send `choices: null` or omit it on this chunk.
    const usageOnly = chunk.choices == null || (Array.isArray(chunk.choices) && chunk.choices.length === 0);
    if (usageOnly) report();
    return { usageOnly };
  };

  const takeHeld = (tail?: Uint8Array): Uint8Array => {
    const parts = tail ? [...held, tail] : held;
    const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) {
      joined.set(part, offset);
      offset += part.length;
    }
    held = [];
    heldBytes = 0;
    return joined;
  };

  const hold = (bytes: Uint8Array, forward: (b: Uint8Array) => void) => {
    if (oversized) {
      forward(bytes);
      return;
    }
    // A copy: the producer may reuse its buffer once we return.
    held.push(bytes.slice());
    heldBytes += bytes.length;
    if (heldBytes > MAX_EVENT_CHARS) {
      oversized = true;
      for (const part of held) forward(part);
      held = [];
      heldBytes = 0;
    }
  };

  return {
    transform(chunk, controller) {
      const strip = opts.stripUsageChunk;
      if (!strip) controller.enqueue(chunk);

      // Pending range of `chunk` to forward, flushed before anything else is enqueued.
      let from = 0;
      let to = 0;
      const flushRange = () => {
        if (to > from) controller.enqueue(from === 0 && to === chunk.length ? chunk : chunk.subarray(from, to));
        from = to;
      };
      const forward = (bytes: Uint8Array) => {
        if (!strip) return;
        flushRange();
        controller.enqueue(bytes);
      };

      let start = 0;
      for (const end of scanner.scan(chunk)) {
        const part = chunk.subarray(start, end);
        if (oversized) {
          oversized = false;
          to = end;
        } else if (held.length > 0) {
          const headParts = held;
          const { usageOnly } = inspect(takeHeld(part));
          if (usageOnly) {
            from = end;
          } else {
            for (const head of headParts) forward(head);
          }
          to = end;
        } else {
          const { usageOnly } = inspect(part);
          if (usageOnly) {
            if (strip) flushRange();
            from = end;
          }
          to = end;
        }
        start = end;
      }
      if (strip) flushRange();
      if (start < chunk.length) hold(chunk.subarray(start), forward);
    },
    flush(controller) {
      // An event left without its blank line: the client's parser will drop it anyway.
      if (held.length > 0) {
        const bytes = takeHeld();
        const { usageOnly } = inspect(bytes);
        if (opts.stripUsageChunk && !usageOnly) controller.enqueue(bytes);
      }
      report();
    },
  };
}
