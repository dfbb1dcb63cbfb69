import "server-only";
import type { TokenUsage } from "../../types";

type ResponsesUsage = { input_tokens?: unknown; output_tokens?: unknown };

/** Usage of a Response object (whole, or the one in `response.completed`); null when it reports none. */
export function responseUsage(response: { usage?: ResponsesUsage | null } | null | undefined): TokenUsage | null {
  const u = response?.usage;
  if (!u || typeof u.input_tokens !== "number") return null;
  return { promptTokens: u.input_tokens, completionTokens: typeof u.output_tokens === "number" ? u.output_tokens : 0 };
}
