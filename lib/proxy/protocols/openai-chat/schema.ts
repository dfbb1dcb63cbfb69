import "server-only";
import { z } from "zod";
import type { BodySpec } from "../../sanitize/inspect-body";

/**
 * The Chat Completions body: known parameters and their bounds, the extras that
 * OpenAI-compatible providers take, and which fields are conversation content.
 */
const num = z.number().finite();
const message = z.looseObject({ role: z.string().min(1).max(32), content: z.unknown().optional() });
const tool = z.looseObject({ type: z.string().optional() });

export const chatSchema = z.looseObject({
  model: z.string(),
  messages: z.array(message).min(1, "messages must not be empty"),
  stream: z.boolean().optional(),
  stream_options: z.strictObject({ include_usage: z.boolean().optional(), include_obfuscation: z.boolean().optional() }).nullish(),
  temperature: num.min(0).max(2).nullish(),
  top_p: num.min(0).max(1).nullish(),
  n: z.number().int().min(1).max(16).nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(8)]).nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  presence_penalty: num.min(-2).max(2).nullish(),
  frequency_penalty: num.min(-2).max(2).nullish(),
  logit_bias: z.record(z.string(), num).nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.number().int().min(0).max(20).nullish(),
  user: z.string().max(256).optional(),
  seed: z.number().int().nullish(),
  tools: z.array(tool).max(128).optional(),
  tool_choice: z.unknown().optional(),
  parallel_tool_calls: z.boolean().optional(),
  response_format: z.looseObject({ type: z.string() }).optional(),
  metadata: z.record(z.string(), z.string()).nullish(),
  store: z.boolean().nullish(),
  reasoning_effort: z.string().max(16).nullish(),
  service_tier: z.string().max(16).nullish(),
  modalities: z.array(z.string()).nullish(),
  prediction: z.unknown().optional(),
  verbosity: z.string().max(16).nullish(),
  audio: z.looseObject({}).nullish(),
  functions: z.array(z.looseObject({})).max(128).optional(),
  function_call: z.unknown().optional(),
  prompt_cache_key: z.string().max(256).optional(),
  prompt_cache_retention: z.string().max(16).nullish(),
  safety_identifier: z.string().max(256).optional(),
  web_search_options: z.looseObject({}).optional(),
});

/** Extras of OpenAI-compatible providers (OpenRouter, Together, Groq, Mistral, DeepSeek). */
const OPENAI_EXTRAS = new Set([
  "top_k", "min_p", "top_a", "repetition_penalty", "transforms", "route", "models", "provider",
  "safe_prompt", "random_seed", "reasoning", "include_reasoning", "prompt_mode",
]);


export const chatSpec: BodySpec = {
  schema: chatSchema,
  known: new Set(Object.keys(chatSchema.shape)),
  extras: { protocol: "openai", names: OPENAI_EXTRAS },
  content: new Set(["messages", "tools", "functions"]),
};
