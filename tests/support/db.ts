import { randomUUID } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

/** Raw connections for tests that must see the database as a given role. */
export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

export const ownerUrl = () => inject("ownerUrl");
export const appUrl = () => inject("appUrl");

export function uniqueEmail(tag = "user"): string {
  return `${tag}-${randomUUID().slice(0, 8)}@example.test`;
}

/** The superuser on the test database: reads past RLS, as a backup or a stolen dump would. */
export function superDbUrl(): string {
  const database = new URL(inject("ownerUrl")).pathname;
  const u = new URL(inject("superUrl"));
  u.pathname = database;
  return u.toString();
}

/** Environment for a child process (CLI, proxy) that must use the test database and secrets. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: inject("ownerUrl"),
    AURIKO_APP_DATABASE_URL: inject("appUrl"),
    AURIKO_MASTER_KEY: inject("masterKey"),
    NEXTAUTH_SECRET: inject("nextauthSecret"),
    AURIKO_DATA_DIR: ".data/test",
    ...extra,
  };
}
