import "server-only";
import { promptTokensOf } from "../../protocols/anthropic-messages/usage";
import { anthropicErrorToOpenAI, mapStopReason, openAIUsage } from "./response";
import { createByteSseParser, isRecord, parseJson, sseData, type SseMessage } from "../../stream/sse-events";
import type {
  OpenAIChatCompletionChunk,
  OpenAIErrorBody,
  OpenAIFinishReason,
  OpenAIToolCallDelta,
  TokenUsage,
} from "./wire-types";

export type AnthropicStreamToOpenAIOptions = {
  /** The model name the client asked for; echoed in every chunk. */
  model: string;
  /** Unix seconds; the same on every chunk. */
  created: number;
  /** The client set `stream_options.include_usage`: send the usage-only chunk before [DONE]. */
  includeUsage: boolean;
  onUsage?: (usage: TokenUsage) => void;
  onFirstToken?: () => void;
  /** The forced structured-output tool: its input streams as the answer's text, not as a tool call. */
  structuredTool?: string | null;
};

type Delta = OpenAIChatCompletionChunk["choices"][number]["delta"];

const INCOMPLETE_STREAM: OpenAIErrorBody = {
  error: {
    message: "The upstream provider ended the stream before the response was complete.",
    type: "api_error",
    param: null,
    code: "stream_incomplete",
  },
};

const OVERSIZED_EVENT: OpenAIErrorBody = {
  error: { message: "The upstream provider sent an oversized stream event.", type: "api_error", param: null, code: null },
};

function tokenCount(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Translates an Anthropic Messages SSE stream (bytes) into an OpenAI Chat Completions
 * SSE stream (bytes). Each output chunk is enqueued while its input event is being
 * parsed, so nothing is held back beyond one incomplete event.
 *
 * Ends with `data: [DONE]` after `message_stop`. An upstream `error` event, or a stream
 * that ends before `message_delta`, yields one OpenAI-shaped error event and no
 * [DONE]. `onUsage` fires at most once, when the stream finishes or fails, if
 * `message_start` was seen. A transport failure (the input erroring) propagates as a
 * stream error and is the caller's to report.
 */
export function anthropicStreamToOpenAI(opts: AnthropicStreamToOpenAIOptions): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream(anthropicToOpenAITransformer(opts));
}

