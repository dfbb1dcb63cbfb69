import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runAccountAction, runWorkspaceAction } from "../../lib/actions/registry";
import { withWorkspace } from "../../lib/db";
import { listWorkspacesOfUser } from "../../lib/db/privileged";
import { childEnv } from "../support/db";
import { makeUser } from "../support/fixtures";
import { enableMfa } from "../support/mfa";
import { principalOf, workspaceFixture } from "../support/workspace-fixture";

/**
 * The server side of the console polish (issue #22): workspace names over 80 characters are
 * refused with NAME_TOO_LONG on create, rename and in the CLI, never cut; the Mock provider
 * is added without a key while real providers still need one; the Owner can list who has no
 * two-factor authentication before requiring it.
 */
const longName = (tag: string) => `${tag} ${"A".repeat(270 - tag.length - 1)}`;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], { encoding: "utf8", env: childEnv({ LOG_LEVEL: "error" }) });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

describe("workspace name length", () => {
  it("refuses a 270-character name with NAME_TOO_LONG on the name field, and stores nothing", async () => {
    const user = await makeUser("long-name");
    const NAME_270 = longName(user.id);
    const refused = await runAccountAction("workspace.create", principalOf(user), { name: NAME_270 });
    expect(refused).toEqual({
      ok: false,
      error: { code: "NAME_TOO_LONG", field: "name", message: "This name has 270 characters; a workspace name can have at most 80. Shorten it and try again." },
    });
    expect(await listWorkspacesOfUser(user.id)).toEqual([]);

    // 80 characters exactly (after trimming) is fine, and stored whole.
    const name = `${"B".repeat(80)}`;
    const created = await runAccountAction("workspace.create", principalOf(user), { name: `  ${name}  ` });
    expect(created.ok).toBe(true);
    const slug = created.ok ? created.data.slug : "";
    expect((await listWorkspacesOfUser(user.id)).map((w) => w.name)).toEqual([name]);

    // Rename: the same error, and the name stays as it was.
    const renamed = await runWorkspaceAction("workspace.rename", principalOf(user), slug, { name: "C".repeat(81) });
    expect(renamed).toMatchObject({ ok: false, error: { code: "NAME_TOO_LONG", field: "name", message: expect.stringContaining("81 characters") } });
    expect((await listWorkspacesOfUser(user.id)).map((w) => w.name)).toEqual([name]);
  });

  it("the CLI refuses it too, with the same message", async () => {
    const user = await makeUser("cli-long-name");
    const NAME_270 = longName(user.id);
    const r = cli(["workspace:create", "--name", NAME_270, "--owner", user.email]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("This name has 270 characters; a workspace name can have at most 80.");
    expect(await listWorkspacesOfUser(user.id)).toEqual([]);
  }, 30_000);
});

describe("the Mock provider needs no key", () => {
  it("adds a Mock credential with the key left empty; a real provider still asks for one", async () => {
    const f = await workspaceFixture("Mock no key");
    const owner = principalOf(f.owner);
    const added = await runWorkspaceAction("providers.add", owner, f.workspace.slug, { provider: "mock", label: "keyless", key: "", password: f.owner.password });
    expect(added).toMatchObject({ ok: true, data: { provider: "mock", label: "keyless", last4: expect.stringMatching(/^[0-9a-f]{4}$/) } });
    const missing = await runWorkspaceAction("providers.add", owner, f.workspace.slug, { provider: "openai", key: "", password: f.owner.password });
    expect(missing).toMatchObject({ ok: false, error: { code: "VALIDATION", field: "key", message: "Paste the provider's API key." } });
    const rows = await withWorkspace(f.workspace.id, (tx) => tx.providerCredential.findMany({ where: { workspaceId: f.workspace.id }, select: { provider: true } }));
    expect(rows.map((r) => r.provider).sort()).toEqual(["mock", "mock"]);
  });
});

describe("MFA compliance before a policy", () => {
  it("lists the members without two-factor authentication, by address and role, to the Owner only", async () => {
    const f = await workspaceFixture("Compliance");
    await enableMfa(f.admin);
    const result = await runWorkspaceAction("workspace.mfaCompliance", principalOf(f.owner), f.workspace.slug, {});
    expect(result.ok).toBe(true);
    const list = result.ok ? result.data : [];
    expect(list.map((m) => [m.email, m.role]).sort()).toEqual(
      [
        [f.owner.email, "OWNER"],
        [f.member.email, "MEMBER"],
        [f.target.email, "MEMBER"],
      ].sort(),
    );
    expect(list.map((m) => m.email)).not.toContain(f.admin.email);
    expect(await runWorkspaceAction("workspace.mfaCompliance", principalOf(f.admin), f.workspace.slug, {})).toMatchObject({
      ok: false,
      error: { code: "FORBIDDEN" },
    });
  });
});
