import { withWorkspace } from "../db";
import { recordAudit } from "../audit";
import { AppError } from "../errors";
import { assertCan } from "../rbac";
import type { Actor } from "./context";

export async function renameWorkspace(actor: Actor, input: { name: string }) {
  assertCan(actor.role, "workspace.rename");
  const name = input.name.trim();
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
