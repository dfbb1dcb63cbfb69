import "server-only";
import { contentToBlocks, textOnlyContent } from "./content";
import { structuredOutput, type StructuredOutput } from "../structured-output";
import { TranslationError } from "../translation-error";
import type {
  AnthropicRequest,
  AnthropicRequestBlock,
  AnthropicRequestMessage,
  AnthropicTool,
  AnthropicToolChoice,
  OpenAIChatRequest,
  OpenAIToolCall,
} from "./wire-types";

const DEFAULT_MAX_TOKENS = 4096;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Anthropic requires user/assistant alternation, so same-role neighbours are merged. */
function pushMessage(out: AnthropicRequestMessage[], role: "user" | "assistant", blocks: AnthropicRequestBlock[]): void {
  if (blocks.length === 0) return;
  const last = out[out.length - 1];
  if (last && last.role === role) last.content.push(...blocks);
  else out.push({ role, content: blocks });
}

function toolUseBlock(call: unknown, path: string): AnthropicRequestBlock {
  if (!isRecord(call) || !isRecord(call.function)) {
    throw new TranslationError(`${path} must be a function tool call.`, path);
  }
  if (call.type !== undefined && call.type !== "function") {
    throw new TranslationError(`${path}.type must be "function" for Anthropic models.`, `${path}.type`);
  }
  const { name, arguments: args } = call.function;
  if (typeof call.id !== "string" || call.id === "") throw new TranslationError(`${path}.id is required.`, `${path}.id`);
  if (typeof name !== "string" || name === "") {
    throw new TranslationError(`${path}.function.name is required.`, `${path}.function.name`);
  }
  const argsPath = `${path}.function.arguments`;
  let input: unknown = {};
  // Models sometimes produce "" for argument-less calls; treat it as {}.
  if (typeof args === "string" && args.trim() !== "") {
    try {
      input = JSON.parse(args);
    } catch {
      // The SyntaxError text quotes the arguments, which are content: never echo it.
      throw new TranslationError(`${argsPath} is not valid JSON.`, argsPath);
    }
  } else if (typeof args !== "string" && args !== undefined) {
    throw new TranslationError(`${argsPath} must be a string of JSON.`, argsPath);
  }
  if (!isRecord(input)) throw new TranslationError(`${argsPath} must encode a JSON object.`, argsPath);
  return { type: "tool_use", id: call.id, name, input };
}

function translateMessages(body: OpenAIChatRequest): { system: string[]; messages: AnthropicRequestMessage[] } {
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw new TranslationError("messages must be a non-empty array.", "messages");
  }
  const system: string[] = [];
  const messages: AnthropicRequestMessage[] = [];

  body.messages.forEach((message: unknown, i) => {
    const path = `messages[${i}]`;
    if (!isRecord(message)) throw new TranslationError(`${path} must be an object.`, path);
    const content = message.content as Parameters<typeof contentToBlocks>[0];
    switch (message.role) {
      case "system":
      case "developer": {
        const text = textOnlyContent(content, `${path}.content`);
        if (text !== "") system.push(text);
        return;
      }
      case "user":
        pushMessage(messages, "user", contentToBlocks(content, `${path}.content`, "user"));
        return;
      case "assistant": {
        const blocks = contentToBlocks(content, `${path}.content`, "assistant");
        const calls = message.tool_calls;
        if (calls !== undefined && calls !== null && !Array.isArray(calls)) {
          throw new TranslationError(`${path}.tool_calls must be an array.`, `${path}.tool_calls`);
        }
        (calls ?? []).forEach((call: OpenAIToolCall, j: number) => {
          blocks.push(toolUseBlock(call, `${path}.tool_calls[${j}]`));
        });
        pushMessage(messages, "assistant", blocks);
        return;
      }
      case "tool": {
        if (typeof message.tool_call_id !== "string" || message.tool_call_id === "") {
          throw new TranslationError(`${path}.tool_call_id is required.`, `${path}.tool_call_id`);
        }
        const result = textOnlyContent(content, `${path}.content`);
        pushMessage(messages, "user", [{ type: "tool_result", tool_use_id: message.tool_call_id, content: result }]);
        return;
      }
      default:
        throw new TranslationError(`${path}.role is not supported for Anthropic models.`, `${path}.role`);
    }
  });
  if (messages.length === 0) {
    throw new TranslationError("messages must include a user or assistant message with content.", "messages");
  }
  return { system, messages };
}

