import { Role, withWorkspace } from "../../lib/db";
import { createInvitation } from "../../lib/invitations";
import { addCredential } from "../../lib/credentials";
import { createApiKey } from "../../lib/keys";
import { resolveActor, type Principal } from "../../lib/workspaces/context";
import { makeUser, makeWorkspace } from "./fixtures";

export const principalOf = (u: { id: string; email: string }): Principal => ({ userId: u.id, email: u.email, ip: "203.0.113.7" });

/**
 * A workspace with one of each role, a spare Member to act on, a pending invitation,
 * and an unrelated workspace whose owner is a stranger here.
 */
export async function workspaceFixture(name = "Fixture") {
  const { workspace, owner } = await makeWorkspace(name);
  const admin = await makeUser("admin");
  const member = await makeUser("member");
  const target = await makeUser("target");
  const memberships = await withWorkspace(workspace.id, async (tx) => {
    const add = (userId: string, role: Role) =>
      tx.membership.create({ data: { workspaceId: workspace.id, userId, role }, select: { id: true } });
    return {
      admin: await add(admin.id, Role.ADMIN),
      member: await add(member.id, Role.MEMBER),
      target: await add(target.id, Role.MEMBER),
      owner: (await tx.membership.findFirst({ where: { userId: owner.id }, select: { id: true } }))!,
    };
  });
  const ownerActor = await resolveActor(principalOf(owner), workspace.slug);
  const { invitation, link } = await createInvitation(ownerActor, { email: `invitee-${workspace.slug}@example.test`, role: Role.MEMBER });
  const credential = await addCredential(ownerActor, { provider: "mock", label: "fixture", key: `mock-key-${workspace.slug}`, password: owner.password });
  const targetActor = await resolveActor(principalOf(target), workspace.slug);
  const targetKey = await createApiKey(targetActor, { name: "target's key" });
  const other = await makeWorkspace(`${name} Other`);
  return { workspace, owner, admin, member, target, memberships, invitation, inviteLink: link, credential, targetKey, other };
}

export type WorkspaceFixture = Awaited<ReturnType<typeof workspaceFixture>>;

export async function membershipSnapshot(workspaceId: string) {
  return withWorkspace(workspaceId, async (tx) => ({
    memberships: await tx.membership.findMany({ select: { id: true, userId: true, role: true }, orderBy: { id: "asc" } }),
    workspace: await tx.workspace.findUnique({ where: { id: workspaceId }, select: { name: true, slug: true } }),
    invitations: await tx.invitation.findMany({ select: { id: true, revokedAt: true, acceptedAt: true }, orderBy: { id: "asc" } }),
  }));
}
