import { errorEvent, errorReply, errors, NO_STORE, ProxyError } from "./errors";
import { parseJson, readBodyLimited, readUpstreamText, upstreamSignal } from "./http";
import { checkBody, splitModel } from "./sanitize/body";
import { inspectHeaders, readClientKey } from "./sanitize/headers";
import { relay, type RelayEnd } from "./stream/relay";
import { prepareUpstream, tokenCount, type Prepared } from "./prepare";
import type { AuthenticatedKey, HeaderReader, ProxyDeps, ProxyInput, ProxyReply, UpstreamResponse, UsageRecord } from "./types";
import { endpointOf, upstreamError } from "./upstream";

/**
 * The proxy core: a request in, a reply out, Web APIs only. Both hosts (the Next.js
 * route handler through `createProxy`'s Request/Response wrapper, and the production
 * server's fast path straight from node:http) call this one function.
 *
 * Order per request: route → client key (brute-force guarded) → headers → body size,
 * type, JSON → model and provider → body schema and credential inspection → open the
 * BYOK key just for the upstream call → relay the answer as it arrives → usage
 * metadata to the meter (never content).
 */
export type ProxyContext = { clientIp: string; path: string };

const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform, no-store",
  "x-accel-buffering": "no",
  "x-content-type-options": "nosniff",
} as const;

/** The Web-standard host adapter: Request in, Response out (Next.js route handler, edge). */
export function createProxy(deps: ProxyDeps) {
  const core = createProxyCore(deps);
  return async function handle(req: Request, ctx: ProxyContext): Promise<Response> {
    const reply = await core({ method: req.method, headers: req.headers, signal: req.signal, readBody: (limit) => readBodyLimited(req, limit) }, ctx);
    return new Response(reply.body, { status: reply.status, headers: reply.headers });
  };
}

export function createProxyCore(deps: ProxyDeps) {
  return async function handle(req: ProxyInput, ctx: ProxyContext): Promise<ProxyReply> {
    const t0 = deps.now();
    const endpoint = endpointOf(ctx.path);
    if (!endpoint) return errorReply("chat.completions", errors.notFound());
    const expected = endpoint === "models" ? "GET" : "POST";
    if (req.method !== expected) return errorReply(endpoint, errors.methodNotAllowed(), { allow: expected });

    let key: AuthenticatedKey;
    try {
      key = await authenticate(deps, req.headers, ctx.clientIp);
    } catch (e) {
      return errorReply(endpoint, e as ProxyError);
    }
    const headerCheck = inspectHeaders(req.headers, endpoint);
    if ("error" in headerCheck) return errorReply(endpoint, headerCheck.error);

    if (endpoint === "models") return listModels(deps, key);

    let prepared: Prepared;
    try {
      prepared = await parseRequest(deps, req, endpoint);
    } catch (e) {
      if (e instanceof ProxyError) return errorReply(endpoint, e);
      throw e;
    }
    return forward(deps, req, endpoint, key, prepared, headerCheck.forward, t0);
  };
}

async function authenticate(deps: ProxyDeps, headers: HeaderReader, ip: string): Promise<AuthenticatedKey> {
  const verdict = await deps.authGuard.check(ip);
  if (verdict.blocked) throw errors.rateLimited(verdict.retryAfterSeconds);
  const presented = readClientKey(headers);
  if ("error" in presented) {
    if (presented.error.status === 401) await deps.authGuard.fail(ip);
    throw presented.error;
  }
  const key = await deps.authenticate(presented.key);
  if (!key) {
    await deps.authGuard.fail(ip);
    throw errors.unauthenticated();
  }
  return key;
}

async function listModels(deps: ProxyDeps, key: AuthenticatedKey): Promise<ProxyReply> {
  const ids = await deps.providers.configured(key.workspaceId);
  const data = ids.flatMap((id) => {
    const p = deps.providers.get(id);
    return (p?.models ?? []).map((m) => ({ id: `${id}/${m}`, object: "model", created: 0, owned_by: id }));
  });
  return { status: 200, headers: { "content-type": "application/json", ...NO_STORE }, body: JSON.stringify({ object: "list", data }) };
}

async function parseRequest(deps: ProxyDeps, req: ProxyInput, endpoint: "chat.completions" | "messages") {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) throw errors.unsupportedMediaType();
  const raw = parseJson(await req.readBody(deps.limits.maxBodyBytes)) as Record<string, unknown> | null;
  const model = raw && typeof raw === "object" ? raw.model : undefined;
  if (typeof model !== "string") throw errors.badRequest("'model' is required, as provider/model (e.g. openai/gpt-4o-mini).", "model", "missing_model");
  const split = splitModel(model);
  const provider = split ? deps.providers.get(split.provider) : undefined;
  if (!split || !provider) throw errors.unknownModel(model);
  if (endpoint === "messages" && provider.protocol === "openai") {
    throw errors.badRequest(`'${split.provider}' models are served on /v1/chat/completions, not /v1/messages.`, "model", "wrong_endpoint");
  }
  const checked = checkBody(endpoint, provider.protocol, raw);
  if ("error" in checked) throw checked.error;
  return prepareUpstream(endpoint, provider, split.upstreamModel, model, checked.body);
}

