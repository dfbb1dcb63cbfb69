import { isObject, type RouteContext } from "./context";
import { allTexts, estimateTokens, textOf } from "./echo";
import { sendError, sendJson } from "./respond";

/** POST /v1/messages/count_tokens in Anthropic's wire format: `{ input_tokens }` of messages and system. */
export function anthropicCountTokens(ctx: RouteContext): void {
  const { res, body } = ctx;
  if (!isObject(body)) return sendError(res, "anthropic", 400, "Request body must be a JSON object.");
  if (typeof body.model !== "string" || !body.model) return sendError(res, "anthropic", 400, "model: Field required");
  if (!Array.isArray(body.messages) || body.messages.length === 0) return sendError(res, "anthropic", 400, "messages: at least one message is required");
  if ("max_tokens" in body) return sendError(res, "anthropic", 400, "max_tokens: Extra inputs are not permitted");
  sendJson(res, "anthropic", 200, { input_tokens: estimateTokens([...allTexts(body.messages), textOf(body.system)]) });
}
