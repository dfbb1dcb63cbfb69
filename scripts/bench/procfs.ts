import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";

/**
 * Memory and CPU of the processes under test, read from /proc (Linux only): resident
 * set size from /proc/<pid>/status, CPU time from /proc/<pid>/stat. A target's
 * process is its server and any non-Postgres descendants; the embedded Postgres is
 * measured on its own.
 */
let clkTck: number | undefined;
function ticksPerSecond(): number {
  if (clkTck === undefined) {
    try {
      clkTck = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      clkTck = 100;
    }
  }
  return clkTck;
}

type Stat = { pid: number; ppid: number; comm: string; utime: number; stime: number; cutime: number; cstime: number };

function readStat(pid: number): Stat | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = raw.lastIndexOf(")");
    const comm = raw.slice(raw.indexOf("(") + 1, close);
    // Fields after "comm)": state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17).
    const f = raw.slice(close + 2).split(" ");
    return { pid, ppid: Number(f[1]), comm, utime: Number(f[11]), stime: Number(f[12]), cutime: Number(f[13]), cstime: Number(f[14]) };
  } catch {
    return undefined;
  }
}

function allStats(): Stat[] {
  const out: Stat[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s) out.push(s);
  }
  return out;
}

function descendants(root: number, stats: Stat[], keep: (s: Stat) => boolean): number[] {
  const byParent = new Map<number, Stat[]>();
  for (const s of stats) byParent.set(s.ppid, [...(byParent.get(s.ppid) ?? []), s]);
  const out = [root];
  const queue = [root];
  while (queue.length) {
    for (const c of byParent.get(queue.shift()!) ?? []) {
      if (!keep(c)) continue;
      out.push(c.pid);
      queue.push(c.pid);
    }
  }
  return out;
}

/** The target's process tree without Postgres (the server's embedded database is a separate figure). */
export function serverPids(root: number): number[] {
  return descendants(root, allStats(), (s) => s.comm !== "postgres");
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return "";
  }
}

/**
 * The production server's proxy process: its tree without Postgres and without the
 * console worker (Next.js, a separate process that serves no /api/v1 traffic).
 */
export function proxyPids(root: number): number[] {
  return descendants(root, allStats(), (s) => s.comm !== "postgres" && !cmdline(s.pid).includes("console-worker"));
}

/** The postmaster of a data directory and its backends. */
export function postgresPids(pgDataDir: string): number[] {
  const file = `${pgDataDir}/postmaster.pid`;
  if (!existsSync(file)) return [];
  const pid = Number.parseInt(readFileSync(file, "utf8").split("\n")[0] ?? "", 10);
  if (!Number.isFinite(pid) || !readStat(pid)) return [];
  return descendants(pid, allStats(), () => true);
}

export function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * CPU milliseconds used so far by these processes. The first pid's reaped children
 * count too (cutime/cstime), so a Postgres backend that exits mid-phase is not lost.
 */
export function cpuMs(pids: number[]): number {
  let ticks = 0;
  pids.forEach((pid, i) => {
    const s = readStat(pid);
    if (s) ticks += s.utime + s.stime + (i === 0 ? s.cutime + s.cstime : 0);
  });
  return (ticks * 1000) / ticksPerSecond();
}

/** Samples the summed RSS of `pids()` every `intervalMs` until stopped; returns the peak in MB. */
export function sampleRss(pids: () => number[], intervalMs = 100) {
  let peakKb = 0;
  let list = pids();
  let n = 0;
  const tick = () => {
    // Re-resolve the tree now and then: workers may come and go.
    if (++n % 20 === 0) list = pids();
    peakKb = Math.max(peakKb, list.reduce((sum, pid) => sum + rssKb(pid), 0));
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    stop: (): number => {
      clearInterval(timer);
      tick();
      return Math.round((peakKb / 1024) * 10) / 10;
    },
  };
}

/** The machine's CPU counters from /proc/stat: busy and total ticks, all CPUs together. */
export function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  // idle and iowait are the fourth and fifth fields.
  return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total };
}

export function machineInfo() {
  const sh = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { encoding: "utf8" }).trim();
    } catch {
      return "unknown";
    }
  };
  const cpuModel = /model name\s*:\s*(.+)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown";
  return {
    nproc: Number(sh("nproc", [])),
    cpuModel,
    memory: sh("free", ["-h"]).split("\n")[1]?.replace(/\s+/g, " ") ?? "unknown",
    node: process.version,
    kernel: sh("uname", ["-r"]),
    loadavg: readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" "),
  };
}
