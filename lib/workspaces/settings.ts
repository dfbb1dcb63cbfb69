import "server-only";
import { withWorkspace } from "../db";
import { recordAudit } from "../audit";
import { AppError } from "../errors";
import { assertCan } from "../rbac";
import { mfaPolicyCovers, type Actor } from "./context";
import { checkWorkspaceName } from "./workspace-name";
import type { MfaPolicy } from "../db/generated/client.ts";

export async function renameWorkspace(actor: Actor, input: { name: string }) {
  assertCan(actor.role, "workspace.rename");
  const name = checkWorkspaceName(input.name);
  await withWorkspace(actor.workspaceId, async (tx) => {
    await tx.workspace.update({ where: { id: actor.workspaceId }, data: { name } });
    await recordAudit(tx, actor.workspaceId, {
      action: "workspace.renamed",
      actor,
      target: { type: "workspace", id: actor.workspaceId, label: name },
      ip: actor.ip,
      details: { from: actor.workspaceName, to: name },
    });
  });
}

/**
 * Deletes the workspace and, by cascade, everything in it (members, invitations,
 * audit log, and in later releases its credentials and keys). The caller must type
 * the slug to confirm.
 */
export async function deleteWorkspace(actor: Actor, input: { confirmSlug: string }) {
  assertCan(actor.role, "workspace.delete");
  if (input.confirmSlug.trim() !== actor.slug) {
    throw new AppError("VALIDATION", "Type the workspace's slug exactly to confirm.", { field: "confirmSlug" });
  }
  await withWorkspace(actor.workspaceId, (tx) => tx.workspace.delete({ where: { id: actor.workspaceId } }));
}

/**
 * Members without two-factor authentication, for the Owner deciding on the MFA policy:
 * who a stricter policy would lock out of the console until they set it up. Only names,
 * addresses and roles of this workspace's members; nothing about their other workspaces.
 */
export async function listMfaCompliance(actor: Actor) {
  assertCan(actor.role, "workspace.securityPolicy");
  const rows = await withWorkspace(actor.workspaceId, (tx) =>
    tx.membership.findMany({
      where: { workspaceId: actor.workspaceId },
      select: { id: true, role: true, user: { select: { email: true, name: true, mfaEnabledAt: true } } },
      orderBy: [{ role: "asc" }, { createdAt: "asc" }],
    }),
  );
  return rows
    .filter((m) => !m.user.mfaEnabledAt)
    .map((m) => ({ membershipId: m.id, role: m.role, email: m.user.email, name: m.user.name }));
}

/**
 * The workspace's MFA policy (Owner only). An Owner cannot switch on a policy that
 * would shut themselves out: they turn on two-factor authentication first.
 */
export async function setMfaPolicy(actor: Actor, input: { policy: MfaPolicy }) {
  assertCan(actor.role, "workspace.securityPolicy");
  if (mfaPolicyCovers(input.policy, actor.role) && !actor.mfaEnabled) {
    throw new AppError("VALIDATION", "Turn on two-factor authentication for your own account first.", { field: "policy" });
  }
  await withWorkspace(actor.workspaceId, async (tx) => {
    await tx.workspace.update({ where: { id: actor.workspaceId }, data: { mfaPolicy: input.policy } });
    await recordAudit(tx, actor.workspaceId, {
      action: "workspace.mfa_policy_changed",
      actor,
      target: { type: "workspace", id: actor.workspaceId, label: actor.workspaceName },
      ip: actor.ip,
      details: { from: actor.mfaPolicy, to: input.policy },
    });
  });
}
