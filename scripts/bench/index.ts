import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { killAllNow, stopAll } from "./children";
import { endpointGoals, endpointPairs, endpointsPhase, renderEndpoints } from "./endpoints";
import { startPortkey, type Peer } from "./peer-portkey";
import { latencyPhase, loadPhase, streamsPhase, ttfbPhase, waitForQuiet, warmupPass, warmupPhase, type Settings } from "./phases";
import { machineInfo, proxyPids, serverPids } from "./procfs";
import { checkGoals, renderGoals, renderTables, summarizeRun, writeJson, type TargetRun } from "./report";
import { DATA_DIR, freePort, freshDataDir, provision, readSecrets, serverEnv, startFloor, startMock, startNext, startServer, superUrl } from "./setup";
import { aurikoTarget, directTarget, floorTarget, portkeyTarget, type Target } from "./targets";
import { openUsageDb, type UsageDb } from "./usage-db";

/**
 * `npm run bench [-- --smoke] [-- --peer portkey] [--rounds N] [--out FILE]`
 * Measures the mock upstream itself (`direct`), Auriko's production server fast path
 * (`auriko`), the Next.js route handler (`auriko-next`) and optionally the Portkey
 * gateway, interleaved in rounds, all on 127.0.0.1. See BENCHMARKS.md.
 */
const { values } = parseArgs({
  options: {
    smoke: { type: "boolean", default: false },
    peer: { type: "string" },
    rounds: { type: "string" },
    out: { type: "string", default: "bench-results/latest.json" },
  },
});
if (values.peer !== undefined && values.peer !== "portkey") {
  process.stderr.write(`--peer: only "portkey" is supported\n`);
  process.exit(2);
}

const FULL: Settings = {
  rounds: 2,
  warmup: { cycles: 4, loadMs: 4_000, requests: 2_000, streams: 200 },
  latency: { count: 2_000, warmup: 200, maxMs: 120_000 },
  ttfb: { count: 500, warmup: 50, maxMs: 60_000 },
  load: { concurrency: 50, durationMs: 10_000, maxRequests: 1_000_000 },
  streams: { count: 1_000, timeoutMs: 120_000 },
};
const SMOKE: Settings = {
  rounds: 2,
  warmup: { cycles: 2, loadMs: 300, requests: 50, streams: 10 },
  latency: { count: 100, warmup: 20, maxMs: 10_000 },
  ttfb: { count: 30, warmup: 5, maxMs: 10_000 },
  load: { concurrency: 50, durationMs: 1_500, maxRequests: 50_000 },
  streams: { count: 50, timeoutMs: 30_000 },
};
const settings: Settings = { ...(values.smoke ? SMOKE : FULL) };
if (values.rounds) settings.rounds = Math.min(10, Math.max(1, Number(values.rounds) || 2));

const log = (s: string) => process.stderr.write(`${s}\n`);
let usageDb: UsageDb | undefined;
let cleaning: Promise<void> | undefined;
/** Set on SIGINT/SIGTERM: the phase in flight then fails as its processes go away, quietly. */
let interrupted: number | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await usageDb?.close();
    await stopAll();
  })();
  return cleaning;
}
for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = code;
    log(`\nbench: ${signal}, stopping every child process`);
    void cleanup().finally(() => process.exit(code));
  });
}
process.on("exit", killAllNow);

function versions() {
  const pkg = (name: string) => {
    try {
      return (JSON.parse(readFileSync(resolve("node_modules", name, "package.json"), "utf8")) as { version: string }).version;
    } catch {
      return "unknown";
    }
  };
  let commit = "unknown";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    if (execFileSync("git", ["status", "--porcelain"], { encoding: "utf8" }).trim()) commit += " (with uncommitted changes)";
  } catch {
    /* not a git checkout */
  }
  const own = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
  return { auriko: own.version, commit, node: process.version, next: pkg("next"), undici: pkg("undici") };
}

