import { spawn, type ChildProcess } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * Every process the benchmark starts goes through here, so that all of them are
 * stopped on the way out (normal end, error, Ctrl-C): SIGTERM to the process, then
 * SIGKILL to its whole process group after 10 s. Each child leads its own group
 * (`detached`), so a terminal's Ctrl-C reaches only us and we stop them in order.
 */
export type Child = {
  name: string;
  proc: ChildProcess;
  pid: number;
  /** The last ~64 KB of stdout + stderr, for error messages. */
  output: () => string;
  /** Resolves with the first match of `re` in stdout (accumulated), rejects on exit or timeout. */
  waitFor: (re: RegExp, timeoutMs: number) => Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
};

const live = new Set<Child>();
const KEEP = 64 * 1024;
const KILL_AFTER_MS = 10_000;

export function startChild(
  name: string,
  command: string,
  args: string[],
  opts: { env: NodeJS.ProcessEnv; cwd?: string; stdin?: string },
): Child {
  const proc = spawn(command, args, {
    cwd: opts.cwd ?? process.cwd(),
    env: opts.env,
    detached: true,
    stdio: [opts.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  if (!proc.pid) throw new Error(`${name}: could not start ${command}`);
  let out = "";
  let stdout = "";
  const listeners = new Set<() => void>();
  const append = (s: string) => {
    out = (out + s).slice(-KEEP);
  };
  proc.stdout!.setEncoding("utf8").on("data", (s: string) => {
    append(s);
    stdout = (stdout + s).slice(-KEEP);
    for (const l of listeners) l();
  });
  proc.stderr!.setEncoding("utf8").on("data", append);
  if (opts.stdin !== undefined) proc.stdin!.end(opts.stdin);
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code, signal) => resolve(code ?? (signal ? 128 : null))));

  const child: Child = {
    name,
    proc,
    pid: proc.pid,
    output: () => out,
    exited,
    waitFor: (re, timeoutMs) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = re.exec(stdout);
          if (m) {
            done();
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${name}: no ${re} on stdout within ${timeoutMs} ms\n${tail(out)}`));
        }, timeoutMs);
        const onExit = (code: number | null) => {
          done();
          reject(new Error(`${name} exited (${code}) before printing ${re}\n${tail(out)}`));
        };
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
          proc.off("exit", onExit);
        };
        listeners.add(check);
        proc.once("exit", onExit);
        check();
      }),
  };
  live.add(child);
  void exited.then(() => {
    live.delete(child);
    // A child that died on its own may leave its group behind (the server's embedded Postgres).
    if (groupAlive(child.pid)) reapGroup(child.pid);
  });
  return child;
}

export function tail(s: string, lines = 30): string {
  return s.trimEnd().split("\n").slice(-lines).join("\n");
}

/** Runs a short command to completion and returns its stdout; throws with its output on failure. */
export async function runToEnd(
  name: string,
  command: string,
  args: string[],
  opts: { env: NodeJS.ProcessEnv; cwd?: string; stdin?: string; timeoutMs: number },
): Promise<string> {
  const child = startChild(name, command, args, opts);
  let stdout = "";
  child.proc.stdout!.on("data", (s: string) => (stdout += s));
  const timer = setTimeout(() => void stopChild(child), opts.timeoutMs);
  const code = await child.exited;
  clearTimeout(timer);
  if (code !== 0) throw new Error(`${name} failed (exit ${code})\n${tail(child.output())}`);
  return stdout;
}

const leftovers = new Set<number>();

function reapGroup(pgid: number): void {
  leftovers.add(pgid);
  try {
    process.kill(-pgid, "SIGTERM");
  } catch {
    /* gone */
  }
  setTimeout(() => {
    if (groupAlive(pgid)) process.kill(-pgid, "SIGKILL");
    leftovers.delete(pgid);
  }, KILL_AFTER_MS).unref();
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function stopChild(child: Child): Promise<void> {
  if (child.proc.exitCode === null && child.proc.signalCode === null) {
    try {
      child.proc.kill("SIGTERM");
    } catch {
      /* already gone */
    }
    const deadline = Date.now() + KILL_AFTER_MS;
    while (child.proc.exitCode === null && child.proc.signalCode === null && Date.now() < deadline) await sleep(100);
  }
  // Whatever is left in its group (a build, a worker) gets no second chance.
  if (groupAlive(child.pid)) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      /* gone meanwhile */
    }
  }
  live.delete(child);
}

/** Stops every live child, newest first (clients before the servers they use). */
export async function stopAll(): Promise<void> {
  for (const child of [...live].reverse()) await stopChild(child);
}

/** Last resort from a synchronous 'exit' handler: no waiting possible. */
export function killAllNow(): void {
  for (const pgid of leftovers) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      /* gone */
    }
  }
  for (const child of live) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      /* gone */
    }
  }
  live.clear();
}
