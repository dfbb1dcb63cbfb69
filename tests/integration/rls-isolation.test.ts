import { beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { Role, withWorkspace } from "../../lib/db";
import { appUrl, connect } from "../support/db";
import { makeUser, makeWorkspace } from "../support/fixtures";

let A: Awaited<ReturnType<typeof makeWorkspace>>;
let B: Awaited<ReturnType<typeof makeWorkspace>>;

beforeAll(async () => {
  A = await makeWorkspace("Alpha");
  B = await makeWorkspace("Bravo");
});

describe("cross-workspace isolation as app_user", () => {
  it("with A's context, B's rows are invisible to select", async () => {
    const seen = await withWorkspace(A.workspace.id, async (tx) => ({
      workspaces: await tx.workspace.findMany({ select: { id: true } }),
      memberships: await tx.membership.findMany({ select: { workspaceId: true } }),
      bById: await tx.workspace.findUnique({ where: { id: B.workspace.id } }),
    }));
    expect(seen.workspaces.map((w) => w.id)).toEqual([A.workspace.id]);
    expect(new Set(seen.memberships.map((m) => m.workspaceId))).toEqual(new Set([A.workspace.id]));
    expect(seen.bById).toBeNull();
  });

  it("with A's context, B's rows cannot be updated or deleted", async () => {
    const result = await withWorkspace(A.workspace.id, async (tx) => ({
      renamed: await tx.workspace.updateMany({ where: { id: B.workspace.id }, data: { name: "pwned" } }),
      demoted: await tx.membership.updateMany({ where: { workspaceId: B.workspace.id }, data: { role: Role.MEMBER } }),
      deleted: await tx.membership.deleteMany({ where: { workspaceId: B.workspace.id } }),
      wsDeleted: await tx.workspace.deleteMany({ where: { id: B.workspace.id } }),
    }));
    expect(result).toEqual({ renamed: { count: 0 }, demoted: { count: 0 }, deleted: { count: 0 }, wsDeleted: { count: 0 } });
    const bState = await withWorkspace(B.workspace.id, async (tx) => ({
      ws: await tx.workspace.findUnique({ where: { id: B.workspace.id } }),
      members: await tx.membership.findMany(),
    }));
    expect(bState.ws?.name).toBe("Bravo");
    expect(bState.members).toHaveLength(1);
    expect(bState.members[0]!.role).toBe(Role.OWNER);
  });

  it("inserting into B or moving a row into B from A's context is refused", async () => {
    const intruder = await makeUser("intruder");
    await expect(
      withWorkspace(A.workspace.id, (tx) =>
        tx.membership.create({ data: { workspaceId: B.workspace.id, userId: intruder.id, role: Role.OWNER } }),
      ),
    ).rejects.toThrow();
    const mine = await withWorkspace(A.workspace.id, (tx) =>
      tx.membership.create({ data: { workspaceId: A.workspace.id, userId: intruder.id, role: Role.MEMBER } }),
    );
    await expect(
      withWorkspace(A.workspace.id, (tx) =>
        tx.membership.update({ where: { id: mine.id }, data: { workspaceId: B.workspace.id } }),
      ),
    ).rejects.toThrow();
    const bMembers = await withWorkspace(B.workspace.id, (tx) => tx.membership.findMany({ where: { userId: intruder.id } }));
    expect(bMembers).toEqual([]);
  });

  it("with no context, nothing is visible", async () => {
    const client = await connect(appUrl());
    try {
      const r = await client.query("SELECT (SELECT count(*) FROM workspaces) AS w, (SELECT count(*) FROM memberships) AS m");
      expect(r.rows[0]).toEqual({ w: "0", m: "0" });
      await expect(client.query("INSERT INTO workspaces (slug, name) VALUES ('x-no-ctx', 'x')")).rejects.toThrow(
        /row-level security/,
      );
    } finally {
      await client.end();
    }
  });

  it("a context set in one transaction is gone in the next on the same pooled connection", async () => {
    const pool = new pg.Pool({ connectionString: appUrl(), max: 3 });
    const ids = [A.workspace.id, B.workspace.id];
    const leaks: string[] = [];
    try {
      await Promise.all(
        Array.from({ length: 120 }, async (_, i) => {
          const ws = ids[i % 2]!;
          const client = await pool.connect();
          try {
            await client.query("BEGIN");
            await client.query("SELECT set_config('app.workspace_id', $1, true)", [ws]);
            const rows = await client.query<{ workspace_id: string }>("SELECT workspace_id FROM memberships");
            if (rows.rows.length === 0) leaks.push(`${i}: saw nothing in its own workspace`);
            for (const r of rows.rows) if (r.workspace_id !== ws) leaks.push(`${i}: saw ${r.workspace_id}`);
            await client.query("COMMIT");
            const after = await client.query("SELECT count(*)::int AS n, current_setting('app.workspace_id', true) AS ctx FROM memberships");
            if (after.rows[0].n !== 0 || (after.rows[0].ctx ?? "") !== "") leaks.push(`${i}: context outlived its transaction`);
          } finally {
            client.release();
          }
        }),
      );
    } finally {
      await pool.end();
    }
    expect(leaks).toEqual([]);
  });

  it("interleaved withWorkspace transactions through Prisma never see each other's rows", async () => {
    const ids = [A.workspace.id, B.workspace.id];
    const seen = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        withWorkspace(ids[i % 2]!, async (tx) => {
          const rows = await tx.membership.findMany({ select: { workspaceId: true } });
          return { expected: ids[i % 2]!, got: [...new Set(rows.map((r) => r.workspaceId))] };
        }),
      ),
    );
    for (const s of seen) expect(s.got).toEqual([s.expected]);
  });
});
