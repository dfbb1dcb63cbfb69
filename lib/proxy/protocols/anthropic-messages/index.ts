import "server-only";
import { withModel } from "../../upstream";
import { anthropicErrors } from "../error-shapes";
import type { BodyProtocol, Planner } from "../types";
import { messagesSpec } from "./schema";
import { anthropicStreamObserver } from "./stream-usage";
import { messageUsage } from "./usage";
import { outputCap } from "../output-cap";

/** POST /v1/messages, the Anthropic Messages wire format: served by Anthropic models only. */
const plan: Planner = ({ upstreamModel, body }) => ({
  stream: body.stream === true,
  path: "/messages",
  body: withModel(body, upstreamModel),
  finishJson: (text, onUsage) => {
    const u = messageUsage(JSON.parse(text));
    if (u) onUsage(u);
    return text;
  },
  streamTransform: (cb) => anthropicStreamObserver(cb),
});

export const anthropicMessages: BodyProtocol = {
  endpoint: "messages",
  method: "POST",
  errors: anthropicErrors,
  forwardHeaders: ["anthropic-version", "anthropic-beta"],
  spec: messagesSpec,
  native: "anthropic",
  plan,
  translations: {},
  estimatePromptTokens: (body) => Math.ceil((JSON.stringify(body.messages ?? "").length + JSON.stringify(body.system ?? "").length) / 4),
  maxOutputTokens: (body) => outputCap(body.max_tokens),
};
