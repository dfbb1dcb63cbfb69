import "server-only";
import type { AnthropicRequest, AnthropicRequestBlock, AnthropicRequestMessage, AnthropicTool, AnthropicToolChoice } from "../../protocols/anthropic-messages/wire-types";
import { isRecord } from "../../stream/sse-events";
import { imageSourceFromUrl } from "../anthropic-image-source";
import { structuredOutput, type StructuredOutput } from "../structured-output";
import { TranslationError } from "../translation-error";

/**
 * A Responses API request as an Anthropic Messages request. Input items become
 * messages (system and developer messages join `instructions` as the system prompt),
 * function calls and their outputs become tool_use and tool_result blocks, function
 * tools become Anthropic tools. What has no Messages equivalent is refused with the
 * parameter's path (a TranslationError), never dropped: hosted tools, stored state
 * (`previous_response_id`, `conversation`, `prompt`) and reasoning settings. A JSON
 * `text.format` becomes a forced tool (../structured-output.ts).
 */
const DEFAULT_MAX_TOKENS = 4096;

type Role = "user" | "assistant";

class MessageList {
  readonly messages: AnthropicRequestMessage[] = [];
  /** Consecutive items of one role share one message, as Anthropic wants turns to alternate. */
  push(role: Role, blocks: AnthropicRequestBlock[]): void {
    if (blocks.length === 0) return;
    const last = this.messages.at(-1);
    if (last && last.role === role) last.content.push(...blocks);
    else this.messages.push({ role, content: blocks });
  }
}

function textOf(content: unknown, path: string): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) throw new TranslationError(`${path} must be a string or an array of parts.`, path);
  return content
    .map((part, i) => {
      if (!isRecord(part) || (part.type !== "input_text" && part.type !== "output_text") || typeof part.text !== "string") {
        throw new TranslationError(`${path}[${i}] must be a text part.`, `${path}[${i}]`);
      }
      return part.text;
    })
    .join("");
}

function contentBlocks(content: unknown, path: string): AnthropicRequestBlock[] {
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", text: content }];
  if (!Array.isArray(content)) throw new TranslationError(`${path} must be a string or an array of parts.`, path);
  const out: AnthropicRequestBlock[] = [];
  content.forEach((part, i) => {
    const p = `${path}[${i}]`;
    if (!isRecord(part)) throw new TranslationError(`${p} must be an object.`, p);
    if (part.type === "input_text" || part.type === "output_text") {
      if (typeof part.text !== "string") throw new TranslationError(`${p}.text must be a string.`, `${p}.text`);
      if (part.text !== "") out.push({ type: "text", text: part.text });
    } else if (part.type === "input_image") {
      if (part.file_id !== undefined) throw new TranslationError(`${p}.file_id is not supported for Anthropic models; send image_url.`, `${p}.file_id`);
      out.push({ type: "image", source: imageSourceFromUrl(part.image_url, `${p}.image_url`) });
    } else if (part.type === "refusal") {
      if (typeof part.refusal === "string" && part.refusal !== "") out.push({ type: "text", text: part.refusal });
    } else {
      throw new TranslationError(`${p}.type ${String(part.type)} is not supported for Anthropic models.`, `${p}.type`);
    }
  });
  return out;
}

function parseArguments(args: unknown, path: string): Record<string, unknown> {
  if (typeof args !== "string") throw new TranslationError(`${path} must be a string of JSON.`, path);
  let input: unknown;
  try {
    input = args.trim() === "" ? {} : JSON.parse(args);
  } catch {
    throw new TranslationError(`${path} is not valid JSON.`, path);
  }
  if (!isRecord(input)) throw new TranslationError(`${path} must encode a JSON object.`, path);
  return input;
}

function outputText(output: unknown, path: string): string {
  if (typeof output === "string") return output;
  return textOf(output, path);
}

