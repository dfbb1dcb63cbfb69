import "server-only";
import type { ProxyError } from "../errors";
import type { BodySpec } from "../sanitize/inspect-body";
import type { AuthenticatedKey, Endpoint, Protocol, ProviderInfo, ProxyDeps, ProxyReply, TokenUsage } from "../types";

/**
 * What the core needs to know about one wire protocol (one folder under
 * lib/proxy/protocols). The core itself knows none of them: it routes a path to a
 * protocol, checks the body with the protocol's spec, asks the protocol (or the
 * translation it names for the provider's protocol) for an upstream plan, and relays.
 */

/** How errors look on this endpoint: a JSON body, and one SSE event for a stream that already started. */
export type ErrorShape = {
  body: (e: ProxyError) => Record<string, unknown>;
  event: (e: ProxyError) => string;
};

export type StreamCallbacks = { onUsage: (u: TokenUsage) => void; onFirstToken: () => void };

/** One request's way to one provider and back. */
export type UpstreamPlan = {
  stream: boolean;
  /** Under the provider's base URL, e.g. "/chat/completions". */
  path: string;
  body: Record<string, unknown>;
  /** A whole answer for the client, from the provider's; reports usage on the way. */
  finishJson: (text: string, onUsage: (u: TokenUsage) => void) => string;
  /** The stream transformer (usage observation, or translation); null relays bytes untouched. */
  streamTransform: (cb: StreamCallbacks) => Transformer<Uint8Array, Uint8Array> | null;
};

export type PlanInput = {
  provider: ProviderInfo;
  /** The model id as the provider knows it (after `provider/`). */
  upstreamModel: string;
  /** The model as the client named it, echoed in translated answers. */
  clientModel: string;
  /** The checked client body. Never mutated: a plan builds its own upstream body. */
  body: Record<string, unknown>;
};

/** Builds a plan; throws a ProxyError (400) for what cannot be expressed for this provider. */
export type Planner = (input: PlanInput) => UpstreamPlan;

type Common = {
  /** The usage rows' name for this endpoint. */
  endpoint: Endpoint;
  errors: ErrorShape;
  /** Client headers passed on to the provider (after credential inspection). */
  forwardHeaders: readonly string[];
};

/** A POST endpoint whose JSON body goes to a provider. */
export type BodyProtocol = Common & {
  method: "POST";
  /** Schema, allow-list and credential-inspection map of the body. */
  spec: BodySpec;
  /** The provider protocol this wire format is native to. */
  native: Exclude<Protocol, "mock">;
  /** The plan for a provider that speaks `native` (and for the in-process mock provider). */
  plan: Planner;
  /** Plans for providers speaking another protocol: one translation module per pair. */
  translations: Partial<Record<Protocol, Planner>>;
  /** Prompt tokens when the provider reports none (refused or failed requests). */
  estimatePromptTokens: (body: Record<string, unknown>) => number;
  /**
   * The most output tokens the request allows (its max_tokens or kin), null when it sets
   * none; undefined for endpoints that produce no output tokens. Reserved against limits.
   */
  maxOutputTokens?: (body: Record<string, unknown>) => number | null;
};

/** A GET endpoint answered by the gateway itself. */
export type ReadProtocol = Common & {
  method: "GET";
  /** `path` is the whole path under /api/v1 (for a resource id after the endpoint's prefix). */
  read: (deps: ProxyDeps, key: AuthenticatedKey, path: string) => Promise<ProxyReply>;
};

export type WireProtocol = BodyProtocol | ReadProtocol;

/** A checked request with its plan: what the core hands to forward(). */
export type ParsedRequest = { protocol: BodyProtocol; provider: ProviderInfo; clientModel: string; body: Record<string, unknown>; plan: UpstreamPlan };
