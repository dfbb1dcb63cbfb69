import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { anthropicErrorToOpenAI, fromAnthropicResponse, mapStopReason } from "./response";
import type { AnthropicMessage } from "./wire-types";

const fixtureText = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), "utf8");

describe("fromAnthropicResponse", () => {
  it("translates text, tool use and cache-inclusive usage", () => {
    const msg = JSON.parse(fixtureText("anthropic-message-tool-use.json")) as AnthropicMessage;
    expect(fromAnthropicResponse(msg, "claude-sonnet", 1754650000)).toStrictEqual({
      id: "chatcmpl-msg_01Aq9w938a90dw8q",
      object: "chat.completion",
      created: 1754650000,
      model: "claude-sonnet",
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: "Let me look that up for you.",
            refusal: null,
            tool_calls: [
              {
                id: "toolu_01A09q90qw90lq917835lq9",
                type: "function",
                function: { name: "get_weather", arguments: '{"location":"San Francisco, CA","unit":"celsius"}' },
              },
            ],
          },
          logprobs: null,
          finish_reason: "tool_calls",
        },
      ],
      usage: { prompt_tokens: 3095, completion_tokens: 503, total_tokens: 3598, prompt_tokens_details: { cached_tokens: 900 } },
    });
  });

  it("uses null content when there is no text and omits empty tool_calls", () => {
    const base: AnthropicMessage = {
      id: "msg_1",
      type: "message",
      role: "assistant",
      model: "m",
      content: [{ type: "tool_use", id: "toolu_1", name: "f", input: {} }],
      stop_reason: "tool_use",
      usage: { input_tokens: 10, output_tokens: 3 },
    };
    const withTool = fromAnthropicResponse(base, "c", 1).choices[0]!.message;
    expect(withTool.content).toBeNull();
    expect(withTool.tool_calls?.[0]?.function.arguments).toBe("{}");
    const textOnly = fromAnthropicResponse({ ...base, content: [{ type: "text", text: "hi" }], stop_reason: "end_turn" }, "c", 1);
    expect(textOnly.choices[0]!.message).toStrictEqual({ role: "assistant", content: "hi", refusal: null });
    expect(textOnly.usage).toStrictEqual({ prompt_tokens: 10, completion_tokens: 3, total_tokens: 13, prompt_tokens_details: { cached_tokens: 0 } });
  });

  it.each([
    ["end_turn", "stop"],
    ["stop_sequence", "stop"],
    ["max_tokens", "length"],
    ["tool_use", "tool_calls"],
    ["refusal", "content_filter"],
    ["pause_turn", "stop"],
    [null, "stop"],
  ])("maps stop_reason %s to %s", (reason, expected) => {
    expect(mapStopReason(reason)).toBe(expected);
  });
});

describe("anthropicErrorToOpenAI", () => {
  it.each([
    ["invalid_request_error", 400, "invalid_request_error", null],
    ["authentication_error", 401, "authentication_error", "invalid_api_key"],
    ["permission_error", 403, "permission_error", null],
    ["not_found_error", 404, "invalid_request_error", "model_not_found"],
    ["rate_limit_error", 429, "rate_limit_error", "rate_limit_exceeded"],
    ["api_error", 500, "api_error", null],
    ["overloaded_error", 529, "api_error", "overloaded"],
  ])("maps %s", (anthropicType, status, type, code) => {
    const body = { type: "error", error: { type: anthropicType, message: `msg for ${anthropicType}` } };
    expect(anthropicErrorToOpenAI(status, body)).toStrictEqual({
      error: { message: `msg for ${anthropicType}`, type, param: null, code },
    });
  });

  it("accepts the raw body text", () => {
    expect(anthropicErrorToOpenAI(529, fixtureText("anthropic-error-overloaded.json"))).toStrictEqual({
      error: { message: "Overloaded", type: "api_error", param: null, code: "overloaded" },
    });
  });

  it("falls back on the status for bodies it does not recognise", () => {
    expect(anthropicErrorToOpenAI(429, "<html>too many</html>")).toStrictEqual({
      error: {
        message: "The upstream provider returned an error (HTTP 429).",
        type: "rate_limit_error",
        param: null,
        code: "rate_limit_exceeded",
      },
    });
    expect(anthropicErrorToOpenAI(502, null).error.type).toBe("api_error");
    expect(anthropicErrorToOpenAI(400, { type: "error", error: { type: "__proto__", message: "m" } }).error).toStrictEqual({
      message: "m",
      type: "invalid_request_error",
      param: null,
      code: null,
    });
  });
});
