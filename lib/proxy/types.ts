/**
 * The proxy core's contracts. The core uses Web APIs only (Request, Response,
 * ReadableStream, TextEncoder, crypto.subtle): no `node:` imports, so it also runs
 * in an edge sandbox. Everything stateful is injected through ProxyDeps.
 */
import "server-only";

/** The endpoint names stored in usage rows (one per wire protocol folder, lib/proxy/protocols). */
export type Endpoint = "chat.completions" | "responses" | "messages" | "messages.count_tokens" | "models" | "embeddings";
/** The wire protocol a provider itself speaks. */
export type Protocol = "openai" | "anthropic" | "mock";

export type ProviderInfo = {
  id: string;
  name: string;
  protocol: Protocol;
  baseUrl: string;
  models?: readonly string[];
  /** The gateway endpoints this provider can serve (natively or through a translation). */
  endpoints: readonly Endpoint[];
};

/** Token counts reported to the usage meter. */
export type TokenUsage = { promptTokens: number; completionTokens: number };

export type AuthenticatedKey = { id: string; workspaceId: string };

/**
 * What the upstream answered: status, headers, and the body as a byte stream. A
 * transport may also offer `text()` for whole answers, so a host that holds the body
 * in another form (a Node stream) need not convert it into a Web stream first.
 */
export type UpstreamResponse = {
  status: number;
  headers: Headers;
  body: ReadableStream<Uint8Array> | null;
  text?: (limit: number) => Promise<string>;
  /** The headers as name/value pairs without building a `Headers` (the Node transport has them as an object). */
  headerEntries?: () => Iterable<[string, string | string[] | undefined]>;
};

/** The request headers as the core reads them: a Web `Headers` qualifies. */
export type HeaderReader = {
  get(name: string): string | null;
  /** Every header once, lower-case name first; repeated headers joined with ", ". */
  [Symbol.iterator](): Iterator<[string, string]>;
};

/**
 * What the core and the transports need from an abort signal: an AbortSignal, or the
 * Node host's lighter AbortFlag (lib/proxy/abort.ts).
 */
export type SignalLike = {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
};

/**
 * One client request as the core sees it. Hosts adapt their own request to this: the
 * Web wrapper from a `Request`, the production server straight from node:http (no
 * Web streams on the way in).
 */
export type ProxyInput = {
  method: string;
  headers: HeaderReader;
  /** Fires when the client goes away (an AbortSignal, or the Node host's lighter stand-in). */
  signal: SignalLike;
  /** The whole body, refused with a 413 ProxyError past `limit` bytes. */
  readBody: (limit: number) => Promise<Uint8Array>;
};

/** The core's answer: a whole body (string) or a byte stream that ends by itself. */
export type ProxyReply = { status: number; headers: Record<string, string>; body: string | ReadableStream<Uint8Array> };

export type UpstreamRequest = {
  url: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: Uint8Array | string;
  /** Aborted when the client leaves, the provider is too slow to answer, or the core gives up. */
  signal: SignalLike;
};

/** How the core reaches providers: `fetch` at the edge, an undici pool on the Node server. */
export type Transport = (req: UpstreamRequest) => Promise<UpstreamResponse>;

/** One row of usage metadata. Numbers, enums, ids and timestamps only: never content. */
export type UsageRecord = {
  workspaceId: string;
  apiKeyId: string;
  provider: string;
  model: string;
  endpoint: Endpoint;
  status: number;
  stream: boolean;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  estimated: boolean;
  ttfbMs: number | null;
  latencyMs: number;
  overheadMs: number;
  errorType: string | null;
  createdAt: Date;
  /** The `x-request-id` the client got (`req_` and 24 hex digits, see request-id.ts); absent in rows made elsewhere. */
  requestId?: string;
  /** Set when the gateway refused the request before asking any provider: it says nothing of the provider's health. */
  refused?: true;
};

/** Why the workspace's or the key's limits refuse a request (lib/limits decides; the core answers). */
export type LimitRefusal = {
  kind: "rate" | "quota" | "model";
  scope: "api_key" | "workspace";
  /** The counted limit (rpm, tpm, tokens_day, …), or null for a model the key may not call. */
  metric: string | null;
  /** The limit in its unit: requests, tokens, or millionths of a USD for spend. */
  cap: number;
  retryAfterSeconds: number;
};

/** An admitted request's reservation against its limits, settled once with what it used. */
export type LimitReservation = { settle(promptTokens: number, completionTokens: number): void };

/**
 * What the limits need to know of a request before it goes upstream: the model, and the
 * body with its protocol's estimators, called only when a limit counts tokens or spend.
 */
export type AdmissionRequest = {
  model: string;
  body: Record<string, unknown>;
  protocol: {
    estimatePromptTokens: (body: Record<string, unknown>) => number;
    /** Absent for endpoints that produce no output tokens (embeddings, token counts). */
    maxOutputTokens?: (body: Record<string, unknown>) => number | null;
  };
};

/** The workspace's stored key exists but cannot be opened (lib/vault's VaultError code in `reason`). */
export class CredentialUnreadable extends Error {
  constructor(readonly reason: string) {
    super("The stored provider key could not be opened.");
    this.name = "CredentialUnreadable";
  }
}

export type ProxyDeps = {
  authenticate: (presentedKey: string) => Promise<AuthenticatedKey | null>;
  /** Brute-force guard for failed key authentication, per client address. */
  authGuard: {
    check: (clientIp: string) => Promise<{ blocked: false } | { blocked: true; retryAfterSeconds: number }>;
    fail: (clientIp: string) => Promise<void>;
  };
  providers: {
    get: (id: string) => ProviderInfo | undefined;
    /** Provider ids this workspace holds a credential for. */
    configured: (workspaceId: string) => Promise<string[]>;
  };
  /**
   * Hands the workspace's key for `provider` to `use` for the upstream call (from the
   * process's one cache of opened keys, lib/credentials/opened-keys.ts). Resolves to null
   * when the workspace has no credential for that provider; throws CredentialUnreadable
   * when its stored key does not open.
   */
  withCredential: <T>(workspaceId: string, provider: string, use: (key: string) => Promise<T>) => Promise<T | null>;
  /** The browser origins this workspace allows (CORS); asked only for requests that carry an Origin header. */
  allowedOrigins: (workspaceId: string) => Promise<readonly string[]>;
  transport: Transport;
  /** The built-in mock provider (answers in process; no network). */
  mock: (req: { endpoint: Endpoint; body: Record<string, unknown>; signal: SignalLike }) => Promise<UpstreamResponse>;
  meter: (usage: UsageRecord) => void;
  /**
   * Per-key and per-workspace limits: null when none apply (no work at all), a reservation
   * to settle after the answer, or the refusal to answer with a 429 (403 for a model).
   */
  admit?: (key: AuthenticatedKey, req: AdmissionRequest) => Promise<LimitReservation | LimitRefusal | null>;
  /**
   * Structured request log: metadata only (the same fields as the usage record, never
   * content). `event` is only called when the level is enabled.
   */
  log: (level: "debug" | "warn", event: () => Record<string, string | number | boolean | null>) => void;
  limits: { maxBodyBytes: number; connectTimeoutMs: number; idleTimeoutMs: number };
  now: () => number;
};
