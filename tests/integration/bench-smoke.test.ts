import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

/**
 * `npm run bench -- --smoke` end to end, so the benchmark cannot rot: mock upstreams,
 * the production server (which builds the console first when .next is missing or
 * stale), the CLI, `next start`, every phase with small counts. The full run is not
 * part of the suite.
 */
type Figures = {
  latency: { p50: number; addedP50: number };
  ttfb: { p50: number };
  load: { rps: number; peakRssMb: number; cpuMsPerRequest: number; usage?: { rowsPerRequest: number } };
  streams?: { concurrent: number; completed: number };
};

let child: ChildProcess | undefined;

afterEach(async () => {
  // The bench stops its own children on SIGTERM.
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill("SIGTERM");
    await new Promise((resolve) => child!.once("exit", resolve));
  }
});

function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("AURIKO_") || k === "DATABASE_URL" || k === "NEXTAUTH_SECRET" || k === "NODE_ENV") delete env[k];
  return env;
}

describe("benchmark smoke mode", () => {
  it("runs every phase and writes figures for direct, the floor, auriko and auriko-next", async () => {
    const out = join(tmpdir(), `auriko-bench-smoke-${process.pid}-${Date.now()}.json`);
    child = spawn(process.execPath, ["--import", "tsx", "scripts/bench/index.ts", "--smoke", "--out", out], {
      env: cleanEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (b: Buffer) => (output = (output + b.toString()).slice(-20_000)));
    child.stderr!.on("data", (b: Buffer) => (output = (output + b.toString()).slice(-20_000)));
    const code = await new Promise<number | null>((resolve) => child!.once("exit", (c) => resolve(c)));
    expect(code, output).toBe(0);
    expect(existsSync(out), output).toBe(true);

    const result = JSON.parse(readFileSync(out, "utf8")) as {
      mode: string;
      summary: Record<string, Figures>;
      errors: string[];
      endpoints: Array<{ name: string; addedP50: number; rpsAuriko: number; errors: number }>;
    };
    rmSync(out, { force: true });
    expect(result.mode).toBe("smoke");
    expect(result.errors).toEqual([]);
    for (const name of ["direct", "floor", "auriko", "auriko-next"]) {
      const f = result.summary[name]!;
      expect(f, name).toBeDefined();
      expect(f.latency.p50, name).toBeGreaterThan(0);
      expect(f.ttfb.p50, name).toBeGreaterThan(0);
      expect(f.load.rps, name).toBeGreaterThan(0);
      expect(f.load.peakRssMb, name).toBeGreaterThan(0);
      expect(Number.isFinite(f.load.cpuMsPerRequest), name).toBe(true);
      expect(f.streams?.completed, name).toBe(f.streams?.concurrent);
    }
    expect(Number.isFinite(result.summary.auriko!.latency.addedP50)).toBe(true);
    // The chat, responses and embeddings endpoints each measured through the gateway.
    expect(result.endpoints.map((e) => e.name)).toEqual(["chat", "responses", "embeddings"]);
    for (const e of result.endpoints) {
      expect([e.name, e.errors]).toEqual([e.name, 0]);
      expect(Number.isFinite(e.addedP50), e.name).toBe(true);
      expect(e.rpsAuriko, e.name).toBeGreaterThan(0);
    }
    // Every request through the gateway is metered.
    expect(result.summary.auriko!.load.usage?.rowsPerRequest).toBeGreaterThan(0.9);
  }, 300_000);
});
