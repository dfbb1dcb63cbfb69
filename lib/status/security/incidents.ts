import "server-only";
import { db, withWorkspace, type Tx } from "../../db";
import { listWorkspacesForOperator } from "../../db/privileged";
import { recordAudit } from "../../audit";
import { AppError } from "../../errors";
import { publicOrigin } from "../../http/public-origin";
import { NOTIFY_WITHIN_MS } from "../types";

/**
 * Security incidents: the affected workspaces with scope, impact and remediation;
 * confirming starts the 72-hour clock; sending tells every Owner and Admin of each
 * affected workspace (a notice in the console, a recipient row and an email in the
 * outbox). Sending is idempotent and picks up whoever is new since the last send: a
 * workspace added to the list, a member promoted to Admin.
 *
 * Who may do this, recent authentication and the operator audit trail are the operator
 * area's (lib/status/operator/security.ts): this module knows the incident, not the actor.
 */
export const SECURITY_EMAIL_KIND = "security_incident";

export async function loadIncident(incidentId: string) {
  const incident = await db().statusIncident.findUnique({ where: { id: incidentId } });
  if (!incident) throw new AppError("NOT_FOUND", "That incident does not exist.");
  return incident;
}

export type Incident = Awaited<ReturnType<typeof loadIncident>>;

/** A transaction of the guarded client (`db().$transaction`), so the caller can record the change in the same one. */
export type IncidentTx = Parameters<Extract<Parameters<ReturnType<typeof db>["$transaction"]>[0], (tx: never) => unknown>>[0];

export type SecurityDetails = { workspaceIds: string[]; scope: string; impact: string; remediation: string };

/**
 * Checks a new list of affected workspaces: every id must be a workspace, and after
 * confirmation the list only grows, since a workspace that has been told cannot be untold.
 * Returns the list without duplicates.
 */
export async function checkAffectedWorkspaces(incident: Incident, workspaceIds: string[]): Promise<string[]> {
  const wanted = [...new Set(workspaceIds)];
  const known = new Set((await listWorkspacesForOperator()).map((w) => w.id));
  if (wanted.some((id) => !known.has(id))) throw new AppError("VALIDATION", "Choose workspaces from the list.", { field: "workspaceIds" });
  if (incident.confirmedAt) {
    const dropped = incident.affectedWorkspaceIds.filter((id) => !wanted.includes(id));
    if (dropped.length > 0) {
      throw new AppError("CONFLICT", "After confirmation, affected workspaces can be added but not removed.", { field: "workspaceIds" });
    }
  }
  return wanted;
}

/** Marks the incident as a security incident with its notice text and (checked) affected workspaces. */
export async function writeSecurityDetails(tx: IncidentTx, incidentId: string, details: SecurityDetails) {
  return tx.statusIncident.update({
    where: { id: incidentId },
    data: {
      isSecurity: true,
      affectedWorkspaceIds: details.workspaceIds,
      noticeScope: details.scope,
      noticeImpact: details.impact,
      noticeRemediation: details.remediation,
    },
    select: { id: true, title: true, affectedWorkspaceIds: true, confirmedAt: true },
  });
}

/** What confirming needs: a security incident, not yet confirmed, with workspaces and the text customers will read. */
export function checkConfirmable(incident: Incident): void {
  if (!incident.isSecurity) throw new AppError("VALIDATION", "Mark this as a security incident and save its details first.");
  if (incident.confirmedAt) throw new AppError("CONFLICT", "This security incident is already confirmed.");
  if (incident.affectedWorkspaceIds.length === 0) {
    throw new AppError("VALIDATION", "Name at least one affected workspace before confirming.", { field: "workspaceIds" });
  }
  for (const [field, value] of [["scope", incident.noticeScope], ["impact", incident.noticeImpact], ["remediation", incident.noticeRemediation]] as const) {
    if (!value.trim()) throw new AppError("VALIDATION", `Write the ${field} customers will read before confirming.`, { field });
  }
}

/** confirmed_at = now, notify_deadline = confirmed_at + 72 h (also a DB CHECK); only once, even when two confirm at the same time. */
export async function markConfirmed(tx: IncidentTx, incidentId: string) {
  const confirmedAt = new Date();
  const notifyDeadline = new Date(confirmedAt.getTime() + NOTIFY_WITHIN_MS);
  const done = await tx.statusIncident.updateMany({ where: { id: incidentId, confirmedAt: null }, data: { confirmedAt, notifyDeadline } });
  if (done.count !== 1) throw new AppError("CONFLICT", "This security incident is already confirmed.");
  return { confirmedAt, notifyDeadline };
}

function emailFor(incident: Incident, ws: { name: string; slug: string }, noticeId: string) {
  const link = `${publicOrigin()}/w/${encodeURIComponent(ws.slug)}/notices#notice-${noticeId}`;
  return {
    subject: `Security notice for ${ws.name}: ${incident.title}`,
    body: [
      `We are writing to tell you about a security incident that affects your Auriko workspace ${ws.name}.`,
      "",
      "What happened (scope):",
      incident.noticeScope,
      "",
      "What it means for you (impact):",
      incident.noticeImpact,
      "",
      "What to do (remediation):",
      incident.noticeRemediation,
      "",
      `Read the notice in the console: ${link}`,
    ].join("\n"),
  };
}

