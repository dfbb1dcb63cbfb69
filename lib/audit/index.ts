import "server-only";
import type { Prisma, Tx } from "../db";
import { withWorkspace } from "../db";

/**
 * Append-only audit events per workspace. Callers pass identifiers and labels only:
 * never passwords, tokens, keys, codes or request content. `details` is for small
 * non-secret facts (a role before and after, a count).
 */
export type AuditInput = {
  action: string;
  actor?: { userId?: string | null; email?: string | null };
  target?: { type: string; id?: string | null; label?: string | null };
  ip?: string | null;
  details?: Record<string, string | number | boolean | null>;
};

export const AUDIT_ACTIONS = [
  "auth.sign_in",
  "auth.sign_in_failed",
  "auth.sign_out_all",
  "auth.session_ended",
  "auth.password_changed",
  "auth.password_reset_requested",
  "auth.password_reset",
  "workspace.created",
  "workspace.renamed",
  "workspace.ownership_transferred",
  "member.role_changed",
  "member.removed",
  "member.left",
  "member.joined",
  "member.suspended",
  "member.unsuspended",
  "invitation.created",
  "invitation.revoked",
  "invitation.accepted",
  "credential.created",
  "credential.replaced",
  "credential.deleted",
  "credential.tested",
  "credential.unreadable",
  "api_key.created",
  "api_key.revoked",
  "api_key.suspended",
  "api_key.unsuspended",
  "workspace.mfa_policy_changed",
  "workspace.cors_changed",
  "mfa.enabled",
  "mfa.disabled",
  "mfa.recovery_codes_regenerated",
  "mfa.recovery_code_used",
  "mfa.challenge_failed",
  "mfa.reset_by_operator",
  "security.notice_sent",
  "security.notice_read",
] as const;

export async function recordAudit(tx: Tx, workspaceId: string, e: AuditInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      workspaceId,
      action: e.action,
      actorUserId: e.actor?.userId ?? null,
      actorEmail: e.actor?.email ?? null,
      targetType: e.target?.type ?? null,
      targetId: e.target?.id ?? null,
      targetLabel: e.target?.label ?? null,
      ip: e.ip ?? null,
      details: (e.details ?? {}) as Prisma.InputJsonObject,
    },
  });
}

/** Records the same event in several workspaces (e.g. a member's sign-in). */
export async function recordAuditIn(workspaceIds: string[], e: AuditInput): Promise<void> {
  for (const id of workspaceIds) await withWorkspace(id, (tx) => recordAudit(tx, id, e));
}

export type AuditFilter = { action?: string; actor?: string; from?: Date; to?: Date; cursor?: string; take?: number };

export async function listAudit(workspaceId: string, f: AuditFilter) {
  const take = Math.min(f.take ?? 50, 200);
  return withWorkspace(workspaceId, (tx) =>
    tx.auditEvent.findMany({
      where: {
        workspaceId,
        ...(f.action ? { action: f.action } : {}),
        ...(f.actor ? { actorEmail: { contains: f.actor, mode: "insensitive" as const } } : {}),
        ...(f.from || f.to ? { createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lte: f.to } : {}) } } : {}),
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: take + 1,
      ...(f.cursor ? { cursor: { id: f.cursor }, skip: 1 } : {}),
    }),
  ).then((rows) => ({ events: rows.slice(0, take), nextCursor: rows.length > take ? rows[take - 1]!.id : undefined }));
}