async function main(): Promise<number> {
  const started = new Date();
  const t0 = Date.now();
  const machine = machineInfo();
  log(`bench: ${values.smoke ? "smoke mode" : "full run"}, ${settings.rounds} rounds, load average ${machine.loadavg}`);

  const [fast, slow] = await Promise.all([startMock("mock upstream", 0), startMock("slow mock upstream", 50)]);
  log(`  mock upstreams: ${fast.url} (no delay), ${slow.url} (50 ms between chunks)`);
  const floor = await startFloor(fast, slow);
  log(`  floor proxy at ${floor.url}`);
  await freshDataDir();
  const env = serverEnv(await freePort(), fast.url, slow.url);
  log(`  starting the production server (data in ${DATA_DIR}, Postgres on ${env.AURIKO_EMBEDDED_PG_PORT})`);
  const server = await startServer(env, log);
  log(`  server at ${server.url}; creating a workspace, BYOK keys and an API key with the CLI`);
  const { apiKey, limitedKey } = await provision(env);
  // A second production server on the same database with the usage meter off: the
  // difference between the two is what metering costs the request path.
  const noMeterEnv = { ...env, PORT: String(await freePort()), AURIKO_USAGE_METER: "off" };
  const noMeter = await startServer(noMeterEnv, log);
  log(`  server without the usage meter at ${noMeter.url}`);
  const secrets = readSecrets();
  const next = await startNext(server, secrets);
  log(`  next start at ${next.url}`);
  let peer: Peer | undefined;
  let peerNote: string | undefined;
  if (values.peer === "portkey") {
    try {
      peer = await startPortkey(log);
      log(`  portkey gateway at ${peer.url}`);
    } catch (err) {
      peerNote = `the Portkey gateway could not be installed or started: ${(err as Error).message.split("\n")[0]}`;
      log(`  ${peerNote}; continuing without the peer`);
    }
  }
  usageDb = await openUsageDb(superUrl(secrets));
  const pgDir = resolve(DATA_DIR, "pg");

  const targets: Target[] = [
    directTarget(fast.url, slow.url, () => serverPids(fast.child.pid), () => serverPids(slow.child.pid)),
    floorTarget(floor.url, () => serverPids(floor.child.pid)),
    aurikoTarget("auriko", server.url, apiKey, () => proxyPids(server.child.pid)),
    aurikoTarget("auriko-limits", server.url, limitedKey, () => proxyPids(server.child.pid)),
    aurikoTarget("auriko-nometer", noMeter.url, apiKey, () => proxyPids(noMeter.child.pid)),
    aurikoTarget("auriko-next", next.url, apiKey, () => serverPids(next.child.pid)),
    ...(peer ? [portkeyTarget(peer.url, fast.url, slow.url, () => serverPids(peer.child.pid))] : []),
  ];
  const runs: TargetRun[] = targets.map((t) => ({ name: t.name, describe: t.describe, rounds: [] }));
  const setupSeconds = Math.round((Date.now() - t0) / 1000);
  log(`  ready after ${setupSeconds} s`);

  const quiet = async () => {
    if (!(await waitForQuiet())) log("  (the machine stayed busy; measuring anyway)");
  };
  for (const t of targets) {
    const pass = warmupPass(settings);
    log(`warm-up: ${t.name}: ${settings.warmup.cycles} times ${pass.requests} requests and ${pass.streams} streams at concurrency 1, then concurrency ${settings.load.concurrency} for ${pass.loadMs / 1000} s (not recorded)`);
    await warmupPhase(t, settings);
  }
  for (let round = 1; round <= settings.rounds; round++) {
    runs.forEach((r) => r.rounds.push({ round }));
    const at = (i: number) => runs[i]!.rounds[round - 1]!;
    for (const [i, t] of targets.entries()) {
      log(`round ${round}: ${t.name}: ${settings.latency.count} requests at concurrency 1`);
      await quiet();
      at(i).latency = await latencyPhase(t, settings);
    }
    for (const [i, t] of targets.entries()) {
      log(`round ${round}: ${t.name}: ${settings.ttfb.count} streaming requests at concurrency 1 (TTFB)`);
      await quiet();
      at(i).ttfb = await ttfbPhase(t, settings);
    }
    for (const [i, t] of targets.entries()) {
      log(`round ${round}: ${t.name}: concurrency ${settings.load.concurrency} for ${settings.load.durationMs / 1000} s`);
      await quiet();
      at(i).load = await loadPhase(t, settings, { usage: usageDb, pgDir });
    }
  }
  const pairs = endpointPairs(fast.url, server.url, apiKey, { mock: () => serverPids(fast.child.pid), server: () => proxyPids(server.child.pid) });
  const endpoints = await endpointsPhase(pairs, settings, log);
  for (const [i, t] of targets.entries()) {
    log(`${t.name}: ${settings.streams.count} concurrent slow streams`);
    runs[i]!.streams = await streamsPhase(t, settings);
  }

  const summary = summarizeRun(runs);
  const goals = checkGoals(summary, settings);
  const finished = new Date();
  const machineEnd = machineInfo();
  const endpointGoalList = endpointGoals(endpoints);
  process.stdout.write(`\n${renderTables(summary)}\nEndpoints through \`auriko\` (non-streaming; added over the mock's same endpoint):\n\n${renderEndpoints(endpoints)}\n`);
  process.stdout.write(`\nGoals (fast path \`auriko\`):\n${renderGoals(goals)}\n${endpointGoalList.map((g) => `  [${g.met ? "met " : "MISS"}] ${g.text}`).join("\n")}\n`);
  process.stdout.write(`\nload average: ${machine.loadavg} at start, ${machineEnd.loadavg} at end (${machine.nproc} cores)\n`);
  const errors = runs.flatMap((r) => r.rounds.flatMap((x) => [x.latency?.firstError, x.ttfb?.firstError, x.load?.firstError]).concat(r.streams?.firstError).filter(Boolean).map((e) => `${r.name}: ${e}`));
  if (errors.length) process.stdout.write(`\nErrors seen (first of each phase):\n${errors.map((e) => `  ${e}`).join("\n")}\n`);
  if (peerNote) process.stdout.write(`\nPeer: ${peerNote}\n`);

  const out = resolve(values.out!);
  writeJson(out, {
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    mode: values.smoke ? "smoke" : "full",
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
    machine: { ...machine, loadavgStart: machine.loadavg, loadavgEnd: machineEnd.loadavg },
    versions: { ...versions(), ...(peer ? { "@portkey-ai/gateway": peer.version } : {}) },
    settings,
    setupSeconds,
    summary,
    goals,
    endpoints,
    endpointGoals: endpointGoalList,
    peerNote,
    errors,
    runs,
  });
  process.stdout.write(`\nwrote ${out}\n`);

  // Smoke mode guards against rot: every target must have answered every request.
  const missing = ["direct", "auriko", "auriko-nometer", "auriko-next"].filter((n) => !Number.isFinite(summary[n]?.latency.p50) || !Number.isFinite(summary[n]?.load.rps));
  missing.push(...endpoints.filter((e) => !Number.isFinite(e.addedP50) || !Number.isFinite(e.rpsAuriko) || e.errors > 0).map((e) => `endpoint ${e.name}`));
  if (missing.length) {
    log(`bench: no figures for ${missing.join(", ")}`);
    return 1;
  }
  if (values.smoke && errors.length) {
    log("bench: requests failed in smoke mode");
    return 1;
  }
  return 0;
}

main()
  .then(async (code) => {
    await cleanup();
    process.exit(interrupted ?? code);
  })
  .catch(async (err: unknown) => {
    if (!interrupted) log(`\nbench failed: ${(err as Error).stack ?? String(err)}`);
    await cleanup();
    process.exit(interrupted ?? 1);
  });