/** The same as a transformer, for the proxy's relay (which runs it without a TransformStream in between). */
export function anthropicToOpenAITransformer(opts: AnthropicStreamToOpenAIOptions): Transformer<Uint8Array, Uint8Array> {
  const { model, created, includeUsage } = opts;
  let out!: TransformStreamDefaultController<Uint8Array>;
  let id = "chatcmpl-unknown";
  let started = false;
  let finished = false;
  let sawUsage = false;
  let inputTokens = 0;
  let outputTokens = 0;
  let cachedTokens = 0;
  let finishReason: OpenAIFinishReason | null = null;
  let sawFirstToken = false;
  let toolCount = 0;
  const toolIndexByBlock = new Map<number, number>();
  let structuredBlock: number | null = null;

  const emit = (payload: unknown) => out.enqueue(sseData(payload));

  const chunk = (delta: Delta, finish: OpenAIFinishReason | null = null): OpenAIChatCompletionChunk => ({
    id,
    object: "chat.completion.chunk",
    created,
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });

  const ensureStarted = () => {
    if (started) return;
    started = true;
    emit(chunk({ role: "assistant", content: "" }));
  };

  const firstToken = () => {
    if (sawFirstToken) return;
    sawFirstToken = true;
    opts.onFirstToken?.();
  };

  const reportUsage = () => {
    if (sawUsage) opts.onUsage?.({ promptTokens: inputTokens, completionTokens: outputTokens });
  };

  const fail = (error: OpenAIErrorBody, stopUpstream = true) => {
    finished = true;
    emit(error);
    reportUsage();
    // Close now and cancel the upstream: nothing after an error reaches the client.
    if (stopUpstream) out.terminate();
  };

  const complete = () => {
    finished = true;
    if (includeUsage) {
      emit({ id, object: "chat.completion.chunk", created, model, choices: [], usage: openAIUsage(inputTokens, outputTokens, cachedTokens) });
    }
    emit("[DONE]");
    reportUsage();
  };

  const emitToolDelta = (call: OpenAIToolCallDelta) => {
    ensureStarted();
    firstToken();
    emit(chunk({ tool_calls: [call] }));
  };

  const onEvent = (message: SseMessage) => {
    if (finished) return;
    const event = parseJson(message.data);
    if (!isRecord(event)) return;
    const type = typeof event.type === "string" ? event.type : message.event;

    switch (type) {
      case "message_start": {
        const msg = isRecord(event.message) ? event.message : {};
        if (typeof msg.id === "string" && msg.id !== "") id = `chatcmpl-${msg.id}`;
        if (isRecord(msg.usage)) {
          sawUsage = true;
          inputTokens = promptTokensOf(msg.usage);
          cachedTokens = tokenCount(msg.usage.cache_read_input_tokens) ?? 0;
          outputTokens = tokenCount(msg.usage.output_tokens) ?? 0;
        }
        ensureStarted();
        return;
      }
      case "content_block_start": {
        const block = isRecord(event.content_block) ? event.content_block : {};
        if (block.type === "text" && typeof block.text === "string" && block.text !== "" && !opts.structuredTool) {
          ensureStarted();
          firstToken();
          emit(chunk({ content: block.text }));
        } else if (block.type === "tool_use" && typeof event.index === "number" && opts.structuredTool && block.name === opts.structuredTool) {
          structuredBlock = event.index;
          ensureStarted();
        } else if (block.type === "tool_use" && typeof event.index === "number") {
          const index = toolCount++;
          toolIndexByBlock.set(event.index, index);
          const name = typeof block.name === "string" ? block.name : "";
          const blockId = typeof block.id === "string" ? block.id : "";
          emitToolDelta({ index, id: blockId, type: "function", function: { name, arguments: "" } });
        }
        return;
      }
      case "content_block_delta": {
        const delta = isRecord(event.delta) ? event.delta : {};
        if (delta.type === "text_delta" && typeof delta.text === "string" && delta.text !== "") {
          // With structured output only the forced tool's input is the answer.
          if (opts.structuredTool) return;
          ensureStarted();
          firstToken();
          emit(chunk({ content: delta.text }));
        } else if (delta.type === "input_json_delta" && event.index === structuredBlock && typeof delta.partial_json === "string") {
          if (delta.partial_json === "") return;
          firstToken();
          emit(chunk({ content: delta.partial_json }));
        } else if (delta.type === "input_json_delta" && typeof delta.partial_json === "string") {
          const index = typeof event.index === "number" ? toolIndexByBlock.get(event.index) : undefined;
          if (index !== undefined && delta.partial_json !== "") {
            emitToolDelta({ index, function: { arguments: delta.partial_json } });
          }
        }
        // thinking_delta / signature_delta have no Chat Completions field.
        return;
      }
      case "message_delta": {
        const usage = isRecord(event.usage) ? event.usage : {};
        // message_delta usage is cumulative; newer API versions repeat the input side too.
        const output = tokenCount(usage.output_tokens);
        if (output !== undefined) {
          sawUsage = true;
          outputTokens = output;
        }
        if (tokenCount(usage.input_tokens) !== undefined) {
          sawUsage = true;
          inputTokens = promptTokensOf(usage);
          cachedTokens = tokenCount(usage.cache_read_input_tokens) ?? cachedTokens;
        }
        const delta = isRecord(event.delta) ? event.delta : {};
        if (typeof delta.stop_reason === "string") {
          finishReason = opts.structuredTool && delta.stop_reason === "tool_use" ? "stop" : mapStopReason(delta.stop_reason);
          ensureStarted();
          emit(chunk({}, finishReason));
        }
        return;
      }
      case "message_stop":
        ensureStarted();
        complete();
        return;
      case "error":
        fail(anthropicErrorToOpenAI(500, event));
        return;
      default:
        // ping, content_block_stop and future event types carry nothing for the client.
        return;
    }
  };

  let parser!: ReturnType<typeof createByteSseParser>;
  return {
    start(controller) {
      out = controller;
      parser = createByteSseParser(onEvent, () => {
        if (!finished) fail(OVERSIZED_EVENT);
      });
    },
    transform(bytes) {
      if (!finished) parser.feed(bytes);
    },
    flush() {
      if (finished) return;
      parser.end();
      if (finished) return;
      // The finish reason arrived but message_stop did not: the answer is whole.
      if (finishReason !== null) complete();
      else fail(INCOMPLETE_STREAM, false);
    },
  };
}
