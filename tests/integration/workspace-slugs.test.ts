import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { runAccountAction, runWorkspaceAction } from "../../lib/actions/registry";
import { withWorkspace } from "../../lib/db";
import { findMembershipBySlug, listWorkspacesOfUser } from "../../lib/db/privileged";
import { childEnv } from "../support/db";
import { makeUser } from "../support/fixtures";
import { principalOf } from "../support/workspace-fixture";

/**
 * Creating a workspace must not tell anyone whether another tenant already has one of that
 * name: the answer and the slug look the same either way (the name, then a random suffix),
 * there is no "taken" error and no `-2` numbering, and nothing in the answer is another
 * tenant's slug. Slugs never change, so no request can probe for a taken one either.
 */
const SLUG_SHAPE = (base: string) => new RegExp(`^${base}-[a-km-z2-9]{8}$`);

async function create(user: { id: string; email: string }, name: string) {
  const r = await runAccountAction("workspace.create", principalOf(user), { name });
  if (!r.ok) throw new Error(`workspace.create failed: ${r.error.code} ${r.error.message}`);
  return r.data;
}

/** The answer with what necessarily differs (ids, times, the slug's random part) blanked. */
function shape(ws: { slug: string } & Record<string, unknown>) {
  return { ...ws, id: "<id>", slug: ws.slug.replace(/-[a-km-z2-9]{8}$/, "-<random>"), createdAt: "<time>", updatedAt: "<time>" };
}

describe("workspace slugs reveal no other tenant", () => {
  it("a second tenant creating the same name gets an answer of the same shape, and never the first tenant's slug", async () => {
    const tag = randomBytes(3).toString("hex");
    const name = `Acme ${tag}`;
    const base = `acme-${tag}`;
    const a = await makeUser("slug-a");
    const b = await makeUser("slug-b");

    const first = await create(a, name);
    const second = await create(b, name);
    // The name was free for A and taken for B: both answers look alike.
    expect(first.slug).toMatch(SLUG_SHAPE(base));
    expect(second.slug).toMatch(SLUG_SHAPE(base));
    expect(second.slug).not.toBe(first.slug);
    expect(shape(second)).toEqual(shape(first));

    // Many more of the same name: all distinct, none numbered in sequence, none A's.
    const more = await Promise.all(Array.from({ length: 12 }, () => create(b, name)));
    const slugs = new Set([first.slug, second.slug, ...more.map((w) => w.slug)]);
    expect(slugs.size).toBe(14);
    for (const w of more) {
      expect(w.slug).toMatch(SLUG_SHAPE(base));
      expect(w.slug).not.toMatch(/-\d+$/);
    }

    // Nothing B can see names A's workspace.
    const bSees = await listWorkspacesOfUser(b.id);
    expect(bSees.map((w) => w.slug)).not.toContain(first.slug);
    expect(await findMembershipBySlug(b.id, first.slug)).toBeNull();
  });

  it("a brand-new name and a name another tenant holds get the same kind of slug from the CLI too", async () => {
    const tag = randomBytes(3).toString("hex");
    const holder = await makeUser("slug-holder");
    await create(holder, `Globex ${tag}`);
    const operatorOwner = await makeUser("slug-cli");
    const cli = (name: string) =>
      spawnSync(process.execPath, ["--import", "tsx", "scripts/cli.ts", "workspace:create", "--name", name, "--owner", operatorOwner.email], {
        encoding: "utf8",
        env: childEnv({ LOG_LEVEL: "error" }),
      });
    const taken = cli(`Globex ${tag}`);
    const fresh = cli(`Initech ${tag}`);
    expect(taken.status, taken.stderr).toBe(0);
    expect(fresh.status, fresh.stderr).toBe(0);
    expect(taken.stdout.trim()).toMatch(SLUG_SHAPE(`globex-${tag}`));
    expect(fresh.stdout.trim()).toMatch(SLUG_SHAPE(`initech-${tag}`));
    expect(taken.stderr).toBe(fresh.stderr);
  });

  it("another tenant's slug answers exactly like a slug that does not exist", async () => {
    const a = await makeUser("slug-owner");
    const b = await makeUser("slug-prober");
    const theirs = await create(a, `Hooli ${randomBytes(3).toString("hex")}`);
    const mine = await create(b, "Prober");
    const nowhere = `hooli-${randomBytes(4).toString("hex")}`;
    for (const action of ["workspace.rename", "workspace.delete"] as const) {
      const input = action === "workspace.rename" ? { name: "Mine now" } : { confirmSlug: theirs.slug };
      const probeTaken = await runWorkspaceAction(action, principalOf(b), theirs.slug, input as never);
      const probeFree = await runWorkspaceAction(action, principalOf(b), nowhere, input as never);
      expect(probeTaken.ok).toBe(false);
      expect(probeTaken).toEqual(probeFree);
    }
    // Renaming changes the display name only; a slug cannot be asked for, taken or not.
    expect((await runWorkspaceAction("workspace.rename", principalOf(b), mine.slug, { name: theirs.name })).ok).toBe(true);
    const toTaken = await runWorkspaceAction("workspace.rename", principalOf(b), mine.slug, { name: "x", slug: theirs.slug } as never);
    const toFree = await runWorkspaceAction("workspace.rename", principalOf(b), mine.slug, { name: "x", slug: nowhere } as never);
    expect(toTaken.ok).toBe(false);
    expect(toTaken).toEqual(toFree);
    const after = await withWorkspace(mine.id, (tx) => tx.workspace.findUnique({ where: { id: mine.id }, select: { slug: true, name: true } }));
    expect(after).toEqual({ slug: mine.slug, name: theirs.name });
  });
});
