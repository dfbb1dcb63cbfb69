import { db, Role, withWorkspace } from "../../lib/db";
import { createSession } from "../../lib/auth/sessions";
import { createInvitation } from "../../lib/invitations";
import { addCredential } from "../../lib/credentials";
import { createApiKey } from "../../lib/keys";
import { resolveActor, type Principal } from "../../lib/workspaces/context";
import { makeUser, makeWorkspace } from "./fixtures";

export const principalOf = (u: { id: string; email: string }): Principal => ({ userId: u.id, email: u.email, ip: "203.0.113.7" });

/**
 * A principal on a real session row, as the console has. `elevated` marks the session as
 * having confirmed the password just now, so step-up actions run (lib/auth/recent-auth.ts).
 */
export async function sessionPrincipalOf(
  u: { id: string; email: string },
  opts: { elevated?: boolean; mfaEnabled?: boolean } = {},
): Promise<Principal & { sessionId: string }> {
  const { id: sessionId } = await createSession(u.id, { ip: "203.0.113.7", userAgent: "vitest" });
  if (opts.elevated) await db().userSession.update({ where: { id: sessionId }, data: { elevatedAt: new Date() } });
  return { ...principalOf(u), sessionId, ...(opts.mfaEnabled ? { mfaEnabled: true } : {}) };
}

/** A principal whose session has just confirmed it is them: what a sensitive action needs. */
export const elevatedPrincipalOf = (u: { id: string; email: string }, opts: { mfaEnabled?: boolean } = {}) =>
  sessionPrincipalOf(u, { ...opts, elevated: true });

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
