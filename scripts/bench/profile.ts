import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { stopAll, stopChild } from "./children";
import { throughput } from "./load";
import { startInstrumented } from "./setup";

/**
 * `npm run bench:profile [-- --seconds 10] [--concurrency 50]`
 * Where the production server's CPU goes on the fast path: starts the mock upstream
 * and the server under `node --cpu-prof`, warms up, loads `/api/v1/chat/completions`
 * at concurrency 50, stops the server (which writes the profile) and prints the
 * self-time shares by area and the top functions. The .cpuprofile stays in
 * bench-results/profile/ for Chrome DevTools or speedscope.
 */
const { values } = parseArgs({ options: { seconds: { type: "string", default: "10" }, concurrency: { type: "string", default: "50" } } });
const log = (s: string) => process.stderr.write(`${s}\n`);
const OUT = resolve("bench-results/profile");

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

/** Buckets a frame by where its code lives. */
function area(url: string, fn: string): string {
  if (fn === "(garbage collector)") return "garbage collection";
  if (fn === "(idle)" || fn === "(program)") return fn;
  const rules: [RegExp, string][] = [
    [/node_modules\/@hono\//, "@hono/node-server"],
    [/node_modules\/undici\//, "undici"],
    [/node_modules\/@prisma\/|lib\/db\/generated/, "prisma"],
    [/node_modules\/pg/, "pg"],
    [/node_modules\/libsodium/, "libsodium"],
    [/node_modules\/pino|node_modules\/thread-stream/, "pino"],
    [/node_modules\/zod/, "zod"],
    [/node_modules\/next\//, "next"],
    [/lib\/proxy\//, "lib/proxy (core)"],
    [/lib\/gateway\/|server\/proxy-host/, "lib/gateway + server host"],
    [/lib\/usage\//, "lib/usage (meter)"],
    [/^node:internal\/webstreams|internal\/webstreams/, "node web streams"],
    [/^node:internal\/streams|internal\/streams/, "node streams"],
    [/^node:(_http|http|internal\/http)|_http_/, "node http"],
    [/^node:net|internal\/net|stream_base/, "node net"],
    [/^node:/, "node (other)"],
    [/node_modules\//, "node_modules (other)"],
  ];
  for (const [re, name] of rules) if (re.test(url)) return name;
  return url ? "app (other)" : "native/builtin";
}

async function main() {
  const seconds = Number(values.seconds) || 10;
  const concurrency = Number(values.concurrency) || 50;
  log("starting the production server under --cpu-prof");
  const { server, target } = await startInstrumented(OUT, { nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${OUT}`], log });
  await throughput(target.fast, { concurrency, durationMs: 3_000, maxRequests: 1_000_000 });
  log(`loading for ${seconds} s at concurrency ${concurrency}`);
  const tLoad = performance.now();
  const r = await throughput(target.fast, { concurrency, durationMs: seconds * 1000, maxRequests: 10_000_000 });
  const tLoadEnd = performance.now();
  log(`${r.rps.toFixed(0)} requests/s, ${r.errors} errors`);
  await stopChild(server.child);
  const tStopped = performance.now();
  await stopAll();

  const file = readdirSync(OUT).find((f) => f.endsWith(".cpuprofile"));
  if (!file) throw new Error("the server wrote no profile");
  const prof = JSON.parse(readFileSync(join(OUT, file), "utf8")) as Profile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  // Only the samples taken during the timed load: the profile ends when the server exits,
  // so the window is measured back from its end (start-up and shutdown are left out).
  const from = prof.endTime - (tStopped - tLoad) * 1000;
  const to = prof.endTime - (tStopped - tLoadEnd) * 1000;
  const self = new Map<number, number>();
  let at = prof.startTime;
  prof.samples.forEach((id, i) => {
    at += prof.timeDeltas[i] ?? 0;
    if (at >= from && at <= to) self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0));
  });
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const a = area(n.callFrame.url, n.callFrame.functionName);
    if (a === "(idle)") continue;
    busy += us;
    areas.set(a, (areas.get(a) ?? 0) + us);
    const key = `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.replace(/^.*node_modules\//, "").replace(process.cwd() + "/", "")}:${n.callFrame.lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  const pct = (us: number) => `${((us / busy) * 100).toFixed(1).padStart(5)} %`;
  const out = [`Self time while busy (${(busy / 1e6).toFixed(2)} s of CPU), by area:`];
  for (const [a, us] of [...areas].sort((x, y) => y[1] - x[1])) out.push(`  ${pct(us)}  ${a}`);
  out.push("", "Top 25 functions by self time:");
  for (const [f, us] of [...fns].sort((x, y) => y[1] - x[1]).slice(0, 25)) out.push(`  ${pct(us)}  ${f}`);
  out.push("", `profile: ${join(OUT, file)}`);
  process.stdout.write(out.join("\n") + "\n");
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`profile failed: ${(err as Error).stack ?? err}\n`);
    process.exitCode = 1;
  })
  .finally(() => void stopAll());
