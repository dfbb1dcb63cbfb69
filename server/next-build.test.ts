import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acquireBuildLock } from "./next-build";

const lockIn = (root: string) => join(root, ".console-build.lock");

describe("the console build lock", () => {
  it("is held by one process at a time: a second taker waits for the release", async () => {
    const root = mkdtempSync(join(tmpdir(), "auriko-lock-"));
    const release = await acquireBuildLock(root, 5_000);
    expect(readFileSync(lockIn(root), "utf8")).toBe(String(process.pid));
    let second = false;
    const waiting = acquireBuildLock(root, 5_000).then((r) => {
      second = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 700));
    expect(second).toBe(false);
    release();
    (await waiting)();
    expect(second).toBe(true);
    expect(existsSync(lockIn(root))).toBe(false);
  });

  it("takes over a lock whose process is gone, and gives up on a live one after the wait", async () => {
    const root = mkdtempSync(join(tmpdir(), "auriko-lock-"));
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
    writeFileSync(lockIn(root), dead);
    const release = await acquireBuildLock(root, 1_000);
    expect(readFileSync(lockIn(root), "utf8")).toBe(String(process.pid));
    release();

    writeFileSync(lockIn(root), String(process.ppid));
    await expect(acquireBuildLock(root, 600)).rejects.toThrow(/building the console for too long/);
  });
});
