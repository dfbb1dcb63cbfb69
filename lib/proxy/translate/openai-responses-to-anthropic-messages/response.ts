import "server-only";
import { positiveCount, promptTokensOf } from "../../protocols/anthropic-messages/usage";
import type { AnthropicMessage, AnthropicUsage } from "../../protocols/anthropic-messages/wire-types";
import { isRecord } from "../../stream/sse-events";

/**
 * Anthropic answers as Responses API objects: text blocks become one `message` output
 * item, tool_use blocks `function_call` items; a max_tokens stop is an `incomplete`
 * response. The model is the name the client asked for.
 */
export type OutputItem =
  | { type: "message"; id: string; status: "completed" | "in_progress"; role: "assistant"; content: Array<{ type: "output_text"; text: string; annotations: [] }> }
  | { type: "function_call"; id: string; call_id: string; name: string; arguments: string; status: "completed" | "in_progress" };

export type ResponseStatus = "completed" | "incomplete" | "in_progress" | "failed";

export type ResponsesUsage = {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
};

export function responsesUsage(usage: Partial<AnthropicUsage> | null | undefined, outputTokens?: number): ResponsesUsage {
  const input = promptTokensOf(usage);
  const output = outputTokens ?? positiveCount(usage?.output_tokens);
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: positiveCount(usage?.cache_read_input_tokens) },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input + output,
  };
}

/** The Response object's envelope, the same whole, in `response.created` and in `response.completed`. */
export function responseObject(o: {
  id: string;
  model: string;
  createdAt: number;
  status: ResponseStatus;
  output: OutputItem[];
  usage: ResponsesUsage | null;
  request: Record<string, unknown>;
  error?: { code: string; message: string } | null;
  /** The request asked for JSON: echo its format, as OpenAI does. */
  structured?: boolean;
}) {
  const r = o.request;
  return {
    id: o.id,
    object: "response",
    created_at: o.createdAt,
    status: o.status,
    error: o.error ?? null,
    incomplete_details: o.status === "incomplete" ? { reason: "max_output_tokens" } : null,
    instructions: typeof r.instructions === "string" ? r.instructions : null,
    max_output_tokens: typeof r.max_output_tokens === "number" ? r.max_output_tokens : null,
    model: o.model,
    output: o.output,
    parallel_tool_calls: r.parallel_tool_calls !== false,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: false,
    temperature: typeof r.temperature === "number" ? r.temperature : null,
    text: o.structured && isRecord(r.text) && isRecord(r.text.format) ? { format: r.text.format } : { format: { type: "text" } },
    tool_choice: r.tool_choice ?? "auto",
    tools: Array.isArray(r.tools) ? r.tools : [],
    top_p: typeof r.top_p === "number" ? r.top_p : null,
    truncation: "disabled",
    usage: o.usage,
    metadata: {},
  };
}

export function statusOf(stopReason: unknown): ResponseStatus {
  return stopReason === "max_tokens" || stopReason === "model_context_window_exceeded" ? "incomplete" : "completed";
}

/** A non-streamed Anthropic message as a Response. */
export function fromAnthropicMessage(msg: AnthropicMessage, model: string, createdAt: number, request: Record<string, unknown>, structuredTool: string | null = null) {
  const texts: string[] = [];
  const calls: OutputItem[] = [];
  for (const block of Array.isArray(msg.content) ? msg.content : []) {
    if (!isRecord(block)) continue;
    if (block.type === "text" && typeof block.text === "string") {
      // With structured output the answer is the forced tool's input alone.
      if (!structuredTool) texts.push(block.text);
    } else if (block.type === "tool_use" && block.name === structuredTool) texts.push(JSON.stringify(block.input ?? {}));
    else if (block.type === "tool_use" && typeof block.id === "string" && typeof block.name === "string") {
      calls.push({ type: "function_call", id: `fc_${block.id}`, call_id: block.id, name: block.name, arguments: JSON.stringify(block.input ?? {}), status: "completed" });
    }
  }
  const output: OutputItem[] = [];
  if (texts.length > 0) {
    output.push({ type: "message", id: `msg_${msg.id}`, status: "completed", role: "assistant", content: [{ type: "output_text", text: texts.join(""), annotations: [] }] });
  }
  output.push(...calls);
  return responseObject({ id: `resp_${msg.id}`, model, createdAt, status: statusOf(msg.stop_reason), output, usage: responsesUsage(msg.usage), request, structured: structuredTool !== null });
}
