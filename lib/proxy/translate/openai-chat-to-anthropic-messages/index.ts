import "server-only";
import { messageUsage } from "../../protocols/anthropic-messages/usage";
import type { Planner } from "../../protocols/types";
import { includeUsageOf } from "../../protocols/openai-chat/usage";
import { translating } from "../translation-error";
import { chatStructuredOutput, toAnthropicRequest } from "./request";
import { fromAnthropicResponse } from "./response";
import { anthropicToOpenAITransformer } from "./stream";
import type { OpenAIChatRequest } from "./wire-types";

/**
 * Chat Completions in front of an Anthropic model: the request becomes a Messages
 * request, and the answer (whole or streamed) becomes a chat completion again, named
 * with the model the client asked for. What has no Messages equivalent is refused
 * with a 400 naming the parameter. `response_format` JSON modes become a forced tool
 * (../structured-output.ts) whose input is the answer's content.
 */
export const chatToMessages: Planner = ({ upstreamModel, clientModel, body }) => {
  const structured = translating(() => chatStructuredOutput(body as OpenAIChatRequest));
  const structuredTool = structured?.tool.name ?? null;
  const upstreamBody = translating(() => toAnthropicRequest(body as OpenAIChatRequest, upstreamModel, structured)) as unknown as Record<string, unknown>;
  const created = Math.floor(Date.now() / 1000);
  const includeUsage = includeUsageOf(body);
  return {
    stream: body.stream === true,
    path: "/messages",
    body: upstreamBody,
    finishJson: (text, onUsage) => {
      const msg = JSON.parse(text);
      const u = messageUsage(msg);
      if (u) onUsage(u);
      return JSON.stringify(fromAnthropicResponse(msg, clientModel, created, structuredTool));
    },
    streamTransform: (cb) =>
      anthropicToOpenAITransformer({ model: clientModel, created, includeUsage, onUsage: cb.onUsage, onFirstToken: cb.onFirstToken, structuredTool }),
  };
};
