import { describe, expect, it } from "vitest";
import { runWorkspaceAction } from "../../lib/actions/registry";
import { elevatedPrincipalOf, membershipSnapshot, workspaceFixture } from "../support/workspace-fixture";

/** Each attempt must be refused and leave the database exactly as it was. */
async function refusedWithoutChange(
  f: Awaited<ReturnType<typeof workspaceFixture>>,
  attempt: () => Promise<{ ok: boolean; error?: { code: string } }>,
  code: string,
) {
  const before = await membershipSnapshot(f.workspace.id);
  const result = await attempt();
  expect(result.ok).toBe(false);
  expect(result.error?.code).toBe(code);
  expect(await membershipSnapshot(f.workspace.id)).toEqual(before);
}

describe("escalation attempts are refused with no change", () => {
  it("an Admin cannot promote self or others to Owner or Admin", async () => {
    const f = await workspaceFixture("Esc promote");
    const admin = await elevatedPrincipalOf(f.admin);
    const slug = f.workspace.slug;
    await refusedWithoutChange(f, () => runWorkspaceAction("members.changeRole", admin, slug, { membershipId: f.memberships.admin.id, role: "OWNER" }), "FORBIDDEN");
    await refusedWithoutChange(f, () => runWorkspaceAction("members.changeRole", admin, slug, { membershipId: f.memberships.member.id, role: "ADMIN" }), "FORBIDDEN");
    await refusedWithoutChange(f, () => runWorkspaceAction("members.changeRole", admin, slug, { membershipId: f.memberships.member.id, role: "OWNER" }), "FORBIDDEN");
    await refusedWithoutChange(f, () => runWorkspaceAction("members.invite", admin, slug, { email: "boss@example.test", role: "ADMIN" }), "FORBIDDEN");
    await refusedWithoutChange(f, () => runWorkspaceAction("members.invite", admin, slug, { email: "boss@example.test", role: "OWNER" }), "FORBIDDEN");
    await refusedWithoutChange(f, () => runWorkspaceAction("workspace.transfer", admin, slug, { membershipId: f.memberships.admin.id }), "FORBIDDEN");
  });

  it("an Admin cannot demote or remove an Owner, or touch another Admin", async () => {
    const f = await workspaceFixture("Esc owner");
    const admin = await elevatedPrincipalOf(f.admin);
    const slug = f.workspace.slug;
    await refusedWithoutChange(f, () => runWorkspaceAction("members.changeRole", admin, slug, { membershipId: f.memberships.owner.id, role: "MEMBER" }), "FORBIDDEN");
    await refusedWithoutChange(f, () => runWorkspaceAction("members.remove", admin, slug, { membershipId: f.memberships.owner.id }), "FORBIDDEN");
    const secondAdmin = await runWorkspaceAction("members.changeRole", await elevatedPrincipalOf(f.owner), slug, { membershipId: f.memberships.target.id, role: "ADMIN" });
    expect(secondAdmin.ok).toBe(true);
    await refusedWithoutChange(f, () => runWorkspaceAction("members.remove", admin, slug, { membershipId: f.memberships.target.id }), "FORBIDDEN");
    await refusedWithoutChange(f, () => runWorkspaceAction("members.changeRole", admin, slug, { membershipId: f.memberships.target.id, role: "MEMBER" }), "FORBIDDEN");
  });

  it("the last Owner cannot be demoted, removed or leave", async () => {
    const f = await workspaceFixture("Esc last");
    const owner = await elevatedPrincipalOf(f.owner);
    const slug = f.workspace.slug;
    await refusedWithoutChange(f, () => runWorkspaceAction("members.changeRole", owner, slug, { membershipId: f.memberships.owner.id, role: "ADMIN" }), "LAST_OWNER");
    await refusedWithoutChange(f, () => runWorkspaceAction("workspace.leave", owner, slug, {}), "LAST_OWNER");
    await refusedWithoutChange(f, () => runWorkspaceAction("members.remove", owner, slug, { membershipId: f.memberships.owner.id }), "VALIDATION");
  });

  it("two Owners demoting each other at once still leave one Owner", async () => {
    const f = await workspaceFixture("Esc race");
    const slug = f.workspace.slug;
    expect((await runWorkspaceAction("members.changeRole", await elevatedPrincipalOf(f.owner), slug, { membershipId: f.memberships.admin.id, role: "OWNER" })).ok).toBe(true);
    const results = await Promise.all([
      runWorkspaceAction("members.changeRole", await elevatedPrincipalOf(f.owner), slug, { membershipId: f.memberships.admin.id, role: "MEMBER" }),
      runWorkspaceAction("members.changeRole", await elevatedPrincipalOf(f.admin), slug, { membershipId: f.memberships.owner.id, role: "MEMBER" }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const after = await membershipSnapshot(f.workspace.id);
    expect(after.memberships.filter((m) => m.role === "OWNER")).toHaveLength(1);
  });

  it("a Member cannot invite, change roles or remove anyone", async () => {
    const f = await workspaceFixture("Esc member");
    const member = await elevatedPrincipalOf(f.member);
    const slug = f.workspace.slug;
    await refusedWithoutChange(f, () => runWorkspaceAction("members.invite", member, slug, { email: "x@example.test", role: "MEMBER" }), "FORBIDDEN");
    await refusedWithoutChange(f, () => runWorkspaceAction("members.changeRole", member, slug, { membershipId: f.memberships.member.id, role: "ADMIN" }), "FORBIDDEN");
    await refusedWithoutChange(f, () => runWorkspaceAction("members.remove", member, slug, { membershipId: f.memberships.target.id }), "FORBIDDEN");
    await refusedWithoutChange(f, () => runWorkspaceAction("invitations.revoke", member, slug, { invitationId: f.invitation.id }), "FORBIDDEN");
  });

  it("an injected role or workspaceId field is refused", async () => {
    const f = await workspaceFixture("Esc inject");
    const slug = f.workspace.slug;
    await refusedWithoutChange(f, async () => runWorkspaceAction("workspace.leave", await elevatedPrincipalOf(f.member), slug, { role: "OWNER" }), "VALIDATION");
    await refusedWithoutChange(
      f,
      async () => runWorkspaceAction("members.remove", await elevatedPrincipalOf(f.admin), slug, { membershipId: f.memberships.target.id, workspaceId: f.other.workspace.id }),
      "VALIDATION",
    );
    await refusedWithoutChange(f, async () => runWorkspaceAction("workspace.rename", await elevatedPrincipalOf(f.owner), slug, { name: "x", role: "OWNER" }), "VALIDATION");
  });

  it("ids from another workspace are not found, and that workspace is unchanged", async () => {
    const f = await workspaceFixture("Esc ids");
    const otherBefore = await membershipSnapshot(f.other.workspace.id);
    const otherOwnerMembership = otherBefore.memberships[0]!.id;
    const owner = await elevatedPrincipalOf(f.owner);
    const r1 = await runWorkspaceAction("members.remove", owner, f.workspace.slug, { membershipId: otherOwnerMembership });
    const r2 = await runWorkspaceAction("members.changeRole", owner, f.workspace.slug, { membershipId: otherOwnerMembership, role: "MEMBER" });
    expect([r1.ok, r2.ok]).toEqual([false, false]);
    expect([r1, r2].map((r) => (r.ok ? "ok" : r.error.code))).toEqual(["NOT_FOUND", "NOT_FOUND"]);
    expect(await membershipSnapshot(f.other.workspace.id)).toEqual(otherBefore);
  });
});
