import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startChild, runToEnd, type Child } from "./children";
import { aurikoTarget, PROVIDER_KEY, type Target } from "./targets";

/**
 * Brings up what the benchmark measures, all on 127.0.0.1: two mock upstreams (fast
 * and 50 ms between chunks), the production server (`npm start`'s `scripts/start.sh`) with a fresh
 * data directory, a workspace with BYOK keys and an API key made through the operator
 * CLI, and `next start` for the Next.js route handler.
 */
export const DATA_DIR = ".data/bench";
export const PG_PORT = 54379;
const ROOT = process.cwd();
const NODE = process.execPath;

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The benchmark picks its own database and secrets: nothing from the caller's shell may leak in.
  for (const k of Object.keys(env)) if (k.startsWith("AURIKO_") || ["DATABASE_URL", "NEXTAUTH_SECRET", "NEXTAUTH_URL", "NODE_ENV"].includes(k)) delete env[k];
  return { ...env, NEXT_TELEMETRY_DISABLED: "1", LOG_LEVEL: "warn" };
}

export type Mock = { child: Child; url: string };

/** A TypeScript script that prints its loopback URL alone on a line once it listens. */
async function startListening(name: string, script: string, args: string[]): Promise<Mock> {
  const child = startChild(name, NODE, ["--import", "tsx", script, ...args], { env: baseEnv() });
  const m = await child.waitFor(/^(http:\/\/127\.0\.0\.1:\d+)\s*$/m, 60_000);
  return { child, url: m[1]! };
}

export function startMock(name: string, chunkDelayMs: number): Promise<Mock> {
  const args = ["--port", "0", "--completion-bytes", "1024", "--chunks", "20"];
  if (chunkDelayMs) args.push("--chunk-delay", String(chunkDelayMs));
  return startListening(name, "server/mock-upstream/cli.ts", args);
}

/** The floor reference proxy (floor-proxy.ts) in front of both mocks. */
export function startFloor(fast: Mock, slow: Mock): Promise<Mock> {
  return startListening("floor proxy", "scripts/bench/floor-proxy.ts", ["--fast", fast.url, "--slow", slow.url]);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A killed earlier run may have left its Postgres running on the bench data directory: stop it first. */
export async function freshDataDir(): Promise<void> {
  const pgDir = resolve(DATA_DIR, "pg");
  const pidFile = join(pgDir, "postmaster.pid");
  if (existsSync(pidFile)) {
    const pid = Number.parseInt(readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10);
    let cmd = "";
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      /* not running */
    }
    if (pid > 0 && cmd.includes(pgDir)) {
      process.stderr.write(`bench: stopping a Postgres left by an earlier run (pid ${pid})\n`);
      process.kill(pid, "SIGINT");
      for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
      if (isAlive(pid)) process.kill(pid, "SIGKILL");
      for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
    }
  }
  rmSync(resolve(DATA_DIR), { recursive: true, force: true });
}

export type Server = { child: Child; url: string; env: NodeJS.ProcessEnv };

export function serverEnv(port: number, fastMock: string, slowMock: string): NodeJS.ProcessEnv {
  return {
    ...baseEnv(),
    PORT: String(port),
    HOST: "127.0.0.1",
    AURIKO_DATA_DIR: DATA_DIR,
    AURIKO_EMBEDDED_PG_PORT: String(PG_PORT),
    AURIKO_SEED_DEMO: "false",
    AURIKO_PROVIDER_OPENAI_BASE_URL: `${fastMock}/v1`,
    AURIKO_PROVIDER_GROQ_BASE_URL: `${slowMock}/v1`,
  };
}

/**
 * With extra Node flags (profiling, which NODE_OPTIONS does not take): the server compiled
 * the way start.sh does it, then run with start.sh's own flags and environment, read from it.
 */
async function serverCommand(env: NodeJS.ProcessEnv, nodeArgs: string[]): Promise<{ command: string; args: string[]; env: NodeJS.ProcessEnv }> {
  if (!nodeArgs.length) return { command: "sh", args: ["scripts/start.sh"], env };
  const script = readFileSync(join(ROOT, "scripts/start.sh"), "utf8");
  const flags = /^exec node (.*?) dist\/server\/start\.js/m.exec(script)?.[1]?.split(" ");
  if (!flags) throw new Error("scripts/start.sh: no `exec node … dist/server/start.js` line");
  const vars = Object.fromEntries([...script.matchAll(/^export (\w+)="\$\{\1:-(\w+)\}"/gm)].map((m) => [m[1]!, m[2]!]));
  await runToEnd("compile the server", NODE, ["scripts/build-server.mjs"], { env, timeoutMs: 120_000 });
  return { command: NODE, args: [...flags, ...nodeArgs, "dist/server/start.js"], env: { ...vars, ...env } };
}

/** The production server, as `npm start` runs it; builds the console first when `.next` is missing or stale (a minute or two). */
export async function startServer(env: NodeJS.ProcessEnv, log: (s: string) => void, nodeArgs: string[] = []): Promise<Server> {
  const run = await serverCommand(env, nodeArgs);
  for (let attempt = 1; ; attempt++) {
    const child = startChild("auriko server", run.command, run.args, { env: run.env });
    const building = setTimeout(() => log("  (still starting: the server builds the console when .next is missing or stale)"), 15_000);
    try {
      const m = await child.waitFor(/Auriko is running at (http:\/\/\S+)/, 15 * 60_000);
      return { child, url: m[1]!, env };
    } catch (err) {
      // Someone else's `next build` in this checkout: wait for it rather than fail.
      if (attempt >= 20 || !/Another next build process is already running/.test(child.output())) throw err;
      log("  another `next build` is running in this checkout; trying again in 15 s");
      await child.exited;
      await sleep(15_000);
    } finally {
      clearTimeout(building);
    }
  }
}

