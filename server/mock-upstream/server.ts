import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { anthropicMessages } from "./anthropic-routes";
import { authenticate, flavorOf, presentedKey } from "./auth";
import type { RouteContext } from "./context";
import { anthropicCountTokens } from "./count-tokens-route";
import { openaiEmbeddings } from "./embeddings-route";
import { listModels, openaiChat } from "./openai-routes";
import { openaiResponses } from "./responses-route";
import { sendError, sendJson, type Flavor } from "./respond";
import type { MockUpstream, MockUpstreamOptions, RecordedRequest } from "./types";

type Route = { method: "GET" | "POST"; flavor: Flavor | "by-auth"; run: (ctx: RouteContext, flavor: Flavor) => Promise<void> | void };

const ROUTES: Record<string, Route> = {
  // Shared by both SDK styles (OpenAI list shape either way), so it answers in the caller's style.
  "/v1/models": { method: "GET", flavor: "by-auth", run: listModels },
  "/v1/chat/completions": { method: "POST", flavor: "openai", run: openaiChat },
  "/v1/responses": { method: "POST", flavor: "openai", run: openaiResponses },
  "/v1/messages": { method: "POST", flavor: "anthropic", run: anthropicMessages },
  "/v1/messages/count_tokens": { method: "POST", flavor: "anthropic", run: anthropicCountTokens },
  "/v1/embeddings": { method: "POST", flavor: "openai", run: openaiEmbeddings },
};

const MAX_BODY_BYTES = 32 * 1024 * 1024;

function copyHeaders(req: IncomingMessage): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) out[name] = value;
  return out;
}

/** Reads the whole body; null when the client left or sent too much (already answered). */
async function readBody(req: IncomingMessage, res: ServerResponse): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        sendError(res, flavorOf(req.headers), 413, "Request body too large.");
        return null;
      }
      chunks.push(chunk);
    }
  } catch {
    return null; // client disconnected mid-upload
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseBody(raw: string): unknown {
  if (raw === "") return null;
  try {
    return JSON.parse(raw);
  } catch {
    return raw; // kept raw so a test can see exactly what a broken proxy sent
  }
}

export async function startMockUpstream(opts: MockUpstreamOptions = {}): Promise<MockUpstream> {
  const requests: RecordedRequest[] = [];
  const keys = new Set<string>();
  const record = opts.record !== false;
  let aborted = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const controller = new AbortController();
    let serverDestroyed = false;
    let recorded: RecordedRequest | undefined;
    res.on("close", () => {
      if (res.writableFinished || serverDestroyed) return;
      aborted++;
      if (recorded) recorded.abortedAt = Date.now();
      controller.abort();
    });

    const rawUrl = req.url ?? "/";
    const path = rawUrl.split("?")[0] ?? "/";
    if (path === "/healthz") return sendJson(res, "openai", 200, { status: "ok" });

    const raw = await readBody(req, res);
    if (raw === null) return;
    const body = parseBody(raw);
    const apiKey = presentedKey(req.headers);
    if (apiKey) keys.add(apiKey);
    if (record) {
      recorded = { method: req.method ?? "GET", path, url: rawUrl, headers: copyHeaders(req), body, at: Date.now(), apiKey };
      requests.push(recorded);
    }

    const route = ROUTES[path];
    if (!route) return sendError(res, flavorOf(req.headers), 404, `Unknown request URL: ${req.method} ${path}.`);
    const flavor = route.flavor === "by-auth" ? flavorOf(req.headers) : route.flavor;
    if (req.method !== route.method) return sendError(res, flavor, 405, `Method ${req.method} not allowed on ${path}.`);
    const auth = authenticate(req.headers, flavor);
    if (!auth.ok) return sendError(res, flavor, auth.status, auth.message, null, auth.code);

    await route.run(
      {
        req,
        res,
        body,
        opts,
        signal: controller.signal,
        markServerDestroyed: () => {
          serverDestroyed = true;
        },
      },
      flavor,
    );
  }

  // noDelay: each SSE write leaves at once (no Nagle batching), as the benchmark baseline needs.
  const server = createServer({ noDelay: true, keepAlive: true }, (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendError(res, "openai", 500, "Mock upstream internal error.");
      else res.destroy();
    });
  });
  // Longer than undici's default keep-alive so pooled connections are reused, not raced.
  server.keepAliveTimeout = 30_000;

  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Idle keep-alive sockets and hung requests would otherwise hold close() open forever.
      server.closeAllConnections();
    }));

  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    anthropicBaseUrl: `${url}/v1`,
    requests,
    get aborted() {
      return aborted;
    },
    keysSeen: () => new Set(keys),
    reset() {
      requests.length = 0;
      keys.clear();
      aborted = 0;
    },
    close,
  };
}
