import "server-only";
import type { AnthropicTool } from "../protocols/anthropic-messages/wire-types";
import { isRecord } from "../stream/sse-events";
import { TranslationError } from "./translation-error";

/**
 * Structured output for Claude by tool forcing: the JSON schema the client asked the
 * answer to follow becomes the input schema of one tool the model must call, and the
 * tool call's input comes back as the answer's text. Works on every Claude model, with no
 * beta header. Used by both OpenAI-to-Anthropic translations (chat's `response_format`,
 * the Responses API's `text.format`).
 */
export type StructuredOutput = { tool: AnthropicTool };

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * `format` is `{ type: "json_schema", name?, schema, description? }` (the Responses API's
 * shape; chat's `json_schema` object is unwrapped by the caller) or `{ type: "json_object" }`.
 * Null for plain text.
 */
export function structuredOutput(format: Record<string, unknown> | null, path: string, hasTools: boolean): StructuredOutput | null {
  if (!format || format.type === "text") return null;
  if (format.type !== "json_schema" && format.type !== "json_object") {
    throw new TranslationError(`${path}.type ${String(format.type)} is not supported for Anthropic models.`, `${path}.type`);
  }
  if (hasTools) throw new TranslationError(`${path} together with tools is not supported for Anthropic models.`, path);
  if (format.type === "json_object") {
    return { tool: { name: "json_response", description: "Answer with a JSON object.", input_schema: { type: "object", additionalProperties: true } } };
  }
  if (!isRecord(format.schema)) throw new TranslationError(`${path}.schema must be a JSON schema object.`, `${path}.schema`);
  if (format.schema.type !== undefined && format.schema.type !== "object") {
    throw new TranslationError(`${path}.schema must describe an object for Anthropic models.`, `${path}.schema.type`);
  }
  const name = typeof format.name === "string" && TOOL_NAME.test(format.name) ? format.name : "json_response";
  const description = typeof format.description === "string" ? format.description : "Answer with JSON that follows this schema.";
  return { tool: { name, description, input_schema: format.schema } };
}
