import "server-only";
import type { ProxyErrorType } from "../errors";
import type { ErrorShape } from "./types";

/**
 * The two error shapes clients parse: OpenAI's `{ error: { message, type, param, code } }`
 * (chat, embeddings, models) and Anthropic's `{ type: "error", error: { type, message } }`.
 * Messages are ours, fixed strings plus field names: never request content or keys.
 */
export const openAIErrors: ErrorShape = {
  body: (e) => ({ error: { message: e.message, type: e.type, param: e.param, code: e.code } }),
  event: (e) => `data: ${JSON.stringify(openAIErrors.body(e))}\n\n`,
};

const ANTHROPIC_TYPES: Record<ProxyErrorType, string> = {
  invalid_request_error: "invalid_request_error",
  authentication_error: "authentication_error",
  permission_error: "permission_error",
  not_found_error: "not_found_error",
  request_too_large: "request_too_large",
  rate_limit_error: "rate_limit_error",
  insufficient_quota: "rate_limit_error",
  api_error: "api_error",
  upstream_error: "api_error",
  timeout_error: "api_error",
  overloaded_error: "overloaded_error",
};

export const anthropicErrors: ErrorShape = {
  body: (e) => ({ type: "error", error: { type: ANTHROPIC_TYPES[e.type], message: e.message } }),
  event: (e) => `event: error\ndata: ${JSON.stringify(anthropicErrors.body(e))}\n\n`,
};
