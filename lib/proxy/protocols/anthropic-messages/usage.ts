import "server-only";
import type { TokenUsage } from "../../types";
import type { AnthropicUsage } from "./wire-types";

/** A count the provider reported, or 0 for anything that is not a positive finite number. */
export function positiveCount(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}

/** All input tokens: Anthropic reports the prompt-cache buckets apart from `input_tokens`. */
export function promptTokensOf(usage: Partial<AnthropicUsage> | null | undefined): number {
  if (!usage) return 0;
  return positiveCount(usage.input_tokens) + positiveCount(usage.cache_creation_input_tokens) + positiveCount(usage.cache_read_input_tokens);
}

/** Usage of a whole (non-streamed) Messages answer; null when it reports none. */
export function messageUsage(json: { usage?: Partial<AnthropicUsage> }): TokenUsage | null {
  const u = json.usage;
  if (!u || typeof u.input_tokens !== "number") return null;
  return { promptTokens: promptTokensOf(u), completionTokens: positiveCount(u.output_tokens) };
}
