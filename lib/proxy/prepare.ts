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

/** Postgres's `integer`, the usage table's token columns. */
const MAX_TOKENS = 2_147_483_647;

/**
 * A token count as the usage table can store it: a whole number from 0 to 2^31 − 1. A
 * provider's usage is not trusted to be one (a fraction, a negative, a string, a count
 * past the column's range); anything that is not a finite number counts as 0.
 */
export function tokenCount(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? Math.min(MAX_TOKENS, Math.max(0, Math.round(value))) : 0;
}

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

/**
 * The client's body with the upstream model: `{ ...body, model }` in effect (every own
 * property of the body, `model` replaced), with `model` written first so that the object
 * does not start as a spread copy (see prepareUpstream).
 */
function withModel(body: Record<string, unknown>, model: string): Record<string, unknown> {
  const out: Record<string, unknown> = { model, ...body };
  out.model = model;
  return out;
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
  // Each plan is built field by field. It used to be `{ ...base, upstreamBody, … }` with a
  // shared `base`. On Node 20, an object that starts as a spread copy and then gets more
  // properties (`{ ...a, b }`, or `{ ...a }` then `o.b = …`) outlives the young generation,
  // and with it everything it reaches: here both bodies, the closures and their contexts.
  // In a loop over the core alone, 0.65-0.86 MB was promoted per scavenge and 9-13 % of the
  // young generation's bytes survived; 1 % without (--trace-gc-nvp). Hence withModel()
  // and no leading spreads on the request path.
  const plan = (
    upstreamBody: Record<string, unknown>,
    finishJson: Prepared["finishJson"],
    streamTransform: Prepared["streamTransform"],
  ): Prepared => ({
    provider,
    clientModel,
    stream,
    body,
    upstreamBody,
    build: (key, fwd, signal) => upstreamRequest(provider, upstreamBody, key, fwd, signal),
    finishJson,
    streamTransform,
  });

  if (endpoint === "chat.completions" && provider.protocol === "anthropic") {
    let upstreamBody: Record<string, unknown>;
    try {
      upstreamBody = toAnthropicRequest(body as never, upstreamModel) as unknown as Record<string, unknown>;
    } catch (e) {
      if (e instanceof TranslationError) throw errors.badRequest(e.message, e.param ?? null, "unsupported_for_provider");
      throw e;
    }
    const created = Math.floor(Date.now() / 1000);
    return plan(
      upstreamBody,
      (text, onUsage) => {
        const msg = JSON.parse(text);
        const u = anthropicUsage(msg);
        if (u) onUsage(u);
        return JSON.stringify(fromAnthropicResponse(msg, clientModel, created));
      },
      (cb) => anthropicToOpenAITransformer({ model: clientModel, created, includeUsage: clientWantsUsage, ...cb }),
    );
  }

  if (endpoint === "messages") {
    return plan(
      withModel(body, upstreamModel),
      (text, onUsage) => {
        const u = anthropicUsage(JSON.parse(text));
        if (u) onUsage(u);
        return text;
      },
      (cb) => anthropicStreamObserver(cb),
    );
  }

  // OpenAI-compatible (and the mock provider on the OpenAI endpoint): forward, asking
  // for the usage chunk on streams and removing it again if the client did not ask.
  const upstreamBody = withModel(body, upstreamModel);
  if (stream && !clientWantsUsage) {
    const options: Record<string, unknown> = { include_usage: true, ...(body.stream_options as object | undefined) };
    options.include_usage = true;
    upstreamBody.stream_options = options;
  }
  return plan(
    upstreamBody,
    (text, onUsage) => {
      const u = openaiUsage(JSON.parse(text));
      if (u) onUsage(u);
      return text;
    },
    (cb) => openAIStreamObserver({ stripUsageChunk: !clientWantsUsage, ...cb }),
  );
}
