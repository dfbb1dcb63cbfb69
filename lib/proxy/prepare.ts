import {
  anthropicStreamObserver,
  anthropicToOpenAITransformer,
  fromAnthropicResponse,
  openAIStreamObserver,
  toAnthropicRequest,
  TranslationError,
} from "./translate";
import { errors } from "./errors";
import type { ProviderInfo, SignalLike, UpstreamRequest } from "./types";
import { upstreamRequest } from "./upstream";

/**
 * Per-request plan for one provider protocol: the upstream body, how to finish a
 * JSON answer, and how to relay a stream (passthrough with observation for a native
 * format, translation for Anthropic models behind the OpenAI endpoint).
 */
type Usage = { promptTokens: number; completionTokens: number };
type StreamCallbacks = { onUsage: (u: Usage) => void; onFirstToken: () => void };

export type Prepared = {
  provider: ProviderInfo;
  clientModel: string;
  stream: boolean;
  body: Record<string, unknown>;
  upstreamBody: Record<string, unknown>;
  build: (key: string, forward: Record<string, string>, signal: SignalLike) => UpstreamRequest;
  finishJson: (text: string, onUsage: (u: Usage) => void) => string;
  streamTransform: (cb: StreamCallbacks) => Transformer<Uint8Array, Uint8Array> | null;
};

function openaiUsage(json: { usage?: { prompt_tokens?: number; completion_tokens?: number } }): Usage | null {
  const u = json.usage;
  return u && typeof u.prompt_tokens === "number" ? { promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens ?? 0 } : null;
}

function anthropicUsage(json: { usage?: Record<string, number | undefined> }): Usage | null {
  const u = json.usage;
  if (!u || typeof u.input_tokens !== "number") return null;
  const prompt = u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
  return { promptTokens: prompt, completionTokens: u.output_tokens ?? 0 };
}

export function prepareUpstream(
  endpoint: "chat.completions" | "messages",
  provider: ProviderInfo,
  upstreamModel: string,
  clientModel: string,
  body: Record<string, unknown>,
): Prepared {
  const stream = body.stream === true;
  const clientWantsUsage = (body.stream_options as { include_usage?: boolean } | null | undefined)?.include_usage === true;
  const base = { provider, clientModel, stream, body };

  if (endpoint === "chat.completions" && provider.protocol === "anthropic") {
    let upstreamBody: Record<string, unknown>;
    try {
      upstreamBody = toAnthropicRequest(body as never, upstreamModel) as unknown as Record<string, unknown>;
    } catch (e) {
      if (e instanceof TranslationError) throw errors.badRequest(e.message, e.param ?? null, "unsupported_for_provider");
      throw e;
    }
    const created = Math.floor(Date.now() / 1000);
    return {
      ...base,
      upstreamBody,
      build: (key, fwd, signal) => upstreamRequest(provider, upstreamBody, key, fwd, signal),
      finishJson: (text, onUsage) => {
        const msg = JSON.parse(text);
        const u = anthropicUsage(msg);
        if (u) onUsage(u);
        return JSON.stringify(fromAnthropicResponse(msg, clientModel, created));
      },
      streamTransform: (cb) => anthropicToOpenAITransformer({ model: clientModel, created, includeUsage: clientWantsUsage, ...cb }),
    };
  }

  if (endpoint === "messages") {
    const upstreamBody = { ...body, model: upstreamModel };
    return {
      ...base,
      upstreamBody,
      build: (key, fwd, signal) => upstreamRequest(provider, upstreamBody, key, fwd, signal),
      finishJson: (text, onUsage) => {
        const u = anthropicUsage(JSON.parse(text));
        if (u) onUsage(u);
        return text;
      },
      streamTransform: (cb) => anthropicStreamObserver(cb),
    };
  }

  // OpenAI-compatible (and the mock provider on the OpenAI endpoint): forward, asking
  // for the usage chunk on streams and removing it again if the client did not ask.
  const upstreamBody: Record<string, unknown> = { ...body, model: upstreamModel };
  if (stream && !clientWantsUsage) upstreamBody.stream_options = { ...(body.stream_options as object | undefined), include_usage: true };
  return {
    ...base,
    upstreamBody,
    build: (key, fwd, signal) => upstreamRequest(provider, upstreamBody, key, fwd, signal),
    finishJson: (text, onUsage) => {
      const u = openaiUsage(JSON.parse(text));
      if (u) onUsage(u);
      return text;
    },
    streamTransform: (cb) => openAIStreamObserver({ stripUsageChunk: !clientWantsUsage, ...cb }),
  };
}
