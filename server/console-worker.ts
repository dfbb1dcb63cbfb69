import { rmSync } from "node:fs";
import { createServer } from "node:http";
import { env } from "../lib/env";
import { childLogger } from "../lib/log";
import { disconnectPrisma } from "../lib/db";
import { onApiKeysChanged } from "../lib/keys/key-changes";
import { startKeyCheckMonitor } from "../lib/credentials/key-check";

/**
 * The console worker: Next.js in its own process, serving the production server's
 * non-API traffic on a Unix socket in the data directory (server/console-host.ts
 * forwards to it). Keeping Next's memory and garbage collection out of the process
 * that runs the inference proxy keeps the proxy small and its latency steady.
 * Started by the production server with the socket path as its only argument; it
 * exits when that server goes away.
 */
const log = childLogger("console-worker");
const socketPath = process.argv[2];

async function main() {
  if (!socketPath) throw new Error("usage: console-worker <socket path>");
  const e = env();
  // Keys stopped from the console stop at once in the server's proxy, not after its cache runs out.
  onApiKeysChanged(() => process.send?.({ apiKeysChanged: true }));
  // The vault state /api/health reports, known before the first request (refreshed every 15 minutes).
  const keyCheck = startKeyCheckMonitor();
  await keyCheck.ready;
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: process.cwd(), hostname: e.HOST, port: e.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error({ err: (err as Error).name }, "request handler failed");
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal Server Error");
    });
  });
  server.keepAliveTimeout = 65_000;
  rmSync(socketPath, { force: true });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  process.send?.({ ready: true });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    keyCheck.stop();
    await app.close?.().catch(() => {});
    await disconnectPrisma().catch(() => {});
    rmSync(socketPath, { force: true });
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
  // The production server went away without stopping us: do not linger.
  process.on("disconnect", () => void stop());
}

main().catch((err: unknown) => {
  log.fatal({ err: (err as Error).message }, "console worker failed to start");
  process.exit(1);
});
