import "server-only";
import { withModel } from "../../upstream";
import { messagesSchema } from "../anthropic-messages/schema";
import { anthropicErrors } from "../error-shapes";
import type { BodyProtocol, Planner } from "../types";
import type { BodySpec } from "../../sanitize/inspect-body";

/**
 * POST /v1/messages/count_tokens, Anthropic's token counter: the Messages body without
 * `max_tokens` and `stream`, answered with `{ input_tokens }`. Counting costs nothing at
 * the provider, so the usage row records the request with no tokens.
 */
export const countTokensSchema = messagesSchema.omit({ max_tokens: true, stream: true, stop_sequences: true, temperature: true, top_p: true, top_k: true, metadata: true, service_tier: true });

const spec: BodySpec = {
  schema: countTokensSchema,
  known: new Set(Object.keys(countTokensSchema.shape)),
  content: new Set(["messages", "system", "tools"]),
};

const plan: Planner = ({ upstreamModel, body }) => ({
  stream: false,
  path: "/messages/count_tokens",
  body: withModel(body, upstreamModel),
  finishJson: (text, onUsage) => {
    JSON.parse(text);
    onUsage({ promptTokens: 0, completionTokens: 0 });
    return text;
  },
  streamTransform: () => null,
});

export const anthropicCountTokens: BodyProtocol = {
  endpoint: "messages.count_tokens",
  method: "POST",
  errors: anthropicErrors,
  forwardHeaders: ["anthropic-version", "anthropic-beta"],
  spec,
  native: "anthropic",
  plan,
  translations: {},
  estimatePromptTokens: () => 0,
};
