import type pg from "pg";

/**
 * What the catalog says about row-level security. A tenant table is any table in
 * `public` with a `workspace_id` column, plus `workspaces` itself.
 */
export type CatalogProblem = { table: string; problem: string };

const COMMANDS = ["SELECT", "INSERT", "UPDATE", "DELETE"] as const;

export async function tenantTables(client: pg.Client | pg.PoolClient): Promise<string[]> {
  const res = await client.query<{ table: string }>(`
    SELECT c.relname AS table
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
       AND (c.relname = 'workspaces' OR EXISTS (
             SELECT 1 FROM pg_attribute a
              WHERE a.attrelid = c.oid AND a.attname = 'workspace_id' AND NOT a.attisdropped))
     ORDER BY 1`);
  return res.rows.map((r) => r.table);
}

export async function rlsProblems(client: pg.Client | pg.PoolClient): Promise<CatalogProblem[]> {
  const problems: CatalogProblem[] = [];
  for (const table of await tenantTables(client)) {
    const rel = await client.query<{ rls: boolean; force: boolean }>(
      `SELECT relrowsecurity AS rls, relforcerowsecurity AS force FROM pg_class
        WHERE oid = ('public.' || quote_ident($1))::regclass`,
      [table],
    );
    if (!rel.rows[0]?.rls) problems.push({ table, problem: "row-level security is not enabled" });
    if (!rel.rows[0]?.force) problems.push({ table, problem: "row-level security is not forced" });
    const policies = await client.query<{ name: string; cmd: string; qual: string | null; check: string | null; permissive: string }>(
      `SELECT policyname AS name, cmd, qual, with_check AS check, permissive FROM pg_policies
        WHERE schemaname = 'public' AND tablename = $1`,
      [table],
    );
    for (const cmd of COMMANDS) {
      if (!policies.rows.some((p) => p.cmd === cmd || p.cmd === "ALL")) {
        problems.push({ table, problem: `no policy for ${cmd}` });
      }
    }
    for (const p of policies.rows) {
      for (const expr of [p.qual, p.check]) {
        if (expr !== null && /^\(?\s*true\s*\)?$/i.test(expr.trim())) {
          problems.push({ table, problem: `policy ${p.name} is unconditional (${expr})` });
        }
      }
    }
  }
  return problems;
}

export async function runtimeRoleProblems(client: pg.Client, role: string): Promise<string[]> {
  const problems: string[] = [];
  const r = await client.query<{ rolsuper: boolean; rolbypassrls: boolean; rolcreaterole: boolean; rolcreatedb: boolean }>(
    "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = $1",
    [role],
  );
  const row = r.rows[0];
  if (!row) return [`role ${role} does not exist`];
  if (row.rolsuper) problems.push("is superuser");
  if (row.rolbypassrls) problems.push("has BYPASSRLS");
  if (row.rolcreaterole) problems.push("has CREATEROLE");
  if (row.rolcreatedb) problems.push("has CREATEDB");
  const owned = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = $1
     UNION ALL SELECT n.nspname FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner WHERE r.rolname = $1
     UNION ALL SELECT p.proname FROM pg_proc p JOIN pg_roles r ON r.oid = p.proowner WHERE r.rolname = $1`,
    [role],
  );
  for (const o of owned.rows) problems.push(`owns ${o.name}`);
  const members = await client.query<{ name: string }>(
    `SELECT g.rolname AS name FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
      JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = $1`,
    [role],
  );
  for (const m of members.rows) problems.push(`is a member of ${m.name}`);
  return problems;
}
