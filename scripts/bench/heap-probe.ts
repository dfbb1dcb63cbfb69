import { readdirSync, readFileSync, rmSync } from "node:fs";
import { stopAll, stopChild } from "./children";
import { throughput } from "./load";
import { freePort, provision, serverEnv, startMock, startServer } from "./setup";
import { aurikoTarget } from "./targets";

const rss = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;
async function main() {
  rmSync(".data/probe", { recursive: true, force: true });
  const fast = await startMock("mock", 0);
  const slow = await startMock("slow", 50);
  const env = { ...serverEnv(await freePort(), fast.url, slow.url), AURIKO_DATA_DIR: ".data/probe", AURIKO_EMBEDDED_PG_PORT: "54398", LOG_LEVEL: "warn" };
  const server = await startServer(env, () => {}, ["--heapsnapshot-signal=SIGUSR2"]);
  const pid = server.child.proc.pid!;
  const { apiKey } = await provision(env);
  console.log("idle RSS", rss(pid).toFixed(1));
  const t = aurikoTarget("auriko", server.url, apiKey, () => []);
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, rss(pid))), 100);
  const snap = setTimeout(() => process.kill(pid, "SIGUSR2"), 6000);
  const r = await throughput(t.fast, { concurrency: 50, durationMs: 8000, maxRequests: 1e7 });
  clearInterval(timer);
  clearTimeout(snap);
  console.log("rps", r.rps.toFixed(0), "peak RSS", peak.toFixed(1), "after", rss(pid).toFixed(1));
  await new Promise((r) => setTimeout(r, 3000));
  await stopChild(server.child);
  await stopAll();
  console.log(readdirSync(".").filter((f) => f.endsWith(".heapsnapshot")));
}
main().finally(() => stopAll());