function estimateTokens(body: Record<string, unknown>): number {
  return Math.ceil((JSON.stringify(body.messages ?? "").length + JSON.stringify(body.system ?? "").length) / 4);
}

async function forward(
  deps: ProxyDeps,
  req: ProxyInput,
  endpoint: "chat.completions" | "messages",
  key: AuthenticatedKey,
  p: Prepared,
  forwardHeaders: Record<string, string>,
  t0: number,
): Promise<ProxyReply> {
  const connect = upstreamSignal(req.signal, deps.limits.connectTimeoutMs);
  let tSent = 0;
  let firstToken: number | null = null;
  let usage: { promptTokens: number; completionTokens: number } | null = null;

  const record = (status: number, errorType: string | null, end?: RelayEnd) => {
    connect.done();
    const tEnd = deps.now();
    const promptTokens = tokenCount(usage?.promptTokens ?? estimateTokens(p.body));
    const completionTokens = tokenCount(usage?.completionTokens);
    const u: UsageRecord = {
      workspaceId: key.workspaceId,
      apiKeyId: key.id,
      provider: p.provider.id,
      model: p.clientModel,
      endpoint,
      status: end === "client_abort" ? 499 : status,
      stream: p.stream,
      promptTokens,
      completionTokens,
      totalTokens: tokenCount(promptTokens + completionTokens),
      estimated: usage === null,
      ttfbMs: firstToken === null ? null : firstToken - t0,
      latencyMs: tEnd - t0,
      overheadMs: overhead(),
      errorType: errorType ?? (end && end !== "complete" ? end : null),
      createdAt: new Date(),
    };
    deps.meter(u);
    deps.log(u.status >= 500 ? "warn" : "debug", () => ({
      msg: "proxy request",
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
  };
  // The gateway's own time: everything before the provider request left (auth, checks, opening the key).
  const overhead = () => (tSent ? tSent - t0 : deps.now() - t0);

  let upstream: UpstreamResponse | null;
  try {
    upstream =
      p.provider.protocol === "mock"
        ? await ((tSent = deps.now()), deps.mock({ endpoint, body: p.upstreamBody, signal: connect.signal }))
        : await deps.withCredential(key.workspaceId, p.provider.id, (bytes) => {
            const request = p.build(new TextDecoder().decode(bytes), forwardHeaders, connect.signal);
            tSent = deps.now();
            return deps.transport(request);
          });
  } catch (e) {
    const err = req.signal.aborted
      ? new ProxyError(499, "api_error", "Client closed the request.", null, "client_closed")
      : connect.timedOut() || /TimeoutError$/.test((e as Error)?.name ?? "") || connect.signal.aborted
        ? errors.upstreamTimeout()
        : errors.upstreamUnreachable();
    record(err.status, err.code);
    return errorReply(endpoint, err);
  }
  connect.answered();
  if (!upstream) {
    const err = errors.badRequest(`This workspace has no ${p.provider.name} key. Add one under Provider keys.`, "model", "provider_not_configured");
    record(err.status, err.code);
    return errorReply(endpoint, err);
  }
  const timing = { "server-timing": `gateway;dur=${(tSent - t0).toFixed(2)}` };

  if (upstream.status >= 400) {
    const err = upstreamError(upstream.status, await readUpstreamText(upstream), upstream.headers);
    record(err.status, err.code);
    return errorReply(endpoint, err, timing);
  }

  if (!p.stream) {
    try {
      const text = await readUpstreamText(upstream, 32 * 1024 * 1024);
      const out = p.finishJson(text, (u) => (usage = u));
      firstToken = deps.now();
      record(upstream.status, null);
      return { status: upstream.status, headers: { "content-type": "application/json", ...NO_STORE, ...timing }, body: out };
    } catch {
      const err = new ProxyError(502, "upstream_error", "The provider sent an invalid response.", null, "upstream_invalid_response");
      record(err.status, err.code);
      return errorReply(endpoint, err, timing);
    }
  }

  const transform = p.streamTransform({
    onUsage: (u) => (usage = u),
    onFirstToken: () => (firstToken ??= deps.now()),
  });
  const source = upstream.body ?? new ReadableStream({ start: (c) => c.close() });
  const body = relay(source, transform, {
    idleTimeoutMs: deps.limits.idleTimeoutMs,
    abortUpstream: (reason) => connect.abort(reason),
    errorEvent: () =>
      errorEvent(endpoint, new ProxyError(502, "upstream_error", "The provider's stream failed before it finished.", null, "upstream_stream_error")),
    onEnd: (end) => record(end === "complete" ? upstream!.status : 502, null, end),
  });
  return { status: 200, headers: { "server-timing": timing["server-timing"], ...SSE_HEADERS }, body };
}
