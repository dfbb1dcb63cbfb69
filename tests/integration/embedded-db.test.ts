import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { connect } from "../support/db";
import { alive } from "../support/server-process";

const dataDir = resolve(".data", `embedded-lifecycle-${randomBytes(3).toString("hex")}`);
const port = 54359;
const children: ChildProcess[] = [];

function start(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/embedded-child.ts", dataDir, String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stderr!.on("data", (d) => (out += d));
  return new Promise((ok, fail) => {
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /READY (\S+)/.exec(out);
      if (m) ok({ child, url: m[1]!, output: () => out });
    });
    child.on("exit", (code) => fail(new Error(`child exited ${code}: ${out}`)));
  });
}

const exited = (child: ChildProcess) => new Promise<number | null>((ok) => child.once("exit", (code) => ok(code)));

function postmasterPid(): number | undefined {
  const file = join(dataDir, "pg", "postmaster.pid");
  return existsSync(file) ? Number(readFileSync(file, "utf8").split("\n")[0]) : undefined;
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  const pid = postmasterPid();
  if (pid && alive(pid)) process.kill(pid, "SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

describe("embedded Postgres lifecycle", () => {
  it("initialises, keeps data across restarts, stops cleanly, and recovers from a killed parent", async () => {
    mkdirSync(dataDir, { recursive: true, mode: 0o711 });
    // First start: initialise and write a row, then stop with SIGTERM.
    const a = await start();
    let c = await connect(a.url);
    await c.query("CREATE TABLE kept (v text)");
    await c.query("INSERT INTO kept VALUES ('survives')");
    await c.end();
    a.child.kill("SIGTERM");
    expect(await exited(a.child)).toBe(0);
    expect(postmasterPid()).toBeUndefined();

    // Second start: the row is still there. Then the parent is SIGKILLed.
    const b = await start();
    c = await connect(b.url);
    expect((await c.query("SELECT v FROM kept")).rows).toEqual([{ v: "survives" }]);
    await c.end();
    const orphan = postmasterPid()!;
    b.child.kill("SIGKILL");
    await exited(b.child);
    expect(alive(orphan)).toBe(true);

    // Third start: the orphaned postmaster is stopped and a fresh one serves the same data.
    const d = await start();
    expect(d.output()).toMatch(/orphaned embedded Postgres/);
    expect(alive(orphan)).toBe(false);
    c = await connect(d.url);
    expect((await c.query("SELECT v FROM kept")).rows).toEqual([{ v: "survives" }]);
    await c.end();
    d.child.kill("SIGINT");
    expect(await exited(d.child)).toBe(0);
  }, 90_000);
});