/** One workspace's share of a send, in one transaction under that workspace's context. */
async function notifyWorkspace(tx: Tx, incident: Incident, workspaceId: string) {
  const ws = await tx.workspace.findUnique({ where: { id: workspaceId }, select: { name: true, slug: true } });
  if (!ws) return { workspaceId, gone: true, recipients: 0 };
  const text = { title: incident.title, scope: incident.noticeScope, impact: incident.noticeImpact, remediation: incident.noticeRemediation };
  const notice = await tx.securityNotice.upsert({
    where: { workspaceId_incidentId: { workspaceId, incidentId: incident.id } },
    create: { workspaceId, incidentId: incident.id, ...text },
    update: text,
    select: { id: true },
  });
  const managers = await tx.membership.findMany({
    where: { workspaceId, role: { in: ["OWNER", "ADMIN"] } },
    select: { userId: true, role: true, user: { select: { email: true } } },
  });
  const told = new Set((await tx.securityNoticeRecipient.findMany({ where: { noticeId: notice.id }, select: { userId: true } })).map((r) => r.userId));
  const email = emailFor(incident, ws, notice.id);
  let recipients = 0;
  for (const m of managers) {
    if (told.has(m.userId)) continue;
    const outbox = await tx.emailOutbox.create({
      data: { workspaceId, toEmail: m.user.email, kind: SECURITY_EMAIL_KIND, subject: email.subject, body: email.body },
      select: { id: true },
    });
    await tx.securityNoticeRecipient.create({
      data: { workspaceId, noticeId: notice.id, userId: m.userId, email: m.user.email, role: m.role, outboxId: outbox.id },
    });
    recipients += 1;
  }
  if (recipients > 0) {
    // The customer's audit log names the notice, not the operator who sent it.
    await recordAudit(tx, workspaceId, {
      action: "security.notice_sent",
      target: { type: "security_notice", id: notice.id, label: incident.title },
      details: { recipients },
    });
  }
  return { workspaceId, gone: false, recipients };
}

/** Notices go out only for a confirmed incident. */
export function checkSendable(incident: Incident): void {
  if (!incident.confirmedAt) throw new AppError("VALIDATION", "Confirm the security incident before sending notices.");
}

/** Tells every affected workspace's Owners and Admins who have not been told yet, one workspace per transaction. */
export async function notifyAffectedWorkspaces(incident: Incident) {
  checkSendable(incident);
  const results = [];
  for (const workspaceId of incident.affectedWorkspaceIds) {
    results.push(await withWorkspace(workspaceId, (tx) => notifyWorkspace(tx, incident, workspaceId)));
  }
  return results;
}

export type WorkspaceDelivery = {
  workspaceId: string;
  slug: string | null;
  name: string | null;
  noticeId: string | null;
  /** Owners and Admins who have a recipient row (their email is queued or sent). */
  notified: number;
  /** Owners and Admins with no recipient row yet: the next send reaches them. */
  unsent: number;
  /** Emails in the outbox not yet delivered by a mail transport (sent_at is null). */
  queuedEmails: number;
  read: number;
};

async function deliveryOf(incidentId: string, workspaceId: string): Promise<WorkspaceDelivery> {
  return withWorkspace(workspaceId, async (tx) => {
    const ws = await tx.workspace.findUnique({ where: { id: workspaceId }, select: { slug: true, name: true } });
    const base = { workspaceId, slug: ws?.slug ?? null, name: ws?.name ?? null };
    if (!ws) return { ...base, noticeId: null, notified: 0, unsent: 0, queuedEmails: 0, read: 0 };
    const notice = await tx.securityNotice.findUnique({ where: { workspaceId_incidentId: { workspaceId, incidentId } }, select: { id: true } });
    const managers = await tx.membership.findMany({ where: { workspaceId, role: { in: ["OWNER", "ADMIN"] } }, select: { userId: true } });
    const recipients = notice
      ? await tx.securityNoticeRecipient.findMany({ where: { noticeId: notice.id }, select: { userId: true, outboxId: true, readAt: true } })
      : [];
    const told = new Set(recipients.map((r) => r.userId));
    const outboxIds = recipients.map((r) => r.outboxId).filter((id): id is string => Boolean(id));
    const queuedEmails = outboxIds.length ? await tx.emailOutbox.count({ where: { id: { in: outboxIds }, sentAt: null } }) : 0;
    return {
      ...base,
      noticeId: notice?.id ?? null,
      notified: recipients.length,
      unsent: managers.filter((m) => !told.has(m.userId)).length,
      queuedEmails,
      read: recipients.filter((r) => r.readAt).length,
    };
  });
}

/** Per affected workspace: whether its notice exists, who is still untold, which emails wait in the outbox. */
export async function deliveryReport(incident: Incident) {
  const workspaces: WorkspaceDelivery[] = [];
  for (const id of incident.affectedWorkspaceIds) workspaces.push(await deliveryOf(incident.id, id));
  return {
    incidentId: incident.id,
    confirmedAt: incident.confirmedAt,
    notifyDeadline: incident.notifyDeadline,
    workspaces,
    unsent: workspaces.reduce((n, w) => n + w.unsent, 0),
    queuedEmails: workspaces.reduce((n, w) => n + w.queuedEmails, 0),
  };
}

/** How urgent the deadline is: past it, within 24 hours, or comfortably ahead. */
export type DeadlineState = "overdue" | "due_soon" | "on_track";
export function deadlineState(deadline: Date, now = Date.now()): DeadlineState {
  const left = deadline.getTime() - now;
  if (left <= 0) return "overdue";
  if (left <= 24 * 60 * 60_000) return "due_soon";
  return "on_track";
}
