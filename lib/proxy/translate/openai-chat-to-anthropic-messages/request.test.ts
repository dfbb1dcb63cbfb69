import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { chatStructuredOutput, toAnthropicRequest } from "./request";
import { TranslationError } from "../translation-error";
import type { OpenAIChatRequest } from "./wire-types";

const fixture = (name: string): OpenAIChatRequest =>
  JSON.parse(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), "utf8"));

const UPSTREAM = "claude-sonnet-4-5-20250929";

function req(extra: Partial<OpenAIChatRequest> & Record<string, unknown>): OpenAIChatRequest {
  return { model: "claude", messages: [{ role: "user", content: "Hi" }], ...extra } as OpenAIChatRequest;
}

function translationError(fn: () => unknown): TranslationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TranslationError);
    return error as TranslationError;
  }
  throw new Error("expected a TranslationError");
}

describe("toAnthropicRequest", () => {
  it("translates system, images, tool calls, tool results and tools", () => {
    const out = toAnthropicRequest(fixture("openai-request-agent.json"), UPSTREAM);
    expect(out).toStrictEqual({
      model: UPSTREAM,
      system: "You are a helpful travel assistant.\n\nAnswer in metric units.",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is the weather where this photo was taken, and in London?" },
            {
              type: "image",
              source: {
                type: "base64",
                media_type: "image/png",
                data: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
              },
            },
            { type: "image", source: { type: "url", url: "https://example.com/skyline.jpg" } },
          ],
        },
        {
          role: "assistant",
          content: [
            { type: "text", text: "I'll check both." },
            { type: "tool_use", id: "call_abc", name: "get_weather", input: { location: "Paris" } },
            { type: "tool_use", id: "call_def", name: "get_weather", input: { location: "London" } },
          ],
        },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "call_abc", content: "18°C, sunny" },
            { type: "tool_result", tool_use_id: "call_def", content: "12°C, rain" },
            { type: "text", text: "Thanks! Which is warmer?" },
          ],
        },
      ],
      max_tokens: 1024,
      temperature: 1,
      top_p: 0.9,
      stop_sequences: ["\n\nHuman:", "END"],
      stream: true,
      tools: [
        {
          name: "get_weather",
          description: "Current weather for a city",
          input_schema: { type: "object", properties: { location: { type: "string" } }, required: ["location"] },
        },
        { name: "get_time", input_schema: { type: "object", properties: {} } },
      ],
      tool_choice: { type: "any", disable_parallel_tool_use: true },
    });
  });

  it("builds from an allowlist: user, metadata, penalties, seed and stream_options never reach the provider", () => {
    const out = toAnthropicRequest(
      req({ user: "u1", metadata: { k: "v" }, seed: 1, frequency_penalty: 1, logit_bias: {}, stream_options: { include_usage: true }, store: true }),
      UPSTREAM,
    );
    expect(out).toStrictEqual({
      model: UPSTREAM,
      messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }],
      max_tokens: 4096,
    });
  });

  it("merges consecutive same-role messages and drops empty ones", () => {
    const out = toAnthropicRequest(
      req({
        messages: [
          { role: "user", content: "a" },
          { role: "user", content: [{ type: "text", text: "b" }] },
          { role: "assistant", content: "" },
          { role: "assistant", content: "c" },
          { role: "system", content: "mid-conversation system" },
          { role: "assistant", content: [{ type: "refusal", refusal: "d" }] },
          { role: "user", content: "e" },
        ],
      }),
      UPSTREAM,
    );
    expect(out.system).toBe("mid-conversation system");
    expect(out.messages).toStrictEqual([
      { role: "user", content: [{ type: "text", text: "a" }, { type: "text", text: "b" }] },
      { role: "assistant", content: [{ type: "text", text: "c" }, { type: "text", text: "d" }] },
      { role: "user", content: [{ type: "text", text: "e" }] },
    ]);
  });

  it("rejects invalid tool-call arguments with the field path, without echoing them", () => {
    const secret = "{not json: top-secret-content";
    const error = translationError(() =>
      toAnthropicRequest(
        req({
          messages: [
            { role: "system", content: "s" },
            { role: "user", content: "u" },
            { role: "assistant", content: "x" },
            {
              role: "assistant",
              content: null,
              tool_calls: [{ id: "call_1", type: "function", function: { name: "f", arguments: secret } }],
            },
          ],
        }),
        UPSTREAM,
      ),
    );
    expect(error.param).toBe("messages[3].tool_calls[0].function.arguments");
    expect(error.message).toContain("messages[3].tool_calls[0].function.arguments");
    expect(error.message).not.toContain("top-secret");
  });

  it("treats empty arguments as {} and rejects non-object arguments", () => {
    const call = (args: string) =>
      req({
        messages: [
          { role: "user", content: "u" },
          { role: "assistant", tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: args } }] },
        ],
      });
    expect(toAnthropicRequest(call(""), UPSTREAM).messages[1]).toStrictEqual({
      role: "assistant",
      content: [{ type: "tool_use", id: "c", name: "f", input: {} }],
    });
    expect(translationError(() => toAnthropicRequest(call("[1,2]"), UPSTREAM)).param).toBe(
      "messages[1].tool_calls[0].function.arguments",
    );
  });

  it.each([
    ["auto", { type: "auto" }],
    ["none", { type: "none" }],
    ["required", { type: "any" }],
    [{ type: "function", function: { name: "get_time" } }, { type: "tool", name: "get_time" }],
  ])("maps tool_choice %j", (choice, expected) => {
    const tools = [{ type: "function" as const, function: { name: "get_time" } }];
    expect(toAnthropicRequest(req({ tools, tool_choice: choice as never }), UPSTREAM).tool_choice).toStrictEqual(expected);
  });

  it("maps parallel_tool_calls: false onto the tool choice", () => {
    const tools = [{ type: "function" as const, function: { name: "t" } }];
    expect(toAnthropicRequest(req({ tools, parallel_tool_calls: false }), UPSTREAM).tool_choice).toStrictEqual({
      type: "auto",
      disable_parallel_tool_use: true,
    });
    expect(
      toAnthropicRequest(req({ tools, tool_choice: { type: "function", function: { name: "t" } }, parallel_tool_calls: false }), UPSTREAM)
        .tool_choice,
    ).toStrictEqual({ type: "tool", name: "t", disable_parallel_tool_use: true });
    expect(toAnthropicRequest(req({ tools, tool_choice: "none", parallel_tool_calls: false }), UPSTREAM).tool_choice).toStrictEqual({
      type: "none",
    });
    // Without tools there is nothing to choose: Anthropic would reject a bare tool_choice.
    expect(toAnthropicRequest(req({ tool_choice: "auto", parallel_tool_calls: false }), UPSTREAM).tool_choice).toBeUndefined();
  });

  it("maps sampling and length parameters", () => {
    expect(toAnthropicRequest(req({ max_tokens: 50 }), UPSTREAM).max_tokens).toBe(50);
    expect(toAnthropicRequest(req({ max_tokens: 50, max_completion_tokens: 70 }), UPSTREAM).max_tokens).toBe(70);
    expect(toAnthropicRequest(req({ temperature: -0.5 }), UPSTREAM).temperature).toBe(0);
    expect(toAnthropicRequest(req({ temperature: 0.3 }), UPSTREAM).temperature).toBe(0.3);
    expect(toAnthropicRequest(req({ stop: "END" }), UPSTREAM).stop_sequences).toStrictEqual(["END"]);
    expect(toAnthropicRequest(req({ stop: null, stream: false }), UPSTREAM)).not.toHaveProperty("stop_sequences");
    expect(toAnthropicRequest(req({ stream: false }), UPSTREAM)).not.toHaveProperty("stream");
    expect(translationError(() => toAnthropicRequest(req({ max_tokens: 0 }), UPSTREAM)).param).toBe("max_tokens");
  });

  it("rejects what Anthropic models cannot do", () => {
    expect(toAnthropicRequest(req({ n: 1, response_format: { type: "text" } }), UPSTREAM).model).toBe(UPSTREAM);
    expect(translationError(() => toAnthropicRequest(req({ n: 2 }), UPSTREAM)).param).toBe("n");
    expect(translationError(() => chatStructuredOutput(req({ response_format: { type: "xml" } }))).param).toBe("response_format.type");
    const withTools = req({ response_format: { type: "json_object" }, tools: [{ type: "function", function: { name: "f" } }] });
    expect(translationError(() => chatStructuredOutput(withTools)).param).toBe("response_format");
    const notObject = req({ response_format: { type: "json_schema", json_schema: { name: "n", schema: { type: "array" } } } });
    expect(translationError(() => chatStructuredOutput(notObject)).param).toBe("response_format.json_schema.schema.type");
    expect(translationError(() => toAnthropicRequest(req({ messages: [] }), UPSTREAM)).param).toBe("messages");
    const systemOnly = req({ messages: [{ role: "system", content: "s" }, { role: "user", content: "" }] });
    expect(translationError(() => toAnthropicRequest(systemOnly, UPSTREAM)).param).toBe("messages");
    const fnRole = req({ messages: [{ role: "function", name: "f", content: "x" } as never] });
    expect(translationError(() => toAnthropicRequest(fnRole, UPSTREAM)).param).toBe("messages[0].role");
    const customTool = req({ tools: [{ type: "custom", custom: { name: "x" } } as never] });
    expect(translationError(() => toAnthropicRequest(customTool, UPSTREAM)).param).toBe("tools[0]");
  });

  it("turns response_format json_schema into one forced tool with the schema as its input", () => {
    const schema = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };
    const body = req({ response_format: { type: "json_schema", json_schema: { name: "weather", schema, strict: true } } });
    const structured = chatStructuredOutput(body)!;
    const out = toAnthropicRequest(body, UPSTREAM, structured);
    expect(out.tools).toEqual([{ name: "weather", description: "Answer with JSON that follows this schema.", input_schema: schema }]);
    expect(out.tool_choice).toEqual({ type: "tool", name: "weather" });
    expect(chatStructuredOutput(req({ response_format: { type: "json_object" } }))!.tool.input_schema).toEqual({ type: "object", additionalProperties: true });
    expect(chatStructuredOutput(req({ response_format: { type: "text" } }))).toBeNull();
  });

  it("maps reasoning_effort to a thinking budget below max_tokens, and refuses what thinking cannot take", () => {
    expect(toAnthropicRequest(req({ reasoning_effort: "medium", max_tokens: 8000 }), UPSTREAM).thinking).toEqual({ type: "enabled", budget_tokens: 4096 });
    expect(toAnthropicRequest(req({ reasoning_effort: "high", max_tokens: 8000 }), UPSTREAM).thinking).toEqual({ type: "enabled", budget_tokens: 7999 });
    expect(toAnthropicRequest(req({ reasoning_effort: "minimal" }), UPSTREAM).thinking).toBeUndefined();
    expect(translationError(() => toAnthropicRequest(req({ reasoning_effort: "low", max_tokens: 500 }), UPSTREAM)).param).toBe("max_tokens");
    expect(translationError(() => toAnthropicRequest(req({ reasoning_effort: "low", temperature: 0.2 }), UPSTREAM)).param).toBe("temperature");
    expect(translationError(() => toAnthropicRequest(req({ reasoning_effort: "extreme" }), UPSTREAM)).param).toBe("reasoning_effort");
  });

  it("refuses OpenAI-only outputs and tools instead of dropping them", () => {
    for (const [extra, param] of [
      [{ audio: { voice: "alloy", format: "mp3" } }, "audio"],
      [{ modalities: ["text", "audio"] }, "modalities"],
      [{ web_search_options: {} }, "web_search_options"],
      [{ logprobs: true }, "logprobs"],
      [{ prediction: { type: "content", content: "x" } }, "prediction"],
    ] as const) {
      expect(translationError(() => toAnthropicRequest(req(extra as never), UPSTREAM)).param).toBe(param);
    }
    expect(toAnthropicRequest(req({ logprobs: false, modalities: ["text"] } as never), UPSTREAM).model).toBe(UPSTREAM);
  });

  it("translates and validates image parts", () => {
    const image = (url: string) =>
      req({ messages: [{ role: "user", content: [{ type: "image_url", image_url: { url } }] }] });
    expect(toAnthropicRequest(image("data:image/jpg;base64,/9j/4AAQ"), UPSTREAM).messages[0]?.content).toStrictEqual([
      { type: "image", source: { type: "base64", media_type: "image/jpeg", data: "/9j/4AAQ" } },
    ]);
    expect(toAnthropicRequest(image("HTTP://example.com/a.webp"), UPSTREAM).messages[0]?.content).toStrictEqual([
      { type: "image", source: { type: "url", url: "HTTP://example.com/a.webp" } },
    ]);
    const path = "messages[0].content[0].image_url.url";
    expect(translationError(() => toAnthropicRequest(image("data:image/bmp;base64,Qk0="), UPSTREAM)).param).toBe(path);
    expect(translationError(() => toAnthropicRequest(image("data:image/png,raw"), UPSTREAM)).param).toBe(path);
    expect(translationError(() => toAnthropicRequest(image("ftp://example.com/a.png"), UPSTREAM)).param).toBe(path);
    const assistantImage = req({
      messages: [
        { role: "user", content: "u" },
        { role: "assistant", content: [{ type: "image_url", image_url: { url: "https://e.com/a.png" } }] },
      ],
    });
    expect(translationError(() => toAnthropicRequest(assistantImage, UPSTREAM)).param).toBe("messages[1].content[0].type");
    const audio = req({ messages: [{ role: "user", content: [{ type: "input_audio", input_audio: {} }] }] });
    expect(translationError(() => toAnthropicRequest(audio, UPSTREAM)).param).toBe("messages[0].content[0].type");
  });
});
