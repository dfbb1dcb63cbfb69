import { describe, expect, it } from "vitest";
import { runWorkspaceAction } from "../../lib/actions/registry";
import { db, Role, withWorkspace } from "../../lib/db";
import { AppError } from "../../lib/errors";
import { confirmSecurityIncident, createIncident, saveSecurityDetails, securityDelivery, sendSecurityNotices } from "../../lib/status/operator";
import { deadlineState, listSecurityNotices, markNoticeRead, noticeSummary } from "../../lib/status/security";
import { resolveActor } from "../../lib/workspaces/context";
import { superDbUrl, connect } from "../support/db";
import { makeUser, makeWorkspace } from "../support/fixtures";
import { makeOperator } from "../support/operator-fixture";
import { elevatedPrincipalOf } from "../support/workspace-fixture";

type U = Awaited<ReturnType<typeof makeUser>>;

/** A workspace with an Owner, an Admin and a Member. */
async function team(name: string) {
  const { workspace, owner } = await makeWorkspace(name);
  const admin = await makeUser(`${name}-admin`);
  const member = await makeUser(`${name}-member`);
  const memberships = await withWorkspace(workspace.id, async (tx) => ({
    admin: await tx.membership.create({ data: { workspaceId: workspace.id, userId: admin.id, role: Role.ADMIN } }),
    member: await tx.membership.create({ data: { workspaceId: workspace.id, userId: member.id, role: Role.MEMBER } }),
  }));
  return { workspace, owner, admin, member, memberships };
}

const actorOf = async (u: U, slug: string) => resolveActor(await elevatedPrincipalOf(u), slug);

async function securityIncident(op: Awaited<ReturnType<typeof makeOperator>>, workspaceIds: string[]) {
  const incident = await createIncident(op.principal, { title: `Key exposure ${Math.random().toString(36).slice(2, 6)}`, impact: "major", isPublic: false, body: "Investigating." });
  await saveSecurityDetails(op.principal, {
    incidentId: incident.id,
    workspaceIds,
    scope: "Provider keys of some workspaces were readable in a debug log between 09:00 and 11:00 UTC.",
    impact: "An attacker with access to that log could have used your provider keys.",
    remediation: "Rotate every provider key in the workspace and review recent usage.",
  });
  return incident;
}

/** Every outbox row and notice recipient of a workspace, read inside its own context. */
const deliveries = (workspaceId: string) =>
  withWorkspace(workspaceId, async (tx) => ({
    outbox: await tx.emailOutbox.findMany({ where: { kind: "security_incident" }, select: { toEmail: true, subject: true, body: true, sentAt: true } }),
    recipients: await tx.securityNoticeRecipient.findMany({ select: { email: true, role: true, outboxId: true } }),
    audit: await tx.auditEvent.findMany({ where: { action: "security.notice_sent" }, select: { actorEmail: true, details: true } }),
  }));

