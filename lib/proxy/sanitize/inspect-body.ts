import { z } from "zod";
import { errors, type ProxyError } from "../errors";
import type { Protocol } from "../types";
import { isCredentialName, secretRule } from "./secret-patterns";

/**
 * Request bodies. Known parameters are validated by schema; unknown top-level
 * parameters pass only if they are known extras of the provider's protocol; and
 * every passthrough value (everything except message content and tool schemas) is
 * inspected recursively, including JSON strings inside it, for credential-bearing
 * field names and secret-looking values. A finding is a 400 that names the field and
 * the rule, never the value.
 */
const num = z.number().finite();
const message = z.looseObject({ role: z.string().min(1).max(32), content: z.unknown().optional() });
const tool = z.looseObject({ type: z.string().optional() });

const openaiChat = z.looseObject({
  model: z.string(),
  messages: z.array(message).min(1, "messages must not be empty"),
  stream: z.boolean().optional(),
  stream_options: z.strictObject({ include_usage: z.boolean().optional() }).nullish(),
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
});

const anthropicMessages = z.looseObject({
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
});

/** Extras of OpenAI-compatible providers (OpenRouter, Together, Groq, Mistral, DeepSeek). */
const OPENAI_EXTRAS = new Set([
  "top_k", "min_p", "top_a", "repetition_penalty", "transforms", "route", "models", "provider",
  "safe_prompt", "random_seed", "reasoning", "include_reasoning", "prompt_mode",
]);

const KNOWN: Record<"chat.completions" | "messages", Set<string>> = {
  "chat.completions": new Set(Object.keys(openaiChat.shape)),
  messages: new Set(Object.keys(anthropicMessages.shape)),
};

/** Fields carrying conversation content: not scanned for secret-looking values. */
const CONTENT_FIELDS = new Set(["messages", "system", "tools"]);
const MAX_DEPTH = 24;

function inspect(value: unknown, path: string, depth: number): ProxyError | null {
  if (depth > MAX_DEPTH) return errors.badRequest(`Field '${path}' is nested too deeply.`, path, "too_deep");
  if (typeof value === "string") {
    const rule = secretRule(value);
    if (rule) return errors.badRequest(`Field '${path}' looks like a credential (rule: ${rule}).`, path, "credential_in_body");
    const t = value.trim();
    if ((t.startsWith("{") && t.endsWith("}")) || (t.startsWith("[") && t.endsWith("]"))) {
      try {
        return inspect(JSON.parse(t), `${path}<json>`, depth + 1);
      } catch {
        return null;
      }
    }
    return null;
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = inspect(v, `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const p = path ? `${path}.${k}` : k;
      if (isCredentialName(k)) return errors.badRequest(`Field '${p}' is not accepted (rule: credential_field).`, p, "credential_field");
      const found = inspect(v, p, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

/** Message objects: their field names are checked, their text is not. */
function inspectMessageKeys(messages: unknown[], path: string): ProxyError | null {
  for (const [i, m] of messages.entries()) {
    if (!m || typeof m !== "object") continue;
    for (const k of Object.keys(m)) {
      if (isCredentialName(k)) {
        const p = `${path}[${i}].${k}`;
        return errors.badRequest(`Field '${p}' is not accepted (rule: credential_field).`, p, "credential_field");
      }
    }
  }
  return null;
}

export type CheckedBody = { body: Record<string, unknown> };

export function checkBody(endpoint: "chat.completions" | "messages", protocol: Protocol, raw: unknown): CheckedBody | { error: ProxyError } {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return { error: errors.badRequest("The body must be a JSON object.") };
  const schema = endpoint === "messages" ? anthropicMessages : openaiChat;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const param = issue.path.join(".") || null;
    return { error: errors.badRequest(`Invalid parameter${param ? ` '${param}'` : ""}: ${issue.message}`, param, "invalid_parameter") };
  }
  const body = raw as Record<string, unknown>;
  for (const key of Object.keys(body)) {
    if (KNOWN[endpoint].has(key)) continue;
    if (isCredentialName(key)) return { error: errors.badRequest(`Field '${key}' is not accepted (rule: credential_field).`, key, "credential_field") };
    if (endpoint === "chat.completions" && protocol === "openai" && OPENAI_EXTRAS.has(key)) continue;
    return { error: errors.badRequest(`Unknown parameter '${key}'.`, key, "unknown_parameter") };
  }
  for (const [key, value] of Object.entries(body)) {
    if (CONTENT_FIELDS.has(key) || key === "model") continue;
    const found = inspect(value, key, 0);
    if (found) return { error: found };
  }
  const keysFound = inspectMessageKeys(body.messages as unknown[], "messages");
  if (keysFound) return { error: keysFound };
  return { body };
}

const MODEL = /^(?=.{3,200}$)([a-z0-9-]{1,32})\/([A-Za-z0-9._:@/+-]+)$/;

/** `provider/model`, 200 characters at most (the usage table's limit) → its parts; anything else is refused before any lookup. */
export function splitModel(model: string): { provider: string; upstreamModel: string } | null {
  const m = MODEL.exec(model);
  return m ? { provider: m[1]!, upstreamModel: m[2]! } : null;
}
