import "server-only";
import { z } from "zod";
import { withWorkspace } from "../../db";
import { recordAudit } from "../../audit";
import { AppError } from "../../errors";
import { assertCan } from "../../rbac";
import type { Actor } from "../../workspaces/context";

/**
 * What an affected workspace sees of a security incident: its notices, read under the
 * workspace's own RLS context. Every member sees them; Owners and Admins who were told
 * (recipients) mark them read, which ends their banner.
 */
export const NOTICE_BANNER_DAYS = 30;

export const noticeIdInput = z.strictObject({ noticeId: z.string().uuid("That id is not valid.") });

export async function listSecurityNotices(actor: Actor) {
  assertCan(actor.role, "notices.view");
  return withWorkspace(actor.workspaceId, async (tx) => {
    const notices = await tx.securityNotice.findMany({
      where: { workspaceId: actor.workspaceId },
      orderBy: { createdAt: "desc" },
      select: {
        id: true,
        title: true,
        scope: true,
        impact: true,
        remediation: true,
        createdAt: true,
        updatedAt: true,
        incident: { select: { status: true, resolvedAt: true } },
        recipients: { where: { userId: actor.userId }, select: { readAt: true, notifiedAt: true } },
      },
    });
    return notices.map(({ recipients, incident, ...n }) => ({
      ...n,
      incidentStatus: incident.status,
      resolvedAt: incident.resolvedAt,
      /** null: this user was not among the Owners and Admins told. */
      recipient: recipients[0] ?? null,
    }));
  });
}

export type WorkspaceNotice = Awaited<ReturnType<typeof listSecurityNotices>>[number];

/**
 * Whether a notice still asks for this user's attention: a recipient until they mark it
 * read; anyone else (Members, people who joined later) while the incident is open or for
 * 30 days after the notice.
 */
export function needsAttention(n: WorkspaceNotice, now = Date.now()): boolean {
  if (n.recipient) return n.recipient.readAt === null;
  return n.resolvedAt === null || now - n.createdAt.getTime() < NOTICE_BANNER_DAYS * 86_400_000;
}

/** For the workspace frame: how many notices exist and which ones to put in the banner. */
export async function noticeSummary(actor: Actor) {
  const notices = await listSecurityNotices(actor);
  const attention = notices.filter((n) => needsAttention(n));
  return { total: notices.length, attention: attention.map((n) => ({ id: n.id, title: n.title, createdAt: n.createdAt })) };
}

export async function markNoticeRead(actor: Actor, raw: unknown) {
  assertCan(actor.role, "notices.acknowledge");
  const parsed = noticeIdInput.safeParse(raw);
  if (!parsed.success) throw new AppError("VALIDATION", "That id is not valid.", { field: "noticeId" });
  const { noticeId } = parsed.data;
  return withWorkspace(actor.workspaceId, async (tx) => {
    const row = await tx.securityNoticeRecipient.findFirst({
      where: { workspaceId: actor.workspaceId, noticeId, userId: actor.userId },
      select: { id: true, readAt: true, notice: { select: { title: true } } },
    });
    if (!row) throw new AppError("NOT_FOUND", "There is no notice addressed to you with that id.");
    if (row.readAt) return { readAt: row.readAt };
    const readAt = new Date();
    await tx.securityNoticeRecipient.update({ where: { id: row.id }, data: { readAt } });
    await recordAudit(tx, actor.workspaceId, {
      action: "security.notice_read",
      actor,
      target: { type: "security_notice", id: noticeId, label: row.notice.title },
      ip: actor.ip,
    });
    return { readAt };
  });
}
