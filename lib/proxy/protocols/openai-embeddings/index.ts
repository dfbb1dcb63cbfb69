import "server-only";
import { withModel } from "../../upstream";
import { openAIErrors } from "../error-shapes";
import { openAIUsageOf } from "../openai-chat/usage";
import type { BodyProtocol, Planner } from "../types";
import { embeddingsSpec } from "./schema";

/**
 * POST /v1/embeddings, OpenAI's Embeddings wire format, for the providers that have it
 * (lib/providers/registry.ts lists them). Never streamed: the answer goes back as the
 * provider sent it, and its `usage.prompt_tokens` is metered like chat's.
 */
const plan: Planner = ({ upstreamModel, body }) => ({
  stream: false,
  path: "/embeddings",
  body: withModel(body, upstreamModel),
  finishJson: (text, onUsage) => {
    const u = openAIUsageOf(JSON.parse(text));
    if (u) onUsage({ promptTokens: u.promptTokens, completionTokens: 0 });
    return text;
  },
  streamTransform: () => null,
});

export const openAIEmbeddings: BodyProtocol = {
  endpoint: "embeddings",
  method: "POST",
  errors: openAIErrors,
  forwardHeaders: [],
  spec: embeddingsSpec,
  native: "openai",
  plan,
  translations: {},
  estimatePromptTokens: (body) => Math.ceil(JSON.stringify(body.input ?? "").length / 4),
};
