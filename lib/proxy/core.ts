import "server-only";
import { errorReply, errors, ProxyError } from "./errors";
import { refusedRecord } from "./exchange";
import { forward } from "./forward";
import { parseJson, readBodyLimited } from "./http";
import { openAIErrors } from "./protocols/error-shapes";
import { corsHeaders, preflight, withCors } from "./cors";
import { createRequestIds } from "./request-id";
import { ENDPOINT_PATHS, pathsServing, protocolFor } from "./protocols/registry";
import type { BodyProtocol, ParsedRequest, WireProtocol } from "./protocols/types";
import { checkBody } from "./sanitize/inspect-body";
import { inspectHeaders, readClientKey } from "./sanitize/headers";
import { MAX_MODEL_LENGTH, splitModel } from "./sanitize/model-name";
import type { AuthenticatedKey, HeaderReader, LimitRefusal, LimitReservation, ProxyDeps, ProxyInput, ProxyReply } from "./types";

/**
 * The proxy core: a request in, a reply out, Web APIs only. Both hosts (the Next.js
 * route handler through `createProxy`'s Request/Response wrapper, and the production
 * server's fast path straight from node:http) call this one function.
 *
 * Order per request: route to the endpoint's wire protocol (lib/proxy/protocols) →
 * client key (brute-force guarded) → headers → body size, type, JSON → model and
 * provider → the protocol's schema and credential inspection → the protocol's upstream
 * plan (or the translation for the provider's protocol) → the key's and workspace's
 * limits (deps.admit, lib/limits) → forward (./forward.ts).
 */
export type ProxyContext = { clientIp: string; path: string };

/** The Web-standard host adapter: Request in, Response out (Next.js route handler, edge). */
export function createProxy(deps: ProxyDeps) {
  const core = createProxyCore(deps);
  return async function handle(req: Request, ctx: ProxyContext): Promise<Response> {
    const reply = await core({ method: req.method, headers: req.headers, signal: req.signal, readBody: (limit) => readBodyLimited(req, limit) }, ctx);
    return new Response(reply.body, { status: reply.status, headers: reply.headers });
  };
}

export function createProxyCore(deps: ProxyDeps) {
  const nextRequestId = createRequestIds();
  return async function handle(req: ProxyInput, ctx: ProxyContext): Promise<ProxyReply> {
    const requestId = nextRequestId();
    const reply = req.method === "OPTIONS" ? preflight(req.headers) : await answer(deps, req, ctx, requestId);
    // On every answer, refusals included, for support requests and the usage log alike.
    reply.headers["x-request-id"] = requestId;
    return reply;
  };
}

async function answer(deps: ProxyDeps, req: ProxyInput, ctx: ProxyContext, requestId: string): Promise<ProxyReply> {
  const t0 = deps.now();
  const protocol = protocolFor(ctx.path);
  if (!protocol) return errorReply(openAIErrors, errors.notFound(ctx.path, ENDPOINT_PATHS));
  if (req.method !== protocol.method) return errorReply(protocol.errors, errors.methodNotAllowed(), { allow: protocol.method });

  let key: AuthenticatedKey;
  try {
    key = await authenticate(deps, req.headers, ctx.clientIp);
  } catch (e) {
    return errorReply(protocol.errors, e as ProxyError);
  }
  // Browsers send Origin: only origins the workspace allows may use its keys.
  const origin = req.headers.get("origin");
  if (origin !== null && !(await deps.allowedOrigins(key.workspaceId)).includes(origin)) return refuse(deps, protocol, key, errors.originNotAllowed(), NOTHING_SEEN, t0, requestId);
  const cors = origin === null ? null : corsHeaders(origin);
  const headerCheck = inspectHeaders(req.headers, protocol.forwardHeaders);
  if ("error" in headerCheck) return withCors(refuse(deps, protocol, key, headerCheck.error, NOTHING_SEEN, t0, requestId), cors);

  if (protocol.method === "GET") return withCors(await protocol.read(deps, key, ctx.path), cors);

  const seen: Seen = { provider: undefined, model: undefined };
  let parsed: ParsedRequest;
  try {
    parsed = await parseRequest(deps, req, protocol, seen);
  } catch (e) {
    if (!(e instanceof ProxyError)) throw e;
    return withCors(refuse(deps, protocol, key, e, seen, t0, requestId), cors);
  }
  let reservation: LimitReservation | null = null;
  if (deps.admit) {
    let verdict: LimitReservation | LimitRefusal | null;
    try {
      verdict = await deps.admit(key, { model: parsed.clientModel, body: parsed.body, protocol });
    } catch {
      // A limit that cannot be checked does not let the request through.
      return withCors(refuse(deps, protocol, key, errors.limitsUnavailable(), seen, t0, requestId), cors);
    }
    if (verdict !== null && "kind" in verdict) return withCors(refuse(deps, protocol, key, errors.limitReached(verdict), seen, t0, requestId), cors);
    reservation = verdict;
  }
  return withCors(await forward(deps, req, key, parsed, headerCheck.forward, t0, requestId, reservation), cors);
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

/** What a refused request's usage row can name: the provider and model, once they are known to be well-formed. */
type Seen = { provider: string | undefined; model: string | undefined };
const NOTHING_SEEN: Seen = { provider: undefined, model: undefined };

/** A refusal after authentication: metered for POST endpoints (the workspace's own traffic), answered in the endpoint's shape. */
function refuse(deps: ProxyDeps, protocol: WireProtocol, key: AuthenticatedKey, e: ProxyError, seen: Seen, t0: number, requestId: string): ProxyReply {
  if (protocol.method === "POST") deps.meter(refusedRecord(key, protocol.endpoint, e, seen, deps.now() - t0, requestId));
  return errorReply(protocol.errors, e);
}

async function parseRequest(deps: ProxyDeps, req: ProxyInput, protocol: BodyProtocol, seen: Seen): Promise<ParsedRequest> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) throw errors.unsupportedMediaType();
  const raw = parseJson(await req.readBody(deps.limits.maxBodyBytes)) as Record<string, unknown> | null;
  const model = raw && typeof raw === "object" ? raw.model : undefined;
  if (typeof model !== "string") throw errors.badRequest("'model' is required, as provider/model (e.g. openai/gpt-4o-mini).", "model", "missing_model");
  if (model.length > MAX_MODEL_LENGTH) throw errors.badRequest(`'model' is longer than ${MAX_MODEL_LENGTH} characters.`, "model", "model_too_long");
  const split = splitModel(model);
  const provider = split ? deps.providers.get(split.provider) : undefined;
  if (!split || !provider) throw errors.unknownModel(model);
  seen.provider = provider.id;
  seen.model = model;
  const planner = provider.endpoints.includes(protocol.endpoint)
    ? provider.protocol === protocol.native || provider.protocol === "mock"
      ? protocol.plan
      : protocol.translations[provider.protocol]
    : undefined;
  if (!planner) throw errors.wrongEndpoint(split.provider, pathsServing(provider.endpoints));
  const refused = checkBody(protocol.spec, provider.protocol, raw);
  if (refused) throw refused;
  const body = raw as Record<string, unknown>;
  const plan = planner({ provider, upstreamModel: split.upstreamModel, clientModel: model, body });
  return { protocol, provider, clientModel: model, body, plan };
}
