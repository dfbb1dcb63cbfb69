import "server-only";
import { withWorkspace, type Tx } from "../db";
import { recordAudit } from "../audit";
import { AppError } from "../errors";
import { apiKeysChanged } from "../keys/key-changes";
import { notifyKeysRevoked } from "../keys/manage-api-keys";
import { revokeKeysCreatedBy } from "../keys/revoke-member-keys";
import { recordSecurityEvent } from "../security-events";
import { assertCan, assertCanAssign, assertCanManage, isLowerRole, type Role } from "../rbac";
import type { Actor } from "./context";

const LAST_OWNER = "A workspace must keep at least one owner. Make someone else an owner first.";

/** The deferred trigger memberships_keep_an_owner is the last wall; map it to a typed error. */
export function mapLastOwner(err: unknown): never {
  const text = err instanceof Error ? err.message : String(err);
  if (/at least one owner/.test(text)) throw new AppError("LAST_OWNER", LAST_OWNER);
  throw err;
}

/** Locks the workspace's owner rows so concurrent demotions and departures are serialised. */
async function lockOwners(tx: Tx, workspaceId: string) {
  await tx.$queryRaw`SELECT id FROM memberships WHERE workspace_id = ${workspaceId}::uuid AND role = 'OWNER' FOR UPDATE`;
}

async function lockedTarget(tx: Tx, actor: Actor, membershipId: string) {
  await lockOwners(tx, actor.workspaceId);
  const target = await tx.membership.findFirst({
    where: { id: membershipId, workspaceId: actor.workspaceId },
    select: { id: true, userId: true, role: true, user: { select: { email: true } } },
  });
  if (!target) throw new AppError("NOT_FOUND", "That member is not in this workspace.");
  return target;
}

async function ownerCount(tx: Tx, workspaceId: string) {
  return tx.membership.count({ where: { workspaceId, role: "OWNER" } });
}

export async function listMembers(actor: Actor) {
  assertCan(actor.role, "members.view");
  return withWorkspace(actor.workspaceId, (tx) =>
    tx.membership.findMany({
      where: { workspaceId: actor.workspaceId },
      select: { id: true, role: true, createdAt: true, userId: true, user: { select: { email: true, name: true } } },
      orderBy: [{ role: "asc" }, { createdAt: "asc" }],
    }),
  );
}

/**
 * Lowering a role revokes the member's API keys in this workspace unless the Owner or
 * Admin making the change unticks it (`revokeKeys: false`); raising a role never does.
 */
export async function changeMemberRole(actor: Actor, input: { membershipId: string; role: Role; revokeKeys?: boolean }) {
  assertCan(actor.role, "members.changeRole");
  const result = await withWorkspace(actor.workspaceId, async (tx) => {
    const target = await lockedTarget(tx, actor, input.membershipId);
    assertCanManage(actor.role, target.role);
    assertCanAssign(actor.role, input.role);
    if (target.role === input.role) return { ...target, from: target.role, revoked: [] as { name: string; prefix: string }[] };
    if (target.role === "OWNER" && (await ownerCount(tx, actor.workspaceId)) <= 1) throw new AppError("LAST_OWNER", LAST_OWNER);
    await tx.membership.update({ where: { id: target.id }, data: { role: input.role } });
    const lowered = isLowerRole(input.role, target.role);
    const revoke = lowered && input.revokeKeys !== false;
    await recordAudit(tx, actor.workspaceId, {
      action: "member.role_changed",
      actor,
      target: { type: "user", id: target.userId, label: target.user.email },
      ip: actor.ip,
      details: { from: target.role, to: input.role, ...(lowered ? { keysRevoked: revoke } : {}) },
    });
    const revoked = revoke ? await revokeKeysCreatedBy(tx, actor.workspaceId, { userId: target.userId, email: target.user.email }, actor, "role_lowered") : [];
    return { ...target, from: target.role, role: input.role, revoked };
  }).catch(mapLastOwner);
  const { revoked, from, ...member } = result;
  if (revoked.length > 0) apiKeysChanged();
  if (from !== member.role) {
    await recordSecurityEvent({
      userId: member.userId,
      kind: "role_changed",
      ip: actor.ip,
      details: { workspace: actor.workspaceName, from, to: member.role, by: actor.email },
    });
    if (member.userId !== actor.userId) await notifyKeysRevoked(member.userId, actor, revoked, "role_lowered");
  }
  return { ...member, revokedKeys: revoked.length };
}

