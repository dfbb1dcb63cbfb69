import "server-only";
import type {
  AnthropicMessage,
  OpenAIChatCompletion,
  OpenAIErrorBody,
  OpenAIFinishReason,
  OpenAIToolCall,
  OpenAIUsage,
} from "./wire-types";
import { positiveCount, promptTokensOf } from "../../protocols/anthropic-messages/usage";

export function mapStopReason(stopReason: string | null | undefined): OpenAIFinishReason {
  switch (stopReason) {
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "tool_use":
      return "tool_calls";
    case "refusal":
      return "content_filter";
    default:
      // end_turn, stop_sequence, pause_turn and anything newer.
      return "stop";
  }
}


/** OpenAI usage; `cachedTokens` (Anthropic's cache reads) is part of prompt_tokens, as OpenAI counts it. */
export function openAIUsage(promptTokens: number, completionTokens: number, cachedTokens = 0): OpenAIUsage {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: cachedTokens },
  };
}

/**
 * A non-streaming Anthropic message as an OpenAI chat completion. `model` is the name
 * the client asked for, not the provider's model id.
 */
export function fromAnthropicResponse(msg: AnthropicMessage, model: string, created: number, structuredTool: string | null = null): OpenAIChatCompletion {
  const texts: string[] = [];
  const toolCalls: OpenAIToolCall[] = [];
  for (const block of msg.content ?? []) {
    if (block.type === "text" && typeof block.text === "string") {
      // With structured output the answer is the forced tool's input alone.
      if (!structuredTool) texts.push(block.text);
    } else if (block.type === "tool_use" && block.name === structuredTool) texts.push(JSON.stringify(block.input ?? {}));
    else if (block.type === "tool_use" && typeof block.id === "string" && typeof block.name === "string") {
      toolCalls.push({
        id: block.id,
        type: "function",
        function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) },
      });
    }
    // thinking / redacted_thinking / server tool blocks have no Chat Completions field.
  }

  const message: OpenAIChatCompletion["choices"][number]["message"] = {
    role: "assistant",
    content: texts.length > 0 ? texts.join("") : null,
    refusal: null,
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;

  return {
    id: `chatcmpl-${msg.id}`,
    object: "chat.completion",
    created,
    model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: structuredTool && msg.stop_reason === "tool_use" ? "stop" : mapStopReason(msg.stop_reason) }],
    usage: openAIUsage(promptTokensOf(msg.usage), positiveCount(msg.usage?.output_tokens), positiveCount(msg.usage?.cache_read_input_tokens)),
  };
}

type ErrorMapping = { type: string; code: string | null };

const INVALID_REQUEST: ErrorMapping = { type: "invalid_request_error", code: null };
const AUTHENTICATION: ErrorMapping = { type: "authentication_error", code: "invalid_api_key" };
const PERMISSION: ErrorMapping = { type: "permission_error", code: null };
const NOT_FOUND: ErrorMapping = { type: "invalid_request_error", code: "model_not_found" };
const TOO_LARGE: ErrorMapping = { type: "invalid_request_error", code: "request_too_large" };
const RATE_LIMIT: ErrorMapping = { type: "rate_limit_error", code: "rate_limit_exceeded" };
const OVERLOADED: ErrorMapping = { type: "api_error", code: "overloaded" };
const API_ERROR: ErrorMapping = { type: "api_error", code: null };

// A Map, not an object literal: error types come from the wire and "__proto__" must miss.
const ERROR_TYPES = new Map<string, ErrorMapping>([
  ["invalid_request_error", INVALID_REQUEST],
  ["request_too_large", TOO_LARGE],
  ["authentication_error", AUTHENTICATION],
  ["permission_error", PERMISSION],
  ["billing_error", { type: "insufficient_quota", code: "insufficient_quota" }],
  ["not_found_error", NOT_FOUND],
  ["rate_limit_error", RATE_LIMIT],
  ["timeout_error", { type: "api_error", code: "timeout" }],
  ["overloaded_error", OVERLOADED],
  ["api_error", API_ERROR],
]);

function mappingForStatus(status: number): ErrorMapping {
  if (status === 401) return AUTHENTICATION;
  if (status === 403) return PERMISSION;
  if (status === 404) return NOT_FOUND;
  if (status === 413) return TOO_LARGE;
  if (status === 429) return RATE_LIMIT;
  if (status === 529) return OVERLOADED;
  if (status >= 400 && status < 500) return INVALID_REQUEST;
  return API_ERROR;
}

function defaultMessage(status: number): string {
  return status > 0 ? `The upstream provider returned an error (HTTP ${status}).` : "The upstream provider returned an error.";
}

/**
 * An Anthropic error (`{type:"error", error:{type, message}}`, as parsed JSON or raw
 * text) in OpenAI's error shape. Only the body's error type and message are used;
 * headers are never consulted. Unrecognised bodies fall back to a status-based type.
 */
export function anthropicErrorToOpenAI(status: number, body: unknown): OpenAIErrorBody {
  let parsed = body;
  if (typeof body === "string") {
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
  }
  const error =
    typeof parsed === "object" && parsed !== null && "error" in parsed
      ? (parsed as { error?: unknown }).error
      : undefined;
  const errType = typeof error === "object" && error !== null ? (error as { type?: unknown }).type : undefined;
  const errMessage = typeof error === "object" && error !== null ? (error as { message?: unknown }).message : undefined;

  const mapping = (typeof errType === "string" ? ERROR_TYPES.get(errType) : undefined) ?? mappingForStatus(status);
  const message = typeof errMessage === "string" && errMessage !== "" ? errMessage : defaultMessage(status);
  return { error: { message, type: mapping.type, param: null, code: mapping.code } };
}
