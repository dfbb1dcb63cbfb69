import "server-only";
import { env, type Env } from "../env";
import type { Endpoint } from "../proxy/types";

/**
 * The one list of upstream providers. Each speaks one wire protocol; base URLs are
 * operator configuration only (AURIKO_PROVIDER_<ID>_BASE_URL), never request input.
 */
export type Protocol = "openai" | "anthropic" | "mock";

export type ProviderDef = {
  id: string;
  name: string;
  protocol: Protocol;
  defaultBaseUrl: string;
  /** What the provider's keys usually look like, for the form's hint. */
  keyHint: string;
  /** The provider needs no key (the built-in mock): the form's key field may stay empty. */
  keyOptional?: boolean;
  /** Models listed by GET /v1/models (any model id the provider accepts can be requested). */
  models: readonly string[];
  /** The gateway endpoints its models are served on (chat for Anthropic models is translated). */
  endpoints: readonly Endpoint[];
  envBaseUrl?: keyof Env;
};

export const PROVIDERS = [
  { id: "openai", name: "OpenAI", protocol: "openai", defaultBaseUrl: "https://api.openai.com/v1", keyHint: "sk-…", envBaseUrl: "AURIKO_PROVIDER_OPENAI_BASE_URL", models: ["gpt-4.1", "gpt-4.1-mini", "gpt-4o", "gpt-4o-mini", "o4-mini"], endpoints: ["chat.completions", "responses", "embeddings"] },
  { id: "anthropic", name: "Anthropic", protocol: "anthropic", defaultBaseUrl: "https://api.anthropic.com/v1", keyHint: "sk-ant-…", envBaseUrl: "AURIKO_PROVIDER_ANTHROPIC_BASE_URL", models: ["claude-opus-4-1", "claude-sonnet-4-5", "claude-haiku-4-5"], endpoints: ["messages", "messages.count_tokens", "chat.completions", "responses"] },
  { id: "groq", name: "Groq", protocol: "openai", defaultBaseUrl: "https://api.groq.com/openai/v1", keyHint: "gsk_…", envBaseUrl: "AURIKO_PROVIDER_GROQ_BASE_URL", models: ["llama-3.3-70b-versatile", "llama-3.1-8b-instant"], endpoints: ["chat.completions"] },
  { id: "mistral", name: "Mistral", protocol: "openai", defaultBaseUrl: "https://api.mistral.ai/v1", keyHint: "32 characters", envBaseUrl: "AURIKO_PROVIDER_MISTRAL_BASE_URL", models: ["mistral-large-latest", "mistral-small-latest"], endpoints: ["chat.completions", "embeddings"] },
  { id: "openrouter", name: "OpenRouter", protocol: "openai", defaultBaseUrl: "https://openrouter.ai/api/v1", keyHint: "sk-or-…", envBaseUrl: "AURIKO_PROVIDER_OPENROUTER_BASE_URL", models: ["openai/gpt-4o-mini", "meta-llama/llama-3.3-70b-instruct"], endpoints: ["chat.completions"] },
  { id: "together", name: "Together AI", protocol: "openai", defaultBaseUrl: "https://api.together.xyz/v1", keyHint: "64 hex characters", envBaseUrl: "AURIKO_PROVIDER_TOGETHER_BASE_URL", models: ["meta-llama/Llama-3.3-70B-Instruct-Turbo"], endpoints: ["chat.completions", "embeddings"] },
  { id: "deepseek", name: "DeepSeek", protocol: "openai", defaultBaseUrl: "https://api.deepseek.com/v1", keyHint: "sk-…", envBaseUrl: "AURIKO_PROVIDER_DEEPSEEK_BASE_URL", models: ["deepseek-chat", "deepseek-reasoner"], endpoints: ["chat.completions"] },
  { id: "mock", name: "Mock (built in)", protocol: "mock", defaultBaseUrl: "builtin:mock", keyHint: "not needed: leave it empty", keyOptional: true, models: ["echo"], endpoints: ["chat.completions", "responses", "messages", "messages.count_tokens", "embeddings"] },
] as const satisfies readonly ProviderDef[];

export type ProviderId = (typeof PROVIDERS)[number]["id"];
export const PROVIDER_IDS = PROVIDERS.map((p) => p.id) as [ProviderId, ...ProviderId[]];

export function provider(id: string): ProviderDef | undefined {
  return PROVIDERS.find((p) => p.id === id);
}

export function providerBaseUrl(def: ProviderDef): string {
  const override = def.envBaseUrl ? env()[def.envBaseUrl] : undefined;
  return (typeof override === "string" && override ? override : def.defaultBaseUrl).replace(/\/+$/, "");
}

/**
 * The model the console's example requests name: the first model of a provider the
 * workspace holds a key for that serves `endpoint` (in this list's order), else
 * `mock/echo`, which every workspace reaches (the mock answers in process, key or not).
 */
export function exampleModel(configured: readonly string[], endpoint: Endpoint): string {
  const def = PROVIDERS.find(
    (p) => p.id !== "mock" && configured.includes(p.id) && (p.endpoints as readonly Endpoint[]).includes(endpoint),
  );
  return def ? `${def.id}/${def.models[0]}` : "mock/echo";
}
