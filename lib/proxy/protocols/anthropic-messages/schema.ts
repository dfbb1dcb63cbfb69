import "server-only";
import { z } from "zod";
import type { BodySpec } from "../../sanitize/inspect-body";

/** The Messages body: known parameters and their bounds, and which fields are conversation content. */
const num = z.number().finite();
const message = z.looseObject({ role: z.string().min(1).max(32), content: z.unknown().optional() });
const tool = z.looseObject({ type: z.string().optional() });

export const messagesSchema = z.looseObject({
  model: z.string(),
  messages: z.array(message).min(1, "messages must not be empty"),
  max_tokens: z.number().int().positive(),
  system: z.union([z.string(), z.array(z.unknown())]).optional(),
  metadata: z.strictObject({ user_id: z.string().max(256).nullish() }).optional(),
  stop_sequences: z.array(z.string()).max(8).optional(),
  stream: z.boolean().optional(),
  temperature: num.min(0).max(1).optional(),
  top_p: num.min(0).max(1).optional(),
  top_k: z.number().int().min(0).optional(),
  tools: z.array(tool).max(128).optional(),
  tool_choice: z.unknown().optional(),
  thinking: z.unknown().optional(),
  service_tier: z.string().max(32).optional(),
  cache_control: z.looseObject({}).nullish(),
  container: z.union([z.string().max(256), z.looseObject({})]).nullish(),
  context_management: z.looseObject({}).nullish(),
  diagnostics: z.unknown().optional(),
  inference_geo: z.string().max(64).nullish(),
  output_config: z.looseObject({}).optional(),
  speed: z.string().max(32).nullish(),
  user_profile_id: z.string().max(256).nullish(),
  workspace_id: z.string().max(256).nullish(),
});


export const messagesSpec: BodySpec = {
  schema: messagesSchema,
  known: new Set(Object.keys(messagesSchema.shape)),
  content: new Set(["messages", "system", "tools"]),
};
