import "server-only";
import { promptTokensOf } from "./usage";
import { createByteSseParser, isRecord, parseJson, type SseMessage } from "../../stream/sse-events";
import type { TokenUsage } from "../../types";

export type ObserveAnthropicStreamOptions = {
  /** Called once, at message_stop, an error event, or the end of the stream, if message_start was seen. */
  onUsage: (usage: TokenUsage) => void;
  /** Called on the first content_block_delta that carries anything. */
  onFirstToken?: () => void;
};

function tokenCount(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function deltaHasContent(delta: unknown): boolean {
  if (!isRecord(delta)) return false;
  return Object.entries(delta).some(([key, value]) => key !== "type" && typeof value === "string" && value !== "");
}

/**
 * Observes a native Anthropic Messages SSE stream (the /v1/messages endpoint): every
 * input chunk is forwarded unchanged and immediately; a parser reads usage alongside.
 * Input tokens come from message_start (plus cache buckets), output tokens from the
 * cumulative message_delta usage.
 */
export function observeAnthropicStream(opts: ObserveAnthropicStreamOptions): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream(anthropicStreamObserver(opts));
}

/** The same as a transformer, for the proxy's relay (which runs it without a TransformStream in between). */
export function anthropicStreamObserver(opts: ObserveAnthropicStreamOptions): Transformer<Uint8Array, Uint8Array> {
  let sawUsage = false;
  let reported = false;
  let inputTokens = 0;
  let outputTokens = 0;
  let sawFirstToken = false;

  const report = () => {
    if (reported || !sawUsage) return;
    reported = true;
    opts.onUsage({ promptTokens: inputTokens, completionTokens: outputTokens });
  };

  const onEvent = (message: SseMessage) => {
    if (reported) return;
    // The bulk of a stream; nothing to read in them once the first token is seen.
    if (sawFirstToken && message.event === "content_block_delta") return;
    const event = parseJson(message.data);
    if (!isRecord(event)) return;
    const type = typeof event.type === "string" ? event.type : message.event;
    if (type === "message_start" && isRecord(event.message) && isRecord(event.message.usage)) {
      const usage = event.message.usage;
      sawUsage = true;
      inputTokens = promptTokensOf(usage);
      outputTokens = tokenCount(usage.output_tokens) ?? 0;
    } else if (type === "message_delta" && isRecord(event.usage)) {
      const output = tokenCount(event.usage.output_tokens);
      if (output !== undefined) {
        sawUsage = true;
        outputTokens = output;
      }
      if (tokenCount(event.usage.input_tokens) !== undefined) {
        sawUsage = true;
        inputTokens = promptTokensOf(event.usage);
      }
    } else if (type === "content_block_delta" && !sawFirstToken && deltaHasContent(event.delta)) {
      sawFirstToken = true;
      opts.onFirstToken?.();
    } else if (type === "message_stop" || type === "error") {
      report();
    }
  };

  // On overflow we stop observing; the bytes keep flowing untouched.
  const parser = createByteSseParser(onEvent, () => undefined);
  return {
    transform(chunk, controller) {
      controller.enqueue(chunk);
      if (!reported) parser.feed(chunk);
    },
    flush() {
      if (!reported) parser.end();
      report();
    },
  };
}
