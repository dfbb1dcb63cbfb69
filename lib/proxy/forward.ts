import "server-only";
import { errorReply, errors, NO_STORE, ProxyError } from "./errors";
import { Exchange } from "./exchange";
import { readUpstreamText, upstreamSignal } from "./http";
import type { ParsedRequest } from "./protocols/types";
import { relay } from "./stream/relay";
import { CredentialUnreadable, type AuthenticatedKey, type LimitReservation, type ProxyDeps, type ProxyInput, type ProxyReply, type UpstreamResponse } from "./types";
import { rateLimitHeaders, upstreamError, upstreamRequest } from "./upstream";

/**
 * A checked request to its provider and back: take the workspace's key for the upstream
 * call, send the plan through the transport, then answer whole or relay the
 * stream, and record one usage row however it ends.
 */
const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform, no-store",
  "x-accel-buffering": "no",
  "x-content-type-options": "nosniff",
} as const;

/** Whole answers are read up to this size; a provider's larger answer is refused as invalid. */
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

type Connect = ReturnType<typeof upstreamSignal>;

export async function forward(
  deps: ProxyDeps,
  req: ProxyInput,
  key: AuthenticatedKey,
  r: ParsedRequest,
  forwardHeaders: Record<string, string>,
  t0: number,
  requestId: string,
  reservation: LimitReservation | null = null,
): Promise<ProxyReply> {
  const connect = upstreamSignal(req.signal, deps.limits.connectTimeoutMs);
  const x = new Exchange(deps, key, t0, r, requestId, reservation);
  const fail = (err: ProxyError, headers?: Record<string, string>) => {
    connect.done();
    x.record(err.status, err.code);
    return errorReply(r.protocol.errors, err, headers);
  };

  let upstream: UpstreamResponse | null;
  try {
    upstream = await send(deps, key, r, forwardHeaders, connect, x);
  } catch (e) {
    if (e instanceof CredentialUnreadable) return fail(errors.credentialUnreadable(r.provider.name));
    return fail(
      req.signal.aborted
        ? errors.clientClosed()
        : connect.timedOut() || /TimeoutError$/.test((e as Error)?.name ?? "") || connect.signal.aborted
          ? errors.upstreamTimeout()
          : errors.upstreamUnreachable(),
    );
  }
  connect.answered();
  if (!upstream) {
    return fail(errors.badRequest(`This workspace has no ${r.provider.name} key. Add one under Provider keys.`, "model", "provider_not_configured"));
  }
  const timing = { "server-timing": x.serverTiming() };
  if (upstream.status >= 400) return fail(upstreamError(upstream.status, await readUpstreamText(upstream), upstream), timing);
  if (!r.plan.stream) return answerWhole(deps, upstream, r, x, connect, timing, fail);
  return answerStream(deps, upstream, r, x, connect, timing);
}

/** The provider call: the in-process mock, or the transport with the workspace's key opened for it alone. */
function send(deps: ProxyDeps, key: AuthenticatedKey, r: ParsedRequest, forwardHeaders: Record<string, string>, connect: Connect, x: Exchange) {
  if (r.provider.protocol === "mock") {
    x.sent = deps.now();
    return deps.mock({ endpoint: r.protocol.endpoint, body: r.plan.body, signal: connect.signal });
  }
  return deps.withCredential(key.workspaceId, r.provider.id, (apiKey) => {
    const request = upstreamRequest(r.provider, r.plan, apiKey, forwardHeaders, connect.signal);
    x.sent = deps.now();
    return deps.transport(request);
  });
}

async function answerWhole(
  deps: ProxyDeps,
  upstream: UpstreamResponse,
  r: ParsedRequest,
  x: Exchange,
  connect: Connect,
  timing: Record<string, string>,
  fail: (err: ProxyError, headers?: Record<string, string>) => ProxyReply,
): Promise<ProxyReply> {
  try {
    const text = await readUpstreamText(upstream, MAX_ANSWER_BYTES);
    const out = r.plan.finishJson(text, (u) => (x.usage = u));
    x.firstToken = deps.now();
    connect.done();
    x.record(upstream.status, null);
    const headers: Record<string, string> = { "content-type": "application/json", ...NO_STORE, ...timing };
    addRateLimitHeaders(headers, upstream);
    return { status: upstream.status, headers, body: out };
  } catch {
    return fail(errors.upstreamInvalid(), timing);
  }
}

function answerStream(deps: ProxyDeps, upstream: UpstreamResponse, r: ParsedRequest, x: Exchange, connect: Connect, timing: Record<string, string>): ProxyReply {
  const transform = r.plan.streamTransform({
    onUsage: (u) => (x.usage = u),
    onFirstToken: () => (x.firstToken ??= deps.now()),
  });
  const source = upstream.body ?? new ReadableStream({ start: (c) => c.close() });
  const status = upstream.status;
  const body = relay(source, transform, {
    idleTimeoutMs: deps.limits.idleTimeoutMs,
    abortUpstream: (reason) => connect.abort(reason),
    errorEvent: () => r.protocol.errors.event(errors.upstreamStreamFailed()),
    onEnd: (end) => {
      connect.done();
      x.record(end === "complete" ? status : 502, null, end);
    },
  });
  const headers: Record<string, string> = { "server-timing": timing["server-timing"]!, ...SSE_HEADERS };
  addRateLimitHeaders(headers, upstream);
  return { status: 200, headers, body };
}

function addRateLimitHeaders(headers: Record<string, string>, upstream: UpstreamResponse): void {
  const limits = rateLimitHeaders(upstream);
  if (limits) for (const name in limits) headers[name] = limits[name]!;
}