function translateTools(tools: unknown): AnthropicTool[] {
  if (!Array.isArray(tools)) throw new TranslationError("tools must be an array.", "tools");
  return tools.map((tool: unknown, i) => {
    const path = `tools[${i}]`;
    if (!isRecord(tool) || tool.type !== "function" || !isRecord(tool.function)) {
      throw new TranslationError(`${path} must be a function tool for Anthropic models.`, path);
    }
    const fn = tool.function;
    if (typeof fn.name !== "string" || fn.name === "") {
      throw new TranslationError(`${path}.function.name is required.`, `${path}.function.name`);
    }
    const out: AnthropicTool = {
      name: fn.name,
      input_schema: isRecord(fn.parameters) ? fn.parameters : { type: "object", properties: {} },
    };
    if (typeof fn.description === "string") out.description = fn.description;
    return out;
  });
}

function translateToolChoice(choice: unknown, parallel: unknown): AnthropicToolChoice | undefined {
  let out: AnthropicToolChoice | undefined;
  if (choice === "auto") out = { type: "auto" };
  else if (choice === "none") out = { type: "none" };
  else if (choice === "required") out = { type: "any" };
  else if (isRecord(choice) && choice.type === "function" && isRecord(choice.function)) {
    const name = choice.function.name;
    if (typeof name !== "string" || name === "") {
      throw new TranslationError("tool_choice.function.name is required.", "tool_choice.function.name");
    }
    out = { type: "tool", name };
  } else if (choice !== undefined && choice !== null) {
    throw new TranslationError("tool_choice is not supported for Anthropic models.", "tool_choice");
  }
  if (parallel === false) {
    out ??= { type: "auto" };
    if (out.type !== "none") out.disable_parallel_tool_use = true;
  }
  return out;
}

function checkUnsupported(body: OpenAIChatRequest): void {
  if (typeof body.n === "number" && body.n > 1) {
    throw new TranslationError("n > 1 is not supported for Anthropic models.", "n");
  }
  // Output kinds Anthropic models cannot produce, and OpenAI-only tools.
  const refused: Array<[string, boolean]> = [
    ["audio", body.audio != null],
    ["modalities", Array.isArray(body.modalities) && body.modalities.some((m) => m !== "text")],
    ["web_search_options", body.web_search_options != null],
    ["prediction", body.prediction != null],
    ["logprobs", body.logprobs === true],
    ["top_logprobs", typeof body.top_logprobs === "number" && body.top_logprobs > 0],
  ];
  for (const [param, present] of refused) {
    if (present) throw new TranslationError(`${param} is not supported for Anthropic models.`, param);
  }
  if (body.functions !== undefined || body.function_call !== undefined) {
    const param = body.functions !== undefined ? "functions" : "function_call";
    throw new TranslationError(`${param} is not supported for Anthropic models; use tools.`, param);
  }
}

/**
 * `reasoning_effort` as Anthropic's extended thinking: a token budget per effort, which
 * Anthropic wants below `max_tokens` and at least 1,024. `none`/`minimal` think not at all.
 * Anthropic takes no temperature with thinking, so a temperature other than 1 is refused
 * rather than dropped.
 */
const THINKING_BUDGET: Record<string, number> = { low: 1024, medium: 4096, high: 16384 };

