import "server-only";
import { db, type Prisma } from "../../db";

/**
 * Append-only record of everything operators do. The runtime role may only SELECT and
 * INSERT on operator_audit_events. Rows hold identifiers, labels and small non-secret
 * facts: never passwords, codes, email bodies or incident text beyond a title.
 */
export const OPERATOR_AUDIT_ACTIONS = [
  "operator.granted",
  "operator.revoked",
  "user.suspended",
  "user.unsuspended",
  "component.updated",
  "incident.created",
  "incident.updated",
  "incident.update_posted",
  "incident.resolved",
  "maintenance.scheduled",
  "maintenance.cancelled",
  "security.incident_marked",
  "security.incident_confirmed",
  "security.notices_sent",
] as const;

export type OperatorAuditAction = (typeof OPERATOR_AUDIT_ACTIONS)[number];

export const OPERATOR_AUDIT_LABELS: Record<OperatorAuditAction, string> = {
  "operator.granted": "Granted operator access",
  "operator.revoked": "Revoked operator access",
  "user.suspended": "Suspended a user",
  "user.unsuspended": "Unsuspended a user",
  "component.updated": "Changed a component",
  "incident.created": "Opened an incident",
  "incident.updated": "Edited an incident",
  "incident.update_posted": "Posted an incident update",
  "incident.resolved": "Resolved an incident",
  "maintenance.scheduled": "Scheduled maintenance",
  "maintenance.cancelled": "Cancelled maintenance",
  "security.incident_marked": "Marked a security incident",
  "security.incident_confirmed": "Confirmed a security incident",
  "security.notices_sent": "Sent security notices",
};

export type OperatorAuditInput = {
  action: OperatorAuditAction;
  actor: { userId?: string | null; email?: string | null; ip?: string | null };
  target?: { type: string; id?: string | null; label?: string | null };
  details?: Record<string, string | number | boolean | null | string[]>;
};

/** The guarded client or one of its transactions (only the one table is needed). */
type Writer = { operatorAuditEvent: { create(args: { data: Prisma.OperatorAuditEventUncheckedCreateInput }): PromiseLike<unknown> } };

/** Records one operator action; pass the transaction that made the change so both commit together. */
export async function recordOperatorAudit(e: OperatorAuditInput, client: Writer = db()): Promise<void> {
  await client.operatorAuditEvent.create({
    data: {
      action: e.action,
      actorUserId: e.actor.userId ?? null,
      actorEmail: e.actor.email ?? null,
      targetType: e.target?.type ?? null,
      targetId: e.target?.id ?? null,
      targetLabel: e.target?.label?.slice(0, 200) ?? null,
      ip: e.actor.ip ?? null,
      details: (e.details ?? {}) as Prisma.InputJsonObject,
    },
  });
}

export type OperatorAuditFilter = { action?: string; cursor?: string; take?: number };

export async function listOperatorAuditEvents(f: OperatorAuditFilter = {}) {
  const take = Math.min(f.take ?? 50, 200);
  const rows = await db().operatorAuditEvent.findMany({
    where: f.action ? { action: f.action } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: take + 1,
    ...(f.cursor ? { cursor: { id: f.cursor }, skip: 1 } : {}),
  });
  return { events: rows.slice(0, take), nextCursor: rows.length > take ? rows[take - 1]!.id : undefined };
}

export function operatorAuditLabel(action: string): string {
  return (OPERATOR_AUDIT_LABELS as Record<string, string | undefined>)[action] ?? action;
}
