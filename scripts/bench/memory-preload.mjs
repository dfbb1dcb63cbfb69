// Preloaded into the production server by `npm run bench:memory` (never by `npm start`):
// every 250 ms, one JSON line with the process's memory by kind and V8's garbage
// collections so far, to AURIKO_MEMORY_LOG.
import { appendFileSync, readFileSync } from "node:fs";
import { PerformanceObserver, constants } from "node:perf_hooks";
import v8 from "node:v8";

const file = process.env.AURIKO_MEMORY_LOG;
if (file) {
  const gc = { scavenges: 0, scavengeMs: 0, markCompacts: 0, markCompactMs: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) {
        gc.scavenges++;
        gc.scavengeMs += e.duration;
      } else if (e.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        gc.markCompacts++;
        gc.markCompactMs += e.duration;
      }
    }
  }).observe({ entryTypes: ["gc"] });
  const mb = (n) => Math.round((n / 1048576) * 10) / 10;
  setInterval(() => {
    const m = process.memoryUsage();
    const status = readFileSync("/proc/self/status", "utf8");
    const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, mb(s.space_size)]));
    const line = { pid: process.pid, t: Date.now(), rss: mb(m.rss), rssAnon: kb("RssAnon"), rssFile: kb("RssFile"), heapTotal: mb(m.heapTotal), heapUsed: mb(m.heapUsed), external: mb(m.external), spaces, gc: { ...gc } };
    appendFileSync(file, JSON.stringify(line) + "\n");
  }, 250).unref();
}
