/**
 * The parts of the OpenAI Chat Completions wire format the gateway reads or writes.
 * Request types are loose where clients are loose: each reader validates what it uses.
 */
import "server-only";


export type OpenAITextPart = { type: "text"; text: string };
export type OpenAIImagePart = { type: "image_url"; image_url: { url: string; detail?: "auto" | "low" | "high" } };
export type OpenAIContentPart = OpenAITextPart | OpenAIImagePart | { type: string; [key: string]: unknown };

export type OpenAIToolCall = {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
};

export type OpenAIMessage =
  | { role: "system" | "developer"; content: string | OpenAIContentPart[]; name?: string }
  | { role: "user"; content: string | OpenAIContentPart[]; name?: string }
  | {
      role: "assistant";
      content?: string | OpenAIContentPart[] | null;
      tool_calls?: OpenAIToolCall[] | null;
      refusal?: string | null;
      name?: string;
    }
  | { role: "tool"; content: string | OpenAIContentPart[]; tool_call_id: string };

export type OpenAITool = {
  type: "function";
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean | null };
};

export type OpenAIToolChoice = "auto" | "none" | "required" | { type: "function"; function: { name: string } };

export type OpenAIChatRequest = {
  model: string;
  messages: OpenAIMessage[];
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  stop?: string | string[] | null;
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean } | null;
  n?: number | null;
  tools?: OpenAITool[] | null;
  tool_choice?: OpenAIToolChoice | null;
  parallel_tool_calls?: boolean | null;
  response_format?: { type: string; [key: string]: unknown } | null;
  user?: string;
  [key: string]: unknown;
};

export type OpenAIFinishReason = "stop" | "length" | "tool_calls" | "content_filter";

export type OpenAIUsage = {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens: number };
};

export type OpenAIChatCompletion = {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: { role: "assistant"; content: string | null; refusal: null; tool_calls?: OpenAIToolCall[] };
    logprobs: null;
    finish_reason: OpenAIFinishReason;
  }>;
  usage: OpenAIUsage;
};

export type OpenAIToolCallDelta = {
  index: number;
  id?: string;
  type?: "function";
  function: { name?: string; arguments: string };
};

export type OpenAIChatCompletionChunk = {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  choices: Array<{
    index: number;
    delta: { role?: "assistant"; content?: string; tool_calls?: OpenAIToolCallDelta[] };
    logprobs: null;
    finish_reason: OpenAIFinishReason | null;
  }>;
  usage?: OpenAIUsage;
};

export type OpenAIErrorBody = {
  error: { message: string; type: string; param: string | null; code: string | null };
};