export type Provisioned = { slug: string; apiKey: string; limitedKey: string };

/** A user, a workspace, BYOK keys for openai (fast mock) and groq (slow mock), and an API key. */
export async function provision(env: NodeJS.ProcessEnv): Promise<Provisioned> {
  const cli = (args: string[], stdin?: string) =>
    runToEnd(`cli ${args[0]}`, NODE, ["--import", "tsx", "scripts/cli.ts", ...args], { env, stdin, timeoutMs: 120_000 });
  const email = "bench@example.test";
  await cli(["user:create", "--email", email, "--password-stdin"], `${randomBytes(18).toString("base64url")}\n`);
  const slug = (await cli(["workspace:create", "--name", "Bench", "--owner", email])).trim().split("\n").pop()!.trim();
  if (!/^[a-z0-9-]+$/.test(slug)) throw new Error(`workspace:create printed an unexpected slug: ${slug}`);
  const [, , keyOut, limitedOut] = await Promise.all([
    cli(["provider:set", "--workspace", slug, "--provider", "openai"], `${PROVIDER_KEY}\n`),
    cli(["provider:set", "--workspace", slug, "--provider", "groq"], `${PROVIDER_KEY}\n`),
    cli(["apikey:create", "--workspace", slug, "--name", "bench"]),
    cli(["apikey:create", "--workspace", slug, "--name", "bench with limits"]),
  ]);
  const apiKey = keyOut.trim().split("\n").pop()!.trim();
  const limitedKey = limitedOut.trim().split("\n").pop()!.trim();
  if (!apiKey.startsWith("ak_") || !limitedKey.startsWith("ak_")) throw new Error("apikey:create did not print a key");
  // Every kind of limit, each far above what the benchmark sends: the enforcement's cost, never a refusal.
  await cli([
    "limits:set", "--workspace", slug, "--key", limitedKey.slice(0, 12),
    "--rpm", "1000000000", "--tpm", "2000000000", "--tokens-day", "1000000000000", "--tokens-month", "1000000000000",
    "--spend-day", "1000000", "--spend-month", "1000000", "--models", "openai/*,groq/*",
  ]);
  return { slug, apiKey, limitedKey };
}

export type Secrets = { masterKey: string; nextauthSecret: string; pgSuperPassword: string; appDbPassword: string };

export function readSecrets(): Secrets {
  return JSON.parse(readFileSync(resolve(DATA_DIR, "secrets.json"), "utf8")) as Secrets;
}

export function superUrl(s: Secrets): string {
  return `postgresql://postgres:${encodeURIComponent(s.pgSuperPassword)}@127.0.0.1:${PG_PORT}/auriko`;
}

/** Polls `url` until it answers at all (any status). */
export async function waitForHttp(url: string, timeoutMs: number, child: Child): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.proc.exitCode !== null) throw new Error(`${child.name} exited (${child.proc.exitCode})\n${child.output().slice(-3000)}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      return;
    } catch {
      await sleep(200);
    }
  }
  throw new Error(`${child.name}: ${url} did not answer within ${timeoutMs} ms\n${child.output().slice(-3000)}`);
}

/**
 * Next's own server (no fast path), so `/api/v1/*` runs through the route handler. It
 * shares the production server's database and secrets; the client address is
 * "unknown" because nothing stamps it, which the proxy accepts.
 */
export async function startNext(server: Server, secrets: Secrets): Promise<{ child: Child; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...server.env,
    PORT: String(port),
    NODE_ENV: "production",
    AURIKO_APP_DATABASE_URL: `postgresql://app_user:${encodeURIComponent(secrets.appDbPassword)}@127.0.0.1:${PG_PORT}/auriko`,
    AURIKO_MASTER_KEY: secrets.masterKey,
    NEXTAUTH_SECRET: secrets.nextauthSecret,
    NEXTAUTH_URL: url,
    AURIKO_TRUSTED_PROXIES: "",
  };
  const child = startChild("next start", NODE, [join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], { env });
  await waitForHttp(`${url}/api/v1/models`, 120_000, child);
  return { child, url };
}

/**
 * For the instrumented runs (bench:profile, bench:memory): an empty `out` folder, a fresh
 * data directory, both mocks, the production server with extra Node flags and environment,
 * a workspace, and the fast-path target.
 */
export async function startInstrumented(
  out: string,
  opts: { nodeArgs: string[]; env?: Record<string, string>; log: (s: string) => void },
): Promise<{ server: Server; target: Target }> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await freshDataDir();
  const fast = await startMock("mock upstream", 0);
  const slow = await startMock("slow mock upstream", 50);
  const env = { ...serverEnv(await freePort(), fast.url, slow.url), ...opts.env };
  const server = await startServer(env, opts.log, opts.nodeArgs);
  const { apiKey } = await provision(env);
  return { server, target: aurikoTarget("auriko", server.url, apiKey, () => []) };
}
