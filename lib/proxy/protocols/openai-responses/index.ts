import "server-only";
import { withModel } from "../../upstream";
import { responsesToMessages } from "../../translate/openai-responses-to-anthropic-messages";
import { openAIErrors } from "../error-shapes";
import type { BodyProtocol, Planner } from "../types";
import { responsesSpec } from "./schema";
import { responsesStreamObserver } from "./stream-usage";
import { responseUsage } from "./usage";
import { outputCap } from "../output-cap";

/**
 * POST /v1/responses, OpenAI's Responses API: native to OpenAI-compatible providers that
 * have it, translated for Anthropic models. Its streams always end with the usage in the
 * terminal event, so nothing is added to the client's request.
 */
const plan: Planner = ({ upstreamModel, body }) => ({
  stream: body.stream === true,
  path: "/responses",
  body: withModel(body, upstreamModel),
  finishJson: (text, onUsage) => {
    const u = responseUsage(JSON.parse(text));
    if (u) onUsage(u);
    return text;
  },
  streamTransform: (cb) => responsesStreamObserver(cb),
});

export const openAIResponses: BodyProtocol = {
  endpoint: "responses",
  method: "POST",
  errors: openAIErrors,
  forwardHeaders: [],
  spec: responsesSpec,
  native: "openai",
  plan,
  translations: { anthropic: responsesToMessages },
  estimatePromptTokens: (body) => Math.ceil((JSON.stringify(body.input ?? "").length + JSON.stringify(body.instructions ?? "").length) / 4),
  maxOutputTokens: (body) => outputCap(body.max_output_tokens),
};
