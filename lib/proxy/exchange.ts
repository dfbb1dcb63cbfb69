import "server-only";
import type { RelayEnd } from "./stream/relay";
import type { ParsedRequest } from "./protocols/types";
import type { AuthenticatedKey, Endpoint, LimitReservation, ProxyDeps, TokenUsage, UsageRecord } from "./types";

/** Postgres's `integer`, the usage table's token columns. */
const MAX_TOKENS = 2_147_483_647;

/**
 * A token count as the usage table can store it: a whole number from 0 to 2^31 − 1. A
 * provider's usage is not trusted to be one (a fraction, a negative, a string, a count
 * past the column's range); anything that is not a finite number counts as 0.
 */
export function tokenCount(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? Math.min(MAX_TOKENS, Math.max(0, Math.round(value))) : 0;
}

/**
 * One request's metadata while it is under way, and its single usage record at the
 * end: times, the provider's reported usage, the outcome. Never content. A class, so
 * that the per-request state has one fixed shape (docs/decisions.md, "Object shapes
 * on the request path").
 */
export class Exchange {
  /** When the provider request left; 0 until then. */
  sent = 0;
  firstToken: number | null = null;
  usage: TokenUsage | null = null;
  private recorded = false;

  constructor(
    private readonly deps: ProxyDeps,
    private readonly key: AuthenticatedKey,
    private readonly t0: number,
    private readonly request: ParsedRequest,
    private readonly requestId: string,
    private readonly reservation: LimitReservation | null = null,
  ) {}

  /** The gateway's own time: everything before the provider request left (auth, checks, opening the key). */
  overhead(): number {
    return (this.sent || this.deps.now()) - this.t0;
  }

  serverTiming(): string {
    return `gateway;dur=${(this.sent - this.t0).toFixed(2)}`;
  }

  record(status: number, errorType: string | null, end?: RelayEnd): void {
    if (this.recorded) return;
    this.recorded = true;
    const deps = this.deps;
    const r = this.request;
    const promptTokens = tokenCount(this.usage?.promptTokens ?? r.protocol.estimatePromptTokens(r.body));
    const completionTokens = tokenCount(this.usage?.completionTokens);
    const u: UsageRecord = {
      workspaceId: this.key.workspaceId,
      apiKeyId: this.key.id,
      provider: r.provider.id,
      model: r.clientModel,
      endpoint: r.protocol.endpoint,
      status: end === "client_abort" ? 499 : status,
      stream: r.plan.stream,
      promptTokens,
      completionTokens,
      totalTokens: tokenCount(promptTokens + completionTokens),
      estimated: this.usage === null,
      ttfbMs: this.firstToken === null ? null : this.firstToken - this.t0,
      latencyMs: deps.now() - this.t0,
      overheadMs: this.overhead(),
      errorType: errorType ?? (end && end !== "complete" ? end : null),
      createdAt: new Date(),
      requestId: this.requestId,
    };
    deps.meter(u);
    // Limits are settled with what the provider counted; an error answer used nothing,
    // an aborted stream what it delivered (its usage if reported, else the estimate).
    if (this.reservation !== null) {
      const used = u.status < 400 || u.status === 499;
      this.reservation.settle(used ? promptTokens : 0, used ? completionTokens : 0);
    }
    deps.log(u.status >= 500 ? "warn" : "debug", () => ({
      msg: "proxy request",
      requestId: this.requestId,
      workspaceId: u.workspaceId,
      apiKeyId: u.apiKeyId,
      provider: u.provider,
      endpoint: u.endpoint,
      status: u.status,
      stream: u.stream,
      latencyMs: Math.round(u.latencyMs * 100) / 100,
      overheadMs: Math.round(u.overheadMs * 100) / 100,
      errorType: u.errorType,
    }));
  }
}

/**
 * The usage row of a request the gateway refused after authenticating its key (bad JSON,
 * unknown model or parameter, a credential in a field or header, an endpoint the provider
 * lacks): counted in the workspace's requests and error rate, with no tokens, so no spend.
 */
export function refusedRecord(
  key: AuthenticatedKey,
  endpoint: Endpoint,
  err: { status: number; code: string | null },
  seen: { provider?: string | undefined; model?: string | undefined },
  latencyMs: number,
  requestId: string,
): UsageRecord {
  return {
    workspaceId: key.workspaceId,
    apiKeyId: key.id,
    provider: seen.provider ?? "none",
    model: seen.model ?? "",
    endpoint,
    status: err.status,
    stream: false,
    promptTokens: 0,
    completionTokens: 0,
    totalTokens: 0,
    estimated: false,
    ttfbMs: null,
    latencyMs,
    overheadMs: latencyMs,
    errorType: err.code,
    createdAt: new Date(),
    requestId,
    refused: true,
  };
}
