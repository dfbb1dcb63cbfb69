import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, freePort, startServerProcess, type ServerProcess } from "../support/server-process";

/**
 * Where the master key comes from, end to end: the production server (`server/start.ts`)
 * in its own data directory and Postgres port, started and stopped as an operator would.
 * Demo mode keeps the key in the data folder and says so at start; production refuses a
 * key that is stored there, and a key that opens none of the stored provider keys, and
 * starts with the right one from the environment. /api/health reports the vault's state.
 */
const DATA_DIR = ".data/master-key-test";
const SECRETS_FILE = resolve(DATA_DIR, "secrets.json");
const PG_PORT = "54393";

let port = 0;
let server: ServerProcess | undefined;

const freshKey = () => randomBytes(32).toString("base64");
/** Another install's key: opens nothing sealed here. */
const wrongKey = freshKey();
const readSecrets = () => JSON.parse(readFileSync(SECRETS_FILE, "utf8")) as Record<string, string>;

function serverEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return cleanEnv({
    PORT: String(port),
    HOST: "127.0.0.1",
    AURIKO_DATA_DIR: DATA_DIR,
    AURIKO_EMBEDDED_PG_PORT: PG_PORT,
    AURIKO_STATUS_MONITOR: "off",
    AURIKO_ALERTS: "off",
    ...extra,
  });
}

async function start(extra: Record<string, string>): Promise<ServerProcess> {
  server = await startServerProcess([process.execPath, "--import", "tsx", "server/start.ts"], serverEnv(extra), /Auriko is running at http:\/\//);
  return server;
}

async function stop(): Promise<void> {
  const code = await server?.stop();
  server = undefined;
  expect(code).toBe(0);
}

/** Runs the server with this configuration, expecting it to give up; how it ended. */
function refused(extra: Record<string, string>): { code: number | null; output: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", "server/start.ts"], { env: serverEnv(extra), encoding: "utf8", timeout: 120_000 });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

/** The server's structured log lines (pino JSON on stderr). */
function logLines(output: string): Record<string, unknown>[] {
  return output
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function health(): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${port}/api/health`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  rmSync(DATA_DIR, { recursive: true, force: true });
  port = await freePort();
});

afterAll(async () => {
  await server?.stop();
}, 60_000);

describe("the master key in demo mode and in production", () => {
  it("demo mode keeps the key in the data folder and says at start that a copy of the folder decrypts every stored provider key", async () => {
    const s = await start({ AURIKO_SEED_DEMO: "true" });
    const warning = logLines(s.output()).find((l) => l.component === "bootstrap" && l.masterKeyInDataDir === true);
    expect(warning, s.output()).toBeDefined();
    expect(warning!.level).toBe(40);
    expect(warning!.file).toBe(SECRETS_FILE);
    expect(warning!.msg).toMatch(/^demo mode: the master key is stored in the data folder/);
    expect(warning!.msg).toContain("anyone with a copy of the data folder");
    expect(warning!.msg).toContain("can decrypt every stored provider key");
    expect(warning!.msg).toContain("AURIKO_MODE=production");
    expect(Buffer.from(readSecrets().masterKey!, "base64")).toHaveLength(32);
    // The demo seed stored a provider key (the mock provider's) sealed under the data folder's key.
    expect(await health()).toMatchObject({ status: 200, body: { status: "ok", checks: { database: "ok", vault: "ok" } } });
    await stop();
  }, 900_000);

  it("production refuses a master key that opens none of the stored provider keys, without printing a key, and stops its database", () => {
    const r = refused({ AURIKO_MODE: "production", AURIKO_MASTER_KEY: wrongKey, NEXTAUTH_SECRET: freshKey() });
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/Auriko could not start: AURIKO_MASTER_KEY opens none of the 1 stored provider keys sampled from the database/);
    expect(r.output).toContain("set AURIKO_MASTER_KEY to that key, or add it to AURIKO_MASTER_KEYS_PREVIOUS");
    expect(r.output).not.toContain(wrongKey);
    expect(r.output).not.toContain(readSecrets().masterKey!);
    // The embedded Postgres it had started is stopped again, not left running.
    expect(existsSync(resolve(DATA_DIR, "pg", "postmaster.pid"))).toBe(false);
  });

  it("demo mode starts with that key, and /api/health reports master_key_opens_nothing with 503", async () => {
    const s = await start({ AURIKO_MASTER_KEY: wrongKey });
    const h = await health();
    expect(h.status).toBe(503);
    expect(h.body).toEqual({ status: "unavailable", checks: { database: "ok", vault: "master_key_opens_nothing" }, time: expect.any(String) });
    const logged = logLines(s.output()).find((l) => l.component === "server" && l.level === 50);
    expect(logged?.msg, s.output()).toMatch(/^AURIKO_MASTER_KEY opens none of the 1 stored provider keys/);
    expect(s.output()).not.toContain(wrongKey);
    await stop();
  }, 900_000);

  it("production refuses to start without AURIKO_MASTER_KEY, naming the setting", () => {
    const r = refused({ AURIKO_MODE: "production", NEXTAUTH_SECRET: freshKey() });
    expect(r.code).toBe(1);
    expect(r.output).toContain("AURIKO_MODE=production requires AURIKO_MASTER_KEY");
  });

  it("production refuses the master key stored in the data folder, as the active or a previous key, without printing it", () => {
    const demoKey = readSecrets().masterKey!;
    const active = refused({ AURIKO_MODE: "production", AURIKO_MASTER_KEY: demoKey, NEXTAUTH_SECRET: freshKey() });
    expect(active.code).toBe(1);
    expect(active.output).toContain(`AURIKO_MASTER_KEY is also stored in the data folder (${SECRETS_FILE})`);
    expect(active.output).toContain("a copy of that folder decrypts every stored provider key");
    expect(active.output).toContain(`delete "masterKey" from ${SECRETS_FILE}`);
    expect(active.output).not.toContain(demoKey);

    const previous = refused({ AURIKO_MODE: "production", AURIKO_MASTER_KEY: freshKey(), AURIKO_MASTER_KEYS_PREVIOUS: demoKey, NEXTAUTH_SECRET: freshKey() });
    expect(previous.code).toBe(1);
    expect(previous.output).toContain("AURIKO_MASTER_KEYS_PREVIOUS is also stored in the data folder");
    expect(previous.output).not.toContain(demoKey);

    const session = readSecrets().nextauthSecret!;
    const signing = refused({ AURIKO_MODE: "production", AURIKO_MASTER_KEY: freshKey(), NEXTAUTH_SECRET: session });
    expect(signing.code).toBe(1);
    expect(signing.output).toContain("NEXTAUTH_SECRET is also stored in the data folder");
    expect(signing.output).not.toContain(session);
  });

  it("production starts with the master key from the environment once the data folder no longer holds it, and stores none there", async () => {
    const { masterKey, nextauthSecret, ...rest } = readSecrets();
    writeFileSync(SECRETS_FILE, JSON.stringify(rest, null, 2) + "\n", { mode: 0o600 });
    const s = await start({ AURIKO_MODE: "production", AURIKO_MASTER_KEY: masterKey!, NEXTAUTH_SECRET: nextauthSecret! });
    expect(s.output()).not.toContain(masterKey!);
    expect(await health()).toMatchObject({ status: 200, body: { checks: { database: "ok", vault: "ok" } } });
    await stop();
    expect(Object.keys(readSecrets())).not.toContain("masterKey");
    expect(Object.keys(readSecrets())).not.toContain("nextauthSecret");
  }, 900_000);
});
