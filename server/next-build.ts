import { spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { processEnvSnapshot } from "../lib/env";
import { childLogger } from "../lib/log";
import { isAlive } from "./embedded-db";

const SOURCES = ["app", "components", "lib", "public", "proxy.ts", "next.config.js", "package-lock.json", "postcss.config.mjs"];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when there is no production build or a source file changed after it. */
export function buildIsStale(root = process.cwd()): boolean {
  const buildId = resolve(root, ".next/BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.some((s) => newestMtime(resolve(root, s)) > built);
}

export function runNextBuild(root = process.cwd()): void {
  const result = spawnSync(process.execPath, [resolve(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...processEnvSnapshot(), NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status ?? result.signal})`);
}

/** Where a building `npm start` writes its pid; gitignored. */
const BUILD_LOCK = ".console-build.lock";

/**
 * Takes the checkout's build lock: a file created exclusively, holding this process's pid.
 * A lock whose process is gone is taken over; a live one is waited for, up to `waitMs`.
 */
export async function acquireBuildLock(root: string, waitMs: number): Promise<() => void> {
  const path = resolve(root, BUILD_LOCK);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    let holder = 0;
    let age = 0;
    try {
      holder = Number.parseInt(readFileSync(path, "utf8"), 10);
      age = Date.now() - statSync(path).mtimeMs;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") continue; // released meanwhile
      throw err;
    }
    // No pid yet: its holder is still writing it, unless that was long ago (it died in between).
    const gone = holder > 0 ? !isAlive(holder) : age > 10_000;
    if (gone) {
      rmSync(path, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`another process (pid ${holder || "unknown"}) has been building the console for too long`);
    await sleep(500);
  }
}

/**
 * Builds the console when there is no fresh build, one process at a time per checkout.
 * Next.js refuses a second `next build` in the same directory, so a second `npm start`
 * (another instance, a test) waits for the first one's build and then uses it.
 */
export async function ensureConsoleBuild(root = process.cwd(), waitMs = 15 * 60_000): Promise<void> {
  if (!buildIsStale(root)) return;
  const release = await acquireBuildLock(root, waitMs);
  try {
    if (!buildIsStale(root)) return;
    childLogger("server").info("building the console (first start or sources changed); this takes a minute");
    runNextBuild(root);
  } finally {
    release();
  }
}
