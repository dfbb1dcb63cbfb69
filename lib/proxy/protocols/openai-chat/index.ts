import "server-only";
import { withModel } from "../../upstream";
import { chatToMessages } from "../../translate/openai-chat-to-anthropic-messages";
import { openAIErrors } from "../error-shapes";
import type { BodyProtocol, Planner } from "../types";
import { chatSpec } from "./schema";
import { openAIStreamObserver } from "./stream-usage";
import { includeUsageOf, openAIUsageOf } from "./usage";
import { outputCap } from "../output-cap";

/**
 * POST /v1/chat/completions, the OpenAI Chat Completions wire format: native to
 * OpenAI-compatible providers, translated for Anthropic models.
 */
/**
 * Forwarded as sent with the provider's model id; a stream asks the provider for its
 * usage chunk even when the client did not, and the observer drops it again.
 */
const plan: Planner = ({ upstreamModel, body }) => {
  const stream = body.stream === true;
  const clientWantsUsage = includeUsageOf(body);
  const upstreamBody = withModel(body, upstreamModel);
  if (stream && !clientWantsUsage) {
    const options: Record<string, unknown> = { include_usage: true, ...(body.stream_options as object | undefined) };
    options.include_usage = true;
    upstreamBody.stream_options = options;
  }
  return {
    stream,
    path: "/chat/completions",
    body: upstreamBody,
    finishJson: (text, onUsage) => {
      const u = openAIUsageOf(JSON.parse(text));
      if (u) onUsage(u);
      return text;
    },
    streamTransform: (cb) => openAIStreamObserver({ stripUsageChunk: !clientWantsUsage, onUsage: cb.onUsage, onFirstToken: cb.onFirstToken }),
  };
};

export const openAIChat: BodyProtocol = {
  endpoint: "chat.completions",
  method: "POST",
  errors: openAIErrors,
  forwardHeaders: [],
  spec: chatSpec,
  native: "openai",
  plan,
  translations: { anthropic: chatToMessages },
  estimatePromptTokens: (body) => Math.ceil(JSON.stringify(body.messages ?? "").length / 4),
  maxOutputTokens: (body) => outputCap(body.max_completion_tokens ?? body.max_tokens),
};
