import "server-only";
import type { TokenUsage } from "../../types";

/** Usage of a whole (non-streamed) OpenAI answer (chat completion or embeddings); null when it reports none. */
export function openAIUsageOf(json: { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } }): TokenUsage | null {
  const u = json.usage;
  if (!u || typeof u.prompt_tokens !== "number") return null;
  return { promptTokens: u.prompt_tokens, completionTokens: typeof u.completion_tokens === "number" ? u.completion_tokens : 0 };
}

/** The client asked for the usage chunk on its stream (`stream_options.include_usage`). */
export function includeUsageOf(body: Record<string, unknown>): boolean {
  return (body.stream_options as { include_usage?: boolean } | null | undefined)?.include_usage === true;
}
