import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type pg from "pg";
import { APP_ROLE } from "../../lib/db/migrate";
import { db, WORKSPACE_SCOPED_MODELS, WorkspaceScopeError } from "../../lib/db";
import { connect, ownerUrl } from "../support/db";
import { rlsProblems, runtimeRoleProblems, tenantTables } from "../support/rls-catalog";

let owner: pg.Client;
beforeAll(async () => {
  owner = await connect(ownerUrl());
});
afterAll(async () => {
  await owner.end();
});

describe("row-level security catalog", () => {
  it("every tenant table has RLS enabled and forced, a policy per command, none unconditional", async () => {
    const tables = await tenantTables(owner);
    expect(tables).toEqual(expect.arrayContaining(["workspaces", "memberships"]));
    expect(await rlsProblems(owner)).toEqual([]);
  });

  it("flags a tenant table added without RLS (the check can fail)", async () => {
    await owner.query("BEGIN");
    try {
      await owner.query("CREATE TABLE sneaky_notes (id uuid PRIMARY KEY, workspace_id uuid NOT NULL, body text)");
      const problems = await rlsProblems(owner);
      expect(problems).toEqual(
        expect.arrayContaining([
          { table: "sneaky_notes", problem: "row-level security is not enabled" },
          { table: "sneaky_notes", problem: "no policy for SELECT" },
        ]),
      );
      await owner.query("ALTER TABLE sneaky_notes ENABLE ROW LEVEL SECURITY");
      await owner.query("ALTER TABLE sneaky_notes FORCE ROW LEVEL SECURITY");
      await owner.query("CREATE POLICY open_all ON sneaky_notes USING (true) WITH CHECK (true)");
      const after = await rlsProblems(owner);
      expect(after.filter((p) => p.table === "sneaky_notes").map((p) => p.problem)).toEqual([
        "policy open_all is unconditional (true)",
        "policy open_all is unconditional (true)",
      ]);
    } finally {
      await owner.query("ROLLBACK");
    }
  });

  it("the runtime role is not superuser, cannot bypass RLS and owns nothing", async () => {
    expect(await runtimeRoleProblems(owner, APP_ROLE)).toEqual([]);
  });

  it("the workspace-scoped Prisma models are exactly the RLS tables", async () => {
    const schema = readFileSync("prisma/schema.prisma", "utf8");
    const modelTables = new Map<string, string>();
    for (const m of schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
      const table = /@@map\("([^"]+)"\)/.exec(m[2]!)?.[1] ?? m[1]!;
      modelTables.set(m[1]!, table);
    }
    const rlsTables = new Set(await tenantTables(owner));
    const expected = [...modelTables].filter(([, t]) => rlsTables.has(t)).map(([model]) => model).sort();
    expect([...WORKSPACE_SCOPED_MODELS].sort()).toEqual(expected);
  });

  it("the guarded client refuses workspace-scoped models outside withWorkspace", async () => {
    const client = db() as unknown as Record<string, { findMany: () => Promise<unknown> }>;
    for (const model of WORKSPACE_SCOPED_MODELS) {
      const key = model[0]!.toLowerCase() + model.slice(1);
      await expect(client[key]!.findMany()).rejects.toBeInstanceOf(WorkspaceScopeError);
    }
    await expect(db().user.count()).resolves.toBeTypeOf("number");
  });
});