function thinkingFor(effort: unknown, maxTokens: number, temperature: unknown): { type: "enabled"; budget_tokens: number } | null {
  if (effort === undefined || effort === null || effort === "none" || effort === "minimal") return null;
  const wanted = typeof effort === "string" ? THINKING_BUDGET[effort] : undefined;
  if (wanted === undefined) throw new TranslationError("reasoning_effort must be none, minimal, low, medium or high for Anthropic models.", "reasoning_effort");
  if (typeof temperature === "number" && temperature !== 1) {
    throw new TranslationError("temperature cannot be combined with reasoning_effort for Anthropic models.", "temperature");
  }
  const budget = Math.min(wanted, maxTokens - 1);
  if (budget < 1024) throw new TranslationError("reasoning_effort needs max_tokens above 1024 for Anthropic models.", "max_tokens");
  return { type: "enabled", budget_tokens: budget };
}

/**
 * Builds the Anthropic Messages request for an OpenAI Chat Completions request.
 *
 * Only fields with a faithful equivalent are carried; the result is built from an
 * allowlist, so unknown client fields never reach the provider. `user`/`metadata` are
 * dropped on purpose: they count as content. `stream_options` is the stream
 * translator's concern.
 */
/** Chat's `response_format` as a structured-output tool, or null for text. */
export function chatStructuredOutput(body: OpenAIChatRequest): StructuredOutput | null {
  const format = body.response_format;
  if (!isRecord(format)) return null;
  const hasTools = Array.isArray(body.tools) && body.tools.length > 0;
  if (format.type !== "json_schema") return structuredOutput(format, "response_format", hasTools);
  const inner = isRecord(format.json_schema) ? format.json_schema : {};
  return structuredOutput({ ...inner, type: "json_schema" }, "response_format.json_schema", hasTools);
}

export function toAnthropicRequest(body: OpenAIChatRequest, upstreamModel: string, structured: StructuredOutput | null = null): AnthropicRequest {
  if (!isRecord(body)) throw new TranslationError("The request body must be a JSON object.", null);
  checkUnsupported(body);
  const { system, messages } = translateMessages(body);

  const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? DEFAULT_MAX_TOKENS;
  if (typeof maxTokens !== "number" || !Number.isInteger(maxTokens) || maxTokens < 1) {
    const param = body.max_completion_tokens != null ? "max_completion_tokens" : "max_tokens";
    throw new TranslationError(`${param} must be a positive integer.`, param);
  }

  const out: AnthropicRequest = { model: upstreamModel, messages, max_tokens: maxTokens };
  if (system.length > 0) out.system = system.join("\n\n");
  const thinking = thinkingFor(body.reasoning_effort, maxTokens, body.temperature);
  if (thinking) out.thinking = thinking;
  else if (typeof body.temperature === "number") out.temperature = Math.min(1, Math.max(0, body.temperature));
  if (typeof body.top_p === "number") out.top_p = body.top_p;

  const stop = body.stop;
  if (typeof stop === "string") out.stop_sequences = [stop];
  else if (Array.isArray(stop) && stop.length > 0) {
    stop.forEach((s, i) => {
      if (typeof s !== "string") throw new TranslationError(`stop[${i}] must be a string.`, `stop[${i}]`);
    });
    out.stop_sequences = [...stop];
  }

  if (body.stream === true) out.stream = true;

  if (body.tools !== undefined && body.tools !== null) {
    const tools = translateTools(body.tools);
    if (tools.length > 0) out.tools = tools;
  }
  if (structured) {
    out.tools = [structured.tool];
    out.tool_choice = { type: "tool", name: structured.tool.name };
    return out;
  }
  // Anthropic rejects tool_choice without tools; without tools it means nothing anyway.
  if (out.tools) {
    const toolChoice = translateToolChoice(body.tool_choice, body.parallel_tool_calls);
    if (toolChoice) out.tool_choice = toolChoice;
  }
  return out;
}
