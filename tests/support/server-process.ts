import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

/**
 * The production server as a child process, the way an operator runs it, for tests
 * that need the real thing end to end (TLS, the console worker). Each caller gives it
 * its own data directory and Postgres port.
 */

/** This process's environment without any Auriko configuration, plus `extra`. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) {
    if (k.startsWith("AURIKO_") || ["DATABASE_URL", "NEXTAUTH_SECRET", "NEXTAUTH_URL", "NODE_ENV"].includes(k)) delete env[k];
  }
  return { ...env, NEXT_TELEMETRY_DISABLED: "1", LOG_LEVEL: "warn", ...extra };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port: p } = srv.address() as { port: number };
      srv.close(() => resolve(p));
    });
  });
}

export type ServerProcess = { child: ChildProcess; output: () => string; stop: () => Promise<number | null> };

/**
 * Runs `command` (e.g. `["sh", "scripts/start.sh"]`) with `env` and resolves once the output
 * matches `ready`; rejects with the output if the process exits first.
 */
export async function startServerProcess([file, ...args]: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<ServerProcess> {
  const child = spawn(file!, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const collect = (b: Buffer) => (output = (output + b.toString()).slice(-50_000));
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (ready.test(output)) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`server exited (${child.exitCode}):\n${output}`));
      }
    }, 200);
  });
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      return exited;
    },
  };
}

/** Whether a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