/** Removing a member always revokes the API keys they created in this workspace. */
export async function removeMember(actor: Actor, input: { membershipId: string }) {
  assertCan(actor.role, "members.remove");
  const revokedKeys = await withWorkspace(actor.workspaceId, async (tx) => {
    const target = await lockedTarget(tx, actor, input.membershipId);
    if (target.userId === actor.userId) throw new AppError("VALIDATION", "Use “Leave workspace” to remove yourself.");
    assertCanManage(actor.role, target.role);
    if (target.role === "OWNER" && (await ownerCount(tx, actor.workspaceId)) <= 1) throw new AppError("LAST_OWNER", LAST_OWNER);
    await tx.membership.delete({ where: { id: target.id } });
    await recordAudit(tx, actor.workspaceId, {
      action: "member.removed",
      actor,
      target: { type: "user", id: target.userId, label: target.user.email },
      ip: actor.ip,
      details: { role: target.role },
    });
    // Always: a key must not outlive its creator's membership (docs/decisions.md).
    const keys = await revokeKeysCreatedBy(tx, actor.workspaceId, { userId: target.userId, email: target.user.email }, actor, "member_removed");
    return { owner: target.userId, keys };
  }).catch(mapLastOwner);
  apiKeysChanged();
  await notifyKeysRevoked(revokedKeys.owner, actor, revokedKeys.keys, "member_removed");
  return { revokedKeys: revokedKeys.keys.length };
}

export async function leaveWorkspace(actor: Actor) {
  assertCan(actor.role, "workspace.leave");
  await withWorkspace(actor.workspaceId, async (tx) => {
    await lockOwners(tx, actor.workspaceId);
    if (actor.role === "OWNER" && (await ownerCount(tx, actor.workspaceId)) <= 1) throw new AppError("LAST_OWNER", LAST_OWNER);
    const r = await tx.membership.deleteMany({ where: { workspaceId: actor.workspaceId, userId: actor.userId } });
    if (r.count === 0) throw new AppError("NOT_FOUND", "You are not a member of this workspace.");
    await recordAudit(tx, actor.workspaceId, {
      action: "member.left",
      actor,
      target: { type: "user", id: actor.userId, label: actor.email },
      ip: actor.ip,
    });
    await revokeKeysCreatedBy(tx, actor.workspaceId, { userId: actor.userId, email: actor.email }, actor, "member_left");
  }).catch(mapLastOwner);
  apiKeysChanged();
}

/** Makes another member an Owner and the acting Owner an Admin, atomically. */
export async function transferOwnership(actor: Actor, input: { membershipId: string }) {
  assertCan(actor.role, "workspace.transfer");
  const target = await withWorkspace(actor.workspaceId, async (tx) => {
    const target = await lockedTarget(tx, actor, input.membershipId);
    if (target.userId === actor.userId) throw new AppError("VALIDATION", "Choose another member to transfer ownership to.");
    await tx.membership.update({ where: { id: target.id }, data: { role: "OWNER" } });
    await tx.membership.updateMany({ where: { workspaceId: actor.workspaceId, userId: actor.userId }, data: { role: "ADMIN" } });
    await recordAudit(tx, actor.workspaceId, {
      action: "workspace.ownership_transferred",
      actor,
      target: { type: "user", id: target.userId, label: target.user.email },
      ip: actor.ip,
      details: { previousRole: target.role },
    });
    return target;
  }).catch(mapLastOwner);
  if (target.role !== "OWNER") {
    await recordSecurityEvent({
      userId: target.userId,
      kind: "role_changed",
      ip: actor.ip,
      details: { workspace: actor.workspaceName, from: target.role, to: "OWNER", by: actor.email },
    });
  }
}