describe("security incident notices", () => {
  it("reach exactly the Owners and Admins of the affected workspaces, and no one else", async () => {
    const op = await makeOperator();
    const A = await team("Notice Alpha");
    const B = await team("Notice Bravo");
    const C = await team("Notice Charlie");
    // A Member of A who owns C: being an Owner elsewhere earns no notice for A.
    await withWorkspace(A.workspace.id, (tx) => tx.membership.create({ data: { workspaceId: A.workspace.id, userId: C.owner.id, role: Role.MEMBER } }));

    const incident = await securityIncident(op, [A.workspace.id, B.workspace.id]);
    await confirmSecurityIncident(op.principal, { incidentId: incident.id, password: op.password });
    const sent = await sendSecurityNotices(op.principal, { incidentId: incident.id, password: op.password });
    expect(sent).toEqual({ workspaces: 2, recipients: 4, emailsQueued: 4 });

    const a = await deliveries(A.workspace.id);
    const b = await deliveries(B.workspace.id);
    const c = await deliveries(C.workspace.id);
    expect(a.outbox.map((o) => o.toEmail).sort()).toEqual([A.owner.email, A.admin.email].sort());
    expect(b.outbox.map((o) => o.toEmail).sort()).toEqual([B.owner.email, B.admin.email].sort());
    expect(c.outbox).toEqual([]);
    expect(a.recipients.map((r) => [r.email, r.role]).sort()).toEqual([[A.admin.email, "ADMIN"], [A.owner.email, "OWNER"]].sort());
    expect(a.recipients.every((r) => r.outboxId)).toBe(true);
    for (const mail of [...a.outbox, ...b.outbox]) {
      expect(mail.sentAt).toBeNull();
      expect(mail.subject).toContain(incident.title);
      expect(mail.body).toContain("Provider keys of some workspaces were readable");
      expect(mail.body).toContain("could have used your provider keys");
      expect(mail.body).toContain("Rotate every provider key");
      expect(mail.body).toMatch(/\/w\/notice-alpha[^/]*\/notices#notice-|\/w\/notice-bravo[^/]*\/notices#notice-/);
    }
    expect(a.audit).toEqual([{ actorEmail: null, details: { recipients: 2 } }]);

    // Across the whole database (as the superuser sees it): no Member and no one from C got one.
    const su = await connect(superDbUrl());
    try {
      const { rows } = await su.query("SELECT to_email FROM email_outbox WHERE kind = 'security_incident' AND to_email = ANY($1)", [
        [A.member.email, B.member.email, C.owner.email, C.admin.email, C.member.email],
      ]);
      expect(rows).toEqual([]);
    } finally {
      await su.end();
    }

    // Each member sees the notice in their own workspace; C sees none.
    for (const u of [A.owner, A.admin, A.member]) expect((await listSecurityNotices(await actorOf(u, A.workspace.slug))).map((n) => n.title)).toEqual([incident.title]);
    expect(await listSecurityNotices(await actorOf(C.owner, C.workspace.slug))).toEqual([]);
  });

  it("is idempotent, and a later send reaches a newly added workspace and a newly promoted Admin only", async () => {
    const op = await makeOperator();
    const A = await team("Resend Alpha");
    const D = await team("Resend Delta");
    const incident = await securityIncident(op, [A.workspace.id]);
    await confirmSecurityIncident(op.principal, { incidentId: incident.id, password: op.password });

    const before = await securityDelivery(op.principal, { incidentId: incident.id });
    expect(before.workspaces).toMatchObject([{ workspaceId: A.workspace.id, noticeId: null, notified: 0, unsent: 2, queuedEmails: 0 }]);

    await sendSecurityNotices(op.principal, { incidentId: incident.id, password: op.password });
    const again = await sendSecurityNotices(op.principal, { incidentId: incident.id, password: op.password });
    expect(again).toEqual({ workspaces: 1, recipients: 0, emailsQueued: 0 });
    expect((await deliveries(A.workspace.id)).outbox).toHaveLength(2);
    expect((await securityDelivery(op.principal, { incidentId: incident.id })).workspaces).toMatchObject([{ notified: 2, unsent: 0, queuedEmails: 2 }]);

    // The Member is promoted and D is added: the delivery view shows who is untold, the next send tells exactly them.
    const owner = await actorOf(A.owner, A.workspace.slug);
    const promoted = await runWorkspaceAction("members.changeRole", await elevatedPrincipalOf(A.owner), owner.slug, { membershipId: A.memberships.member.id, role: "ADMIN" });
    expect(promoted.ok).toBe(true);
    await saveSecurityDetails(op.principal, {
      incidentId: incident.id,
      workspaceIds: [A.workspace.id, D.workspace.id],
      scope: "Provider keys of some workspaces were readable in a debug log between 09:00 and 11:00 UTC.",
      impact: "An attacker with access to that log could have used your provider keys.",
      remediation: "Rotate every provider key in the workspace and review recent usage.",
    });
    const pending = await securityDelivery(op.principal, { incidentId: incident.id });
    expect(pending.unsent).toBe(3);
    const third = await sendSecurityNotices(op.principal, { incidentId: incident.id, password: op.password });
    expect(third).toEqual({ workspaces: 2, recipients: 3, emailsQueued: 3 });
    expect((await deliveries(A.workspace.id)).outbox.map((o) => o.toEmail).sort()).toEqual([A.owner.email, A.admin.email, A.member.email].sort());
    expect((await deliveries(D.workspace.id)).outbox.map((o) => o.toEmail).sort()).toEqual([D.owner.email, D.admin.email].sort());
    expect((await securityDelivery(op.principal, { incidentId: incident.id })).unsent).toBe(0);

    // Once confirmed, a workspace that has been told cannot be taken off the list.
    const removal = await saveSecurityDetails(op.principal, { incidentId: incident.id, workspaceIds: [D.workspace.id] }).catch((e: AppError) => e.code);
    expect(removal).toBe("CONFLICT");
  });

  it("records the deadline as exactly 72 hours after confirmation, behind recent authentication", async () => {
    const op = await makeOperator();
    const A = await team("Deadline Alpha");
    const incident = await securityIncident(op, [A.workspace.id]);

    const noPassword = await confirmSecurityIncident(op.principal, { incidentId: incident.id }).catch((e: AppError) => e.code);
    expect(noPassword).toBe("REAUTH_REQUIRED");
    const wrong = await confirmSecurityIncident(op.principal, { incidentId: incident.id, password: "not the password at all" }).catch((e: AppError) => e.code);
    expect(wrong).toBe("WRONG_PASSWORD");
    expect(await db().statusIncident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({ confirmedAt: null, notifyDeadline: null });
    // Nothing is sent before confirmation.
    expect(await sendSecurityNotices(op.principal, { incidentId: incident.id, password: op.password }).catch((e: AppError) => e.code)).toBe("VALIDATION");

    const t0 = Date.now();
    const { confirmedAt, notifyDeadline } = await confirmSecurityIncident(op.principal, { incidentId: incident.id, password: op.password });
    const row = await db().statusIncident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(row.confirmedAt).toEqual(confirmedAt);
    expect(row.notifyDeadline!.getTime() - row.confirmedAt!.getTime()).toBe(72 * 3_600_000);
    expect(notifyDeadline.getTime()).toBeGreaterThanOrEqual(t0 + 72 * 3_600_000);
    expect(deadlineState(row.notifyDeadline!)).toBe("on_track");
    expect(deadlineState(row.notifyDeadline!, row.notifyDeadline!.getTime() - 3_600_000)).toBe("due_soon");
    expect(deadlineState(row.notifyDeadline!, row.notifyDeadline!.getTime() + 1)).toBe("overdue");

    // Confirming twice does not move the clock; the database refuses a deadline that is not +72 h.
    expect(await confirmSecurityIncident(op.principal, { incidentId: incident.id, password: op.password }).catch((e: AppError) => e.code)).toBe("CONFLICT");
    await expect(
      db().statusIncident.update({ where: { id: incident.id }, data: { notifyDeadline: new Date(row.confirmedAt!.getTime() + 100 * 3_600_000) } }),
    ).rejects.toThrow();
    expect((await db().statusIncident.findUniqueOrThrow({ where: { id: incident.id } })).notifyDeadline).toEqual(row.notifyDeadline);
  });

  it("keeps each workspace's notices to itself (RLS), and lets only recipients mark them read", async () => {
    const op = await makeOperator();
    const A = await team("Isolated Alpha");
    const B = await team("Isolated Bravo");
    const incident = await securityIncident(op, [A.workspace.id, B.workspace.id]);
    await confirmSecurityIncident(op.principal, { incidentId: incident.id, password: op.password });
    await sendSecurityNotices(op.principal, { incidentId: incident.id, password: op.password });
    const [bNotice] = await listSecurityNotices(await actorOf(B.owner, B.workspace.slug));

    // A's member, inside A's context, cannot see B's notice or its recipients by id.
    const seen = await withWorkspace(A.workspace.id, async (tx) => ({
      notice: await tx.securityNotice.findUnique({ where: { id: bNotice!.id } }),
      recipients: await tx.securityNoticeRecipient.findMany({ where: { noticeId: bNotice!.id } }),
      forged: await tx.securityNoticeRecipient.updateMany({ where: { noticeId: bNotice!.id }, data: { readAt: new Date() } }),
    }));
    expect(seen).toEqual({ notice: null, recipients: [], forged: { count: 0 } });
    // Through the console action: B's notice id is simply not found from A.
    const fromA = await runWorkspaceAction("notices.markRead", await elevatedPrincipalOf(A.owner), A.workspace.slug, { noticeId: bNotice!.id });
    expect(fromA).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    const byMember = await runWorkspaceAction("notices.markRead", await elevatedPrincipalOf(A.member), A.workspace.slug, { noticeId: bNotice!.id });
    expect(byMember).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    // Injecting another workspace id is refused by the strict input.
    const injected = await runWorkspaceAction("notices.markRead", await elevatedPrincipalOf(B.owner), B.workspace.slug, { noticeId: bNotice!.id, workspaceId: A.workspace.id });
    expect(injected).toMatchObject({ ok: false, error: { code: "VALIDATION" } });

    // B's Owner reads it: their banner goes away, the Admin's and the Member's stay.
    const bOwner = await actorOf(B.owner, B.workspace.slug);
    expect((await noticeSummary(bOwner)).attention.map((n) => n.id)).toEqual([bNotice!.id]);
    await markNoticeRead(bOwner, { noticeId: bNotice!.id });
    await markNoticeRead(bOwner, { noticeId: bNotice!.id });
    expect((await noticeSummary(bOwner)).attention).toEqual([]);
    expect((await noticeSummary(await actorOf(B.admin, B.workspace.slug))).attention).toHaveLength(1);
    expect((await noticeSummary(await actorOf(B.member, B.workspace.slug))).attention).toHaveLength(1);
    const read = await withWorkspace(B.workspace.id, (tx) => tx.auditEvent.findMany({ where: { action: "security.notice_read" }, select: { actorEmail: true } }));
    expect(read).toEqual([{ actorEmail: B.owner.email }]);
    // A's notice is untouched by anything done in B.
    expect((await noticeSummary(await actorOf(A.owner, A.workspace.slug))).attention).toHaveLength(1);
  });
});
