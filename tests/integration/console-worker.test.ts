import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alive, cleanEnv, freePort, startServerProcess, type ServerProcess } from "../support/server-process";

/**
 * `npm start` as an operator runs it (scripts/start.sh: the compiled server): the
 * console lives in a worker process. If the worker dies, the API keeps answering, the
 * server brings the console back, and stopping the server stops the worker too.
 */
const DATA_DIR = ".data/worker-test";
let server: ServerProcess;
let origin = "";

/** The worker's pid from the server's structured start-up log line (the latest one). */
function workerPids(output: string): number[] {
  return [...output.matchAll(/"consoleWorkerPid":(\d+)/g)].map((m) => Number(m[1]));
}

async function status(path: string): Promise<number> {
  try {
    const res = await fetch(`${origin}${path}`, { redirect: "manual" });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

beforeAll(async () => {
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  server = await startServerProcess(
    // As on a host that allows core dumps: the soft limit raised as far as the hard one goes.
    ["sh", "-c", 'ulimit -S -c "$(ulimit -H -c)"; exec sh scripts/start.sh'],
    cleanEnv({
      PORT: String(port),
      HOST: "127.0.0.1",
      AURIKO_DATA_DIR: DATA_DIR,
      AURIKO_EMBEDDED_PG_PORT: "54396",
      AURIKO_SEED_DEMO: "false",
      AURIKO_STATUS_MONITOR: "off",
      LOG_LEVEL: "info",
    }),
    /Auriko is running at http:\/\//,
  );
}, 900_000);

afterAll(async () => {
  await server?.stop();
}, 60_000);

describe("the console worker", () => {
  it("serves the console from its own process, and the API from the server's", async () => {
    const [worker] = workerPids(server.output());
    expect(worker).toBeGreaterThan(0);
    expect(worker).not.toBe(server.child.pid);
    expect(alive(worker!)).toBe(true);
    expect(await status("/login")).toBe(200);
    const api = await fetch(`${origin}/api/v1/models`);
    expect(api.status).toBe(401);
    expect((await api.json()) as unknown).toMatchObject({ error: { code: "invalid_api_key" } });
  });

  it("runs the server with start.sh's memory settings, and the worker with Node's defaults", () => {
    const [worker] = workerPids(server.output());
    const proc = (pid: number, file: "cmdline" | "environ") => readFileSync(`/proc/${pid}/${file}`, "utf8").split("\0");
    // start.sh replaces itself with the server: the pid the test started is the server's Node.
    expect(proc(server.child.pid!, "cmdline")).toEqual(expect.arrayContaining([expect.stringMatching(/node$/), "--heap-growing-percent=40", "dist/server/start.js"]));
    expect(proc(server.child.pid!, "environ")).toEqual(expect.arrayContaining(["MALLOC_MMAP_THRESHOLD_=131072", "MALLOC_TRIM_THRESHOLD_=131072"]));
    expect(proc(worker!, "cmdline").some((a) => a.startsWith("--heap-growing-percent"))).toBe(false);
  });

  it("runs the server and the worker with core dumps off, soft and hard limit", () => {
    const [worker] = workerPids(server.output());
    const coreLimit = (pid: number) => /^Max core file size\s+(\S+)\s+(\S+)/m.exec(readFileSync(`/proc/${pid}/limits`, "utf8"))?.slice(1);
    // A dump would hold the provider keys the proxy had opened, in clear.
    expect(coreLimit(server.child.pid!)).toEqual(["0", "0"]);
    expect(coreLimit(worker!)).toEqual(["0", "0"]);
    expect(server.output()).not.toContain("core dumps are enabled");
  });

  it("is restarted after a crash while the API keeps answering", async () => {
    const [first] = workerPids(server.output());
    process.kill(first!, "SIGKILL");
    await expect.poll(() => alive(first!), { timeout: 10_000 }).toBe(false);
    // The proxy runs in the server process: unaffected.
    expect((await fetch(`${origin}/api/v1/models`)).status).toBe(401);
    await expect.poll(() => status("/login"), { timeout: 120_000, interval: 500 }).toBe(200);
    expect(server.output()).toMatch(/console worker exited; restarting/);
  }, 180_000);

  it("stops with the server, leaving no socket behind", async () => {
    const run = join(DATA_DIR, "run");
    const sockets = readdirSync(run).filter((f) => f.endsWith(".sock"));
    expect(sockets).toHaveLength(1);
    const pids = execFileSync("pgrep", ["-f", sockets[0]!], { encoding: "utf8" }).trim().split("\n").map(Number);
    expect(pids.length).toBeGreaterThan(0);
    expect(await server.stop()).toBe(0);
    for (const pid of pids) await expect.poll(() => alive(pid), { timeout: 15_000 }).toBe(false);
    expect(existsSync(join(run, sockets[0]!))).toBe(false);
  }, 60_000);
});
