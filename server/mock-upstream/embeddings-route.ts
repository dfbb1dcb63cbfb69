import { mockEmbeddings } from "../../lib/proxy/providers/mock-embeddings";
import { behaviorFor } from "./behavior";
import { isObject, type RouteContext } from "./context";
import { sendError, sendJson, simulatedError } from "./respond";

/** POST /v1/embeddings in OpenAI's wire format, with the same simulated failures as chat (model names). */
export function openaiEmbeddings(ctx: RouteContext): void {
  const { res, body } = ctx;
  if (!isObject(body)) return sendError(res, "openai", 400, "We could not parse the JSON body of your request.");
  if (typeof body.model !== "string" || !body.model) return sendError(res, "openai", 400, "you must provide a model parameter", "model");
  const input = body.input;
  if (input === undefined || input === "" || (Array.isArray(input) && input.length === 0)) {
    return sendError(res, "openai", 400, "'input' must be a non-empty string or array.", "input");
  }
  const behavior = behaviorFor(body.model, ctx.req.headers, ctx.opts);
  if (behavior.errorStatus) return simulatedError(res, "openai", behavior.errorStatus);
  sendJson(res, "openai", 200, mockEmbeddings(body));
}
