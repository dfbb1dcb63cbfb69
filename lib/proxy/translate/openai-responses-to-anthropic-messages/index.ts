import "server-only";
import { messageUsage } from "../../protocols/anthropic-messages/usage";
import type { Planner } from "../../protocols/types";
import { translating } from "../translation-error";
import { responsesStructuredOutput, toAnthropicRequest } from "./request";
import { fromAnthropicMessage } from "./response";
import { responsesFromAnthropicTransformer } from "./stream";

/**
 * The Responses API in front of an Anthropic model: the request becomes a Messages
 * request, and the answer (whole or streamed) a Response, named with the model the
 * client asked for. What has no Messages equivalent is refused with a 400 naming it.
 */
export const responsesToMessages: Planner = ({ upstreamModel, clientModel, body }) => {
  const structured = translating(() => responsesStructuredOutput(body));
  const structuredTool = structured?.tool.name ?? null;
  const upstreamBody = translating(() => toAnthropicRequest(body, upstreamModel, structured)) as unknown as Record<string, unknown>;
  const createdAt = Math.floor(Date.now() / 1000);
  return {
    stream: body.stream === true,
    path: "/messages",
    body: upstreamBody,
    finishJson: (text, onUsage) => {
      const msg = JSON.parse(text);
      const u = messageUsage(msg);
      if (u) onUsage(u);
      return JSON.stringify(fromAnthropicMessage(msg, clientModel, createdAt, body, structuredTool));
    },
    streamTransform: (cb) => responsesFromAnthropicTransformer({ model: clientModel, createdAt, request: body, onUsage: cb.onUsage, onFirstToken: cb.onFirstToken, structuredTool }),
  };
};
