import { fork, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { Agent, request, type IncomingMessage, type ServerResponse } from "node:http";
import { resolve } from "node:path";
import { pipeline } from "node:stream";
import type { TLSSocket } from "node:tls";
import { env } from "../lib/env";
import { clearApiKeyCache } from "../lib/keys/authenticate-api-key";
import { childLogger } from "../lib/log";

/**
 * Where the production server sends everything that is not `/api/v1/*`: the console.
 *
 * In production the console is Next.js in a worker process (server/console-worker.ts)
 * on a Unix socket, and requests are forwarded to it as they arrive (bodies streamed
 * both ways). In development (`npm run dev`) Next runs in this process, for hot reload.
 */
/** Node flags that stay with the proxy process: profiling, and its memory settings from scripts/start.sh. */
const PROXY_ONLY = [/^--cpu-prof/, /^--heap-prof/, /^--heap-growing-percent/];
const forWorker = (flag: string) => flag !== "" && !PROXY_ONLY.some((re) => re.test(flag));

export type ConsoleHost = {
  handle: (req: IncomingMessage, res: ServerResponse) => void;
  close: () => Promise<void>;
  /** The worker's process id (production), for monitoring and benchmarks. */
  pid?: () => number | undefined;
  /** True when the console answers its health check (GET /api/health, 200) within 2 s. */
  healthy: () => Promise<boolean>;
};

const log = childLogger("console-host");

/** Connection-level headers that describe one hop and must not be passed along. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer"]);

export async function inProcessConsole(dev: boolean): Promise<ConsoleHost> {
  const e = env();
  const { default: next } = await import("next");
  const app = next({ dev, dir: process.cwd(), hostname: e.HOST, port: e.PORT });
  await app.prepare();
  const handleNext = app.getRequestHandler();
  return {
    handle: (req, res) => {
      handleNext(req, res).catch((err: unknown) => {
        log.error({ err: (err as Error).name }, "request handler failed");
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end("Internal Server Error");
      });
    },
    close: async () => {
      await app.close?.().catch(() => {});
    },
    healthy: async () => true,
  };
}

export async function consoleWorker(): Promise<ConsoleHost> {
  const e = env();
  const runDir = resolve(e.AURIKO_DATA_DIR, "run");
  mkdirSync(runDir, { recursive: true, mode: 0o700 });
  const socketPath = resolve(runDir, `console-${process.pid}.sock`);
  const agent = new Agent({ keepAlive: true, maxSockets: 256, keepAliveMsecs: 30_000 });
  let child: ChildProcess | undefined;
  let stopping = false;
  let restarts = 0;

  const start = () =>
    new Promise<void>((ready, failed) => {
      // Same loader flags as this process (tsx), minus profiling and the proxy's memory settings (scripts/start.sh).
      const execArgv = process.execArgv.filter(forWorker);
      const nodeOptions = process.env.NODE_OPTIONS?.split(/\s+/).filter(forWorker).join(" ");
      // Next to this module: console-worker.ts under tsx (npm run dev), .js when compiled (npm start).
      const worker = resolve(import.meta.dirname, `console-worker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`);
      const c = fork(worker, [socketPath], { execArgv, env: { ...process.env, NODE_OPTIONS: nodeOptions }, stdio: "inherit" });
      child = c;
      c.on("message", (m: unknown) => {
        if ((m as { apiKeysChanged?: boolean })?.apiKeysChanged) clearApiKeyCache();
      });
      c.once("message", (m: unknown) => {
        if ((m as { ready?: boolean })?.ready) {
          restarts = 0;
          ready();
        }
      });
      c.once("exit", (code, signal) => {
        if (stopping) return;
        failed(new Error(`the console worker exited (${signal ?? code}) before it was ready`));
        // Crashed after start: bring it back, slower each time.
        if (child === c) {
          const delay = Math.min(30_000, 500 * 2 ** restarts++);
          log.error({ code, signal, restartInMs: delay }, "console worker exited; restarting");
          setTimeout(() => void start().catch((err: unknown) => log.error({ err: (err as Error).message }, "console worker restart failed")), delay).unref();
        }
      });
    });
  await start();

  function handle(req: IncomingMessage, res: ServerResponse) {
    const headers: Record<string, string | string[] | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k)) headers[k] = v;
    if ((req.socket as TLSSocket).encrypted) headers["x-forwarded-proto"] = "https";
    const upstream = request({ socketPath, agent, method: req.method, path: req.url, headers }, (answer) => {
      const raw: string[] = [];
      const list = answer.rawHeaders;
      for (let i = 0; i < list.length; i += 2) if (!HOP_BY_HOP.has(list[i]!.toLowerCase())) raw.push(list[i]!, list[i + 1]!);
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, raw);
      pipeline(answer, res, () => {});
    });
    upstream.on("error", () => {
      if (!res.headersSent) {
        res.writeHead(503, { "content-type": "text/plain; charset=utf-8", "retry-after": "2", "cache-control": "no-store" });
        res.end("The console is restarting. Try again in a moment.");
      } else {
        res.destroy();
      }
    });
    res.on("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    pipeline(req, upstream, () => {});
  }

  const healthy = () =>
    new Promise<boolean>((resolve) => {
      const probe = request({ socketPath, agent, method: "GET", path: "/api/health", timeout: 2_000 }, (answer) => {
        answer.resume();
        resolve(answer.statusCode === 200);
      });
      probe.on("timeout", () => probe.destroy());
      probe.on("error", () => resolve(false));
      probe.end();
    });

  return {
    handle,
    healthy,
    pid: () => child?.pid,
    close: async () => {
      stopping = true;
      agent.destroy();
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise<void>((r) => c.once("exit", () => r()));
      c.kill("SIGTERM");
      const timer = setTimeout(() => c.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
