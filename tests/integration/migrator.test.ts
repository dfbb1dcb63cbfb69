import { mkdirSync, mkdtempSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { listMigrations, migrate } from "../../lib/db/migrate";
import { connect } from "../support/db";

/** Each test gets its own database on the test cluster, owned by the owner role. */
const dbName = `auriko_migrator_${randomBytes(4).toString("hex")}`;
let url = "";

beforeAll(async () => {
  const su = await connect(inject("superUrl"));
  await su.query(`CREATE DATABASE ${dbName} OWNER auriko`);
  await su.end();
  const u = new URL(inject("ownerUrl"));
  u.pathname = `/${dbName}`;
  url = u.toString();
});

afterAll(async () => {
  const su = await connect(inject("superUrl"));
  await su.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await su.end();
});

describe("migrator", () => {
  it("applies every migration once, records it, and is a no-op the second time", async () => {
    const first = await migrate(url);
    expect(first.applied).toEqual(listMigrations().map((m) => m.name));
    const second = await migrate(url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toBe(first.applied.length);
    const c = await connect(url);
    const rows = await c.query("SELECT name FROM _auriko_migrations ORDER BY name");
    await c.end();
    expect(rows.rows.map((r) => r.name)).toEqual(first.applied);
  });

  it("runs safely from several instances at once", async () => {
    const results = await Promise.all([migrate(url), migrate(url), migrate(url)]);
    expect(results.flatMap((r) => r.applied)).toEqual([]);
  });

  it("refuses a migration edited after it was applied, and rolls back a failing one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "auriko-migrations-"));
    cpSync("prisma/migrations", dir, { recursive: true });
    const [firstMigration] = listMigrations(dir);
    writeFileSync(join(dir, firstMigration!.name, "migration.sql"), firstMigration!.sql + "\n-- edited\n");
    await expect(migrate(url, { dir })).rejects.toThrow(/was changed after it was applied/);

    const dir2 = mkdtempSync(join(tmpdir(), "auriko-migrations-"));
    cpSync("prisma/migrations", dir2, { recursive: true });
    mkdirSync(join(dir2, "99990101000000_broken"));
    writeFileSync(join(dir2, "99990101000000_broken", "migration.sql"), "CREATE TABLE half_done (id int);\nSELECT no_such_fn();");
    await expect(migrate(url, { dir: dir2 })).rejects.toThrow(/99990101000000_broken failed/);
    const c = await connect(url);
    const t = await c.query("SELECT to_regclass('public.half_done') AS t");
    const rec = await c.query("SELECT count(*)::int AS n FROM _auriko_migrations WHERE name = '99990101000000_broken'");
    await c.end();
    expect(t.rows[0].t).toBeNull();
    expect(rec.rows[0].n).toBe(0);
  });
});
