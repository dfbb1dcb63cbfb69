/**
 * OpenAI <-> Anthropic translation for the proxy, plus stream observers that read
 * usage from upstream streams. Web APIs only (edge-compatible): no `node:` imports.
 */
export { TranslationError } from "./translation-error";
export { toAnthropicRequest } from "./openai-to-anthropic-request";
export { anthropicErrorToOpenAI, fromAnthropicResponse, mapStopReason } from "./anthropic-to-openai-response";
export { anthropicStreamToOpenAI, anthropicToOpenAITransformer, type AnthropicStreamToOpenAIOptions } from "./anthropic-stream-to-openai";
export { observeOpenAIStream, openAIStreamObserver, type ObserveOpenAIStreamOptions } from "./openai-stream-usage";
export { observeAnthropicStream, anthropicStreamObserver, type ObserveAnthropicStreamOptions } from "./anthropic-stream-usage";
export type * from "./wire-types";
