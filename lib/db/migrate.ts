import "server-only";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import pg from "pg";

/**
 * The project's migrator. Prisma's migrate engine cannot be downloaded offline, so
 * migrations are plain SQL in Prisma's folder layout, applied in name order, each in
 * its own transaction, recorded with a checksum. Safe to run at every start and from
 * several instances at once (an advisory lock serialises them).
 */

export const APP_ROLE = "app_user";
const LOCK_ID = 7_271_001;

export type MigrationResult = { applied: string[]; alreadyApplied: number };

export function listMigrations(dir = resolve("prisma/migrations")) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "migration.sql")))
    .map((d) => {
      const sql = readFileSync(join(dir, d.name, "migration.sql"), "utf8");
      return { name: d.name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The runtime role: may log in, owns nothing, cannot bypass RLS. Creating it needs
 * CREATEROLE on the owner; where an operator pre-created it, this only checks it.
 */
async function ensureAppRole(client: pg.Client, password: string | undefined) {
  const found = await client.query<{ rolsuper: boolean; rolbypassrls: boolean; rolcanlogin: boolean }>(
    "SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = $1",
    [APP_ROLE],
  );
  const role = client.escapeIdentifier(APP_ROLE);
  const attrs = "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT";
  if (found.rowCount === 0) {
    if (!password) throw new Error(`Role ${APP_ROLE} does not exist and no password was configured to create it`);
    await client.query(`CREATE ROLE ${role} ${attrs} PASSWORD ${client.escapeLiteral(password)}`);
  } else {
    const row = found.rows[0]!;
    if (row.rolsuper || row.rolbypassrls) {
      throw new Error(`Role ${APP_ROLE} must be NOSUPERUSER NOBYPASSRLS; refusing to run with it`);
    }
    if (password) await client.query(`ALTER ROLE ${role} LOGIN PASSWORD ${client.escapeLiteral(password)}`);
  }
  const db = client.escapeIdentifier((await client.query<{ db: string }>("SELECT current_database() AS db")).rows[0]!.db);
  await client.query(`GRANT CONNECT ON DATABASE ${db} TO ${role}`);
  await client.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
}

export async function migrate(
  ownerUrl: string,
  opts: { appRolePassword?: string; dir?: string; log?: (msg: string) => void } = {},
): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
    // Roles are cluster-wide: another database's migrator may touch the same catalog row at once.
    for (let attempt = 1; ; attempt++) {
      try {
        await ensureAppRole(client, opts.appRolePassword);
        break;
      } catch (err) {
        if (attempt >= 5 || !/tuple concurrently updated/.test((err as Error).message)) throw err;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
    await client.query(`CREATE TABLE IF NOT EXISTS _auriko_migrations (
      name text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    await client.query(`REVOKE ALL ON _auriko_migrations FROM PUBLIC`);
    const done = new Map(
      (await client.query<{ name: string; checksum: string }>("SELECT name, checksum FROM _auriko_migrations")).rows.map(
        (r) => [r.name, r.checksum],
      ),
    );
    const applied: string[] = [];
    for (const m of listMigrations(opts.dir)) {
      const seen = done.get(m.name);
      if (seen) {
        if (seen !== m.checksum) {
          throw new Error(`Migration ${m.name} was changed after it was applied; add a new migration instead`);
        }
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query("INSERT INTO _auriko_migrations (name, checksum) VALUES ($1, $2)", [m.name, m.checksum]);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${m.name} failed: ${(err as Error).message}`);
      }
      applied.push(m.name);
      opts.log?.(`applied migration ${m.name}`);
    }
    return { applied, alreadyApplied: done.size };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]).catch(() => {});
    await client.end();
  }
}
