import "server-only";
import { z } from "zod";
import type { BodySpec } from "../../sanitize/inspect-body";

/**
 * The Responses API body (`POST /v1/responses`): known parameters and their bounds, and
 * which fields are conversation content (`input`, `instructions`, `tools`: not scanned
 * for secret-looking values, as message text is not on chat).
 */
const num = z.number().finite();

export const responsesSchema = z.looseObject({
  model: z.string(),
  input: z.union([z.string(), z.array(z.unknown()).min(1, "input must not be empty")]),
  instructions: z.string().nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.strictObject({ include_obfuscation: z.boolean().optional() }).nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  max_tool_calls: z.number().int().positive().nullish(),
  temperature: num.min(0).max(2).nullish(),
  top_p: num.min(0).max(1).nullish(),
  top_logprobs: z.number().int().min(0).max(20).nullish(),
  tools: z.array(z.looseObject({ type: z.string() })).max(128).optional(),
  tool_choice: z.unknown().optional(),
  parallel_tool_calls: z.boolean().nullish(),
  text: z.looseObject({}).nullish(),
  reasoning: z.looseObject({}).nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  user: z.string().max(256).optional(),
  safety_identifier: z.string().max(256).optional(),
  prompt_cache_key: z.string().max(256).optional(),
  prompt_cache_retention: z.string().max(16).nullish(),
  service_tier: z.string().max(16).nullish(),
  store: z.boolean().nullish(),
  truncation: z.enum(["auto", "disabled"]).nullish(),
  include: z.array(z.string().max(64)).max(16).nullish(),
  previous_response_id: z.string().max(256).nullish(),
  conversation: z.unknown().optional(),
  background: z.boolean().nullish(),
  prompt: z.unknown().optional(),
  context_management: z.unknown().optional(),
});

export const responsesSpec: BodySpec = {
  schema: responsesSchema,
  known: new Set(Object.keys(responsesSchema.shape)),
  content: new Set(["input", "instructions", "tools"]),
};
