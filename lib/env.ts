import "server-only";
import { config as loadDotenv } from "dotenv";
import { z } from "zod";

/**
 * The only module that reads (or writes) process.env. Everything else asks `env()`.
 * Validation is lazy so that importing a module never fails a build; the first call
 * at run time validates and fails fast with the variable's name.
 */

const base64Key = z
  .string()
  .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 random bytes, base64-encoded");

const optionalUrl = z.string().url().optional().or(z.literal("").transform(() => undefined));

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  AURIKO_MODE: z.enum(["demo", "production"]).default("demo"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  AURIKO_PUBLIC_URL: optionalUrl,
  AURIKO_DATA_DIR: z.string().min(1).default(".data"),
  DATABASE_URL: optionalUrl,
  AURIKO_APP_DATABASE_URL: optionalUrl,
  AURIKO_APP_DB_PASSWORD: z.string().min(16).optional(),
  AURIKO_EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  AURIKO_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  AURIKO_MASTER_KEY: base64Key.optional(),
  /** Earlier master keys, comma-separated: they open old envelopes until `vault:rotate` re-seals them. */
  AURIKO_MASTER_KEYS_PREVIOUS: z.string().default(""),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  NEXTAUTH_URL: optionalUrl,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Comma-separated addresses/CIDRs (or proxy-addr names like "loopback") whose X-Forwarded-For is believed. */
  AURIKO_TRUSTED_PROXIES: z.string().default(""),
  AURIKO_SECURITY_CONTACT: z.string().email().default("security@auriko.ai"),
  /** Operator-only upstream base URLs (tests, benchmarks, private deployments). No request can change them. */
  AURIKO_PROVIDER_OPENAI_BASE_URL: optionalUrl,
  AURIKO_PROVIDER_ANTHROPIC_BASE_URL: optionalUrl,
  AURIKO_PROVIDER_GROQ_BASE_URL: optionalUrl,
  AURIKO_PROVIDER_MISTRAL_BASE_URL: optionalUrl,
  AURIKO_PROVIDER_OPENROUTER_BASE_URL: optionalUrl,
  AURIKO_PROVIDER_TOGETHER_BASE_URL: optionalUrl,
  AURIKO_PROVIDER_DEEPSEEK_BASE_URL: optionalUrl,
  /** Proxy limits: request body size, time to the provider's response headers, and silence mid-stream. */
  AURIKO_PROXY_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(4 * 1024 * 1024),
  AURIKO_PROXY_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(900_000).default(300_000),
  AURIKO_PROXY_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).max(900_000).default(120_000),
  AURIKO_SEED_DEMO: z.enum(["true", "false"]).default("true"),
  /** Days raw usage rows are kept (daily rollups are kept regardless). At least 2: the 24 h view compares with the 24 h before. */
  AURIKO_USAGE_RETENTION_DAYS: z.coerce.number().int().min(2).max(3650).default(90),
  /** Optional JSON file of model prices (USD per million tokens), merged over lib/usage/prices.json. */
  AURIKO_PRICES_FILE: z.string().optional().or(z.literal("").transform(() => undefined)),
  /** The usage meter; "off" only for benchmarks that compare the proxy with and without it. */
  AURIKO_USAGE_METER: z.enum(["on", "off"]).default("on"),
  /** Output tokens reserved against token and spend limits for a request that sets no max_tokens. */
  AURIKO_LIMITS_OUTPUT_ALLOWANCE: z.coerce.number().int().min(0).max(1_000_000).default(4096),
  /** The status monitor (5-minute health samples and provider error rates for /status). */
  AURIKO_STATUS_MONITOR: z.enum(["on", "off"]).default("on"),
  /** The alert worker (error-rate, provider-key and key-expiry checks; webhook retries). */
  AURIKO_ALERTS: z.enum(["on", "off"]).default("on"),
  /**
   * Alert webhooks may reach loopback, private and link-local addresses (and plain http).
   * Off by default in every mode: a webhook URL must never be a way into the operator's network.
   */
  AURIKO_ALERTS_ALLOW_PRIVATE_TARGETS: z.enum(["true", "false"]).default("false"),
  /** PEM certificate chain and private key: the production server then speaks HTTPS itself. */
  AURIKO_TLS_CERT: z.string().optional().or(z.literal("").transform(() => undefined)),
  AURIKO_TLS_KEY: z.string().optional().or(z.literal("").transform(() => undefined)),
});

export type Env = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

let cached: Env | undefined;

/**
 * 32 random bytes almost always have more than 20 distinct values; a key of repeated
 * or sequential bytes (all zeros, "AAAA…", 0..31) or a documented example does not.
 */
const KNOWN_EXAMPLE_KEYS = new Set(["AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="]);

export function looksLikePlaceholder(b64: string): boolean {
  const bytes = Buffer.from(b64, "base64");
  if (KNOWN_EXAMPLE_KEYS.has(b64.trim())) return true;
  if (new Set(bytes).size < 16) return true;
  let sequential = 0;
  for (let i = 1; i < bytes.length; i++) if (bytes[i] === ((bytes[i - 1]! + 1) & 0xff)) sequential++;
  return sequential > bytes.length / 2;
}

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}\nSee .env.example for every variable.`);
  }
  const value = parsed.data;
  if (value.AURIKO_MODE === "production") {
    const missing = (["AURIKO_MASTER_KEY", "NEXTAUTH_SECRET"] as const).filter((k) => !value[k]);
    if (missing.length) {
      throw new ConfigError(
        `AURIKO_MODE=production requires ${missing.join(" and ")}. ` +
          `Generate each with: node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`,
      );
    }
    if (looksLikePlaceholder(value.AURIKO_MASTER_KEY!)) {
      throw new ConfigError("AURIKO_MASTER_KEY looks like a placeholder, not 32 random bytes: generate a fresh one");
    }
  }
  cached = value;
  return value;
}

/** Values the launcher resolved at start-up (embedded database URL, demo secrets). */
export function publishRuntimeEnv(values: Partial<Record<keyof Env, string>>): void {
  for (const [k, v] of Object.entries(values)) {
    if (v !== undefined) process.env[k] = v;
  }
  cached = undefined;
}

/** Raw variables for child processes the launcher spawns (next build). */
export function processEnvSnapshot(): NodeJS.ProcessEnv {
  return { ...process.env };
}

export function isProduction(): boolean {
  return env().AURIKO_MODE === "production";
}

/** Loads a `.env` file from the working directory, if present (the launcher and CLI call this). */
export function loadEnvFile(): void {
  loadDotenv({ quiet: true });
  cached = undefined;
}
