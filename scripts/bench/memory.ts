import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { stopAll, stopChild } from "./children";
import { throughput } from "./load";
import { rssKb } from "./procfs";
import { startInstrumented } from "./setup";

/**
 * `npm run bench:memory [-- --seconds 10] [--concurrency 50]`
 * What the proxy process's memory is made of under load: starts the production server as
 * the bench does, with a preload (memory-preload.mjs) that logs its memory every 250 ms,
 * loads `/api/v1/chat/completions`, and prints, at the peak: RSS, V8's heap (total, used,
 * per space), what lies outside the heap, and the garbage collections during the load.
 * The log stays in bench-results/memory/.
 */
const { values } = parseArgs({ options: { seconds: { type: "string", default: "10" }, concurrency: { type: "string", default: "50" } } });
const OUT = resolve("bench-results/memory");
const LOG = resolve(OUT, "server.jsonl");
const log = (s: string) => process.stderr.write(`${s}\n`);

type Line = {
  pid: number;
  t: number;
  rss: number;
  rssAnon: number;
  rssFile: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  spaces: Record<string, number>;
  gc: { scavenges: number; scavengeMs: number; markCompacts: number; markCompactMs: number };
};

async function main() {
  const seconds = Number(values.seconds) || 10;
  const concurrency = Number(values.concurrency) || 50;
  const { server, target } = await startInstrumented(OUT, {
    nodeArgs: ["--import", resolve("scripts/bench/memory-preload.mjs")],
    env: { AURIKO_MEMORY_LOG: LOG },
    log,
  });
  const pid = server.child.pid;
  log(`idle: ${(rssKb(pid) / 1024).toFixed(1)} MB RSS; warming up for 2 s, then ${seconds} s at concurrency ${concurrency}`);
  await throughput(target.fast, { concurrency, durationMs: 2_000, maxRequests: 1_000_000 });
  const from = Date.now();
  const r = await throughput(target.fast, { concurrency, durationMs: seconds * 1000, maxRequests: 10_000_000 });
  const to = Date.now();
  await stopChild(server.child);
  await stopAll();

  if (!existsSync(LOG)) throw new Error("the server wrote no memory log");
  // The console worker inherits the preload and writes to the same log: only the server's lines count.
  const lines = readFileSync(LOG, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Line);
  const during = lines.filter((l) => l.pid === pid && l.t >= from && l.t <= to + 250);
  if (!during.length) throw new Error("no memory samples during the load");
  const peak = during.reduce((a, b) => (b.rss > a.rss ? b : a));
  const first = during[0]!.gc;
  const last = during.at(-1)!.gc;
  const spaces = Object.entries(peak.spaces).filter(([, v]) => v >= 1).map(([k, v]) => `${k} ${v}`).join(", ");
  process.stdout.write(
    [
      `${r.rps.toFixed(0)} requests/s at concurrency ${concurrency} for ${seconds} s`,
      `peak RSS ${peak.rss} MB (anonymous ${peak.rssAnon.toFixed(1)}, file-backed ${peak.rssFile.toFixed(1)})`,
      `  V8 heap ${peak.heapTotal} MB (used ${peak.heapUsed}): ${spaces}`,
      `  outside the V8 heap ${(peak.rss - peak.heapTotal).toFixed(1)} MB (Node's own code and data, malloc, Buffers: external ${peak.external} MB)`,
      `garbage collection during the load: ${last.scavenges - first.scavenges} scavenges (${(last.scavengeMs - first.scavengeMs).toFixed(0)} ms), ` +
        `${last.markCompacts - first.markCompacts} mark-compacts (${(last.markCompactMs - first.markCompactMs).toFixed(0)} ms)`,
      `log: ${LOG}`,
    ].join("\n") + "\n",
  );
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`memory probe failed: ${(err as Error).stack ?? err}\n`);
    process.exitCode = 1;
  })
  .finally(() => void stopAll());