function translateInput(body: Record<string, unknown>): { system: string[]; messages: AnthropicRequestMessage[] } {
  const system: string[] = [];
  if (typeof body.instructions === "string" && body.instructions !== "") system.push(body.instructions);
  const list = new MessageList();
  const input = body.input;
  if (typeof input === "string") {
    list.push("user", [{ type: "text", text: input }]);
    return { system, messages: list.messages };
  }
  (input as unknown[]).forEach((item, i) => {
    const path = `input[${i}]`;
    if (!isRecord(item)) throw new TranslationError(`${path} must be an object.`, path);
    const type = item.type ?? "message";
    if (type === "message") {
      const role = item.role;
      if (role === "system" || role === "developer") system.push(textOf(item.content, `${path}.content`));
      else if (role === "user" || role === "assistant") list.push(role, contentBlocks(item.content, `${path}.content`));
      else throw new TranslationError(`${path}.role must be user, assistant, system or developer.`, `${path}.role`);
    } else if (type === "function_call") {
      if (typeof item.call_id !== "string" || item.call_id === "") throw new TranslationError(`${path}.call_id is required.`, `${path}.call_id`);
      if (typeof item.name !== "string" || item.name === "") throw new TranslationError(`${path}.name is required.`, `${path}.name`);
      list.push("assistant", [{ type: "tool_use", id: item.call_id, name: item.name, input: parseArguments(item.arguments, `${path}.arguments`) }]);
    } else if (type === "function_call_output") {
      if (typeof item.call_id !== "string" || item.call_id === "") throw new TranslationError(`${path}.call_id is required.`, `${path}.call_id`);
      list.push("user", [{ type: "tool_result", tool_use_id: item.call_id, content: outputText(item.output, `${path}.output`) }]);
    } else if (type === "reasoning") {
      // Reasoning items come back from OpenAI models only; Anthropic cannot take them.
      throw new TranslationError(`${path}: reasoning items are not supported for Anthropic models.`, `${path}.type`);
    } else {
      throw new TranslationError(`${path}.type ${String(type)} is not supported for Anthropic models.`, `${path}.type`);
    }
  });
  if (list.messages.length === 0) throw new TranslationError("input must contain at least one user or assistant message.", "input");
  return { system, messages: list.messages };
}

function translateTools(tools: unknown[]): AnthropicTool[] {
  return tools.map((tool, i) => {
    const path = `tools[${i}]`;
    if (!isRecord(tool) || tool.type !== "function") {
      const type = isRecord(tool) ? String(tool.type) : "?";
      throw new TranslationError(`${path}.type ${type} is not supported for Anthropic models; only function tools are.`, `${path}.type`);
    }
    if (typeof tool.name !== "string" || tool.name === "") throw new TranslationError(`${path}.name is required.`, `${path}.name`);
    const out: AnthropicTool = { name: tool.name, input_schema: isRecord(tool.parameters) ? tool.parameters : { type: "object", properties: {} } };
    if (typeof tool.description === "string") out.description = tool.description;
    return out;
  });
}

function translateToolChoice(choice: unknown, parallel: unknown): AnthropicToolChoice | undefined {
  let out: AnthropicToolChoice | undefined;
  if (choice === undefined || choice === null || choice === "auto") out = choice === "auto" ? { type: "auto" } : undefined;
  else if (choice === "none") out = { type: "none" };
  else if (choice === "required") out = { type: "any" };
  else if (isRecord(choice) && choice.type === "function" && typeof choice.name === "string" && choice.name !== "") out = { type: "tool", name: choice.name };
  else throw new TranslationError("tool_choice is not supported for Anthropic models.", "tool_choice");
  if (parallel === false) {
    out ??= { type: "auto" };
    if (out.type !== "none") out.disable_parallel_tool_use = true;
  }
  return out;
}

const UNSUPPORTED: ReadonlyArray<[string, string]> = [
  ["previous_response_id", "Responses are never stored by the gateway: send the whole conversation as input."],
  ["conversation", "Conversations are never stored by the gateway: send the whole conversation as input."],
  ["prompt", "Stored prompts are not supported for Anthropic models."],
  ["background", "Background responses are not supported for Anthropic models."],
  ["reasoning", "reasoning is not supported for Anthropic models."],
];

function checkUnsupported(body: Record<string, unknown>): void {
  for (const [param, message] of UNSUPPORTED) {
    const v = body[param];
    if (v !== undefined && v !== null && v !== false) throw new TranslationError(message, param);
  }
}

/** `text.format` as a structured-output tool, or null for text. */
export function responsesStructuredOutput(body: Record<string, unknown>): StructuredOutput | null {
  const format = isRecord(body.text) && isRecord(body.text.format) ? body.text.format : null;
  return structuredOutput(format, "text.format", Array.isArray(body.tools) && body.tools.length > 0);
}

/** The Messages request. Built from an allow-list: `user`, `metadata` and the client's other fields never reach the provider. */
export function toAnthropicRequest(body: Record<string, unknown>, upstreamModel: string, structured: StructuredOutput | null = null): AnthropicRequest {
  checkUnsupported(body);
  const { system, messages } = translateInput(body);
  const maxTokens = typeof body.max_output_tokens === "number" ? body.max_output_tokens : DEFAULT_MAX_TOKENS;
  const out: AnthropicRequest = { model: upstreamModel, messages, max_tokens: maxTokens };
  if (system.length > 0) out.system = system.join("\n\n");
  if (typeof body.temperature === "number") out.temperature = Math.min(1, Math.max(0, body.temperature));
  if (typeof body.top_p === "number") out.top_p = body.top_p;
  if (body.stream === true) out.stream = true;
  if (structured) {
    out.tools = [structured.tool];
    out.tool_choice = { type: "tool", name: structured.tool.name };
  } else if (Array.isArray(body.tools) && body.tools.length > 0) {
    out.tools = translateTools(body.tools);
    const choice = translateToolChoice(body.tool_choice, body.parallel_tool_calls);
    if (choice) out.tool_choice = choice;
  }
  return out;
}
