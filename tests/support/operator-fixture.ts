import { randomUUID } from "node:crypto";
import { db, withWorkspace } from "../../lib/db";
import type { Principal } from "../../lib/workspaces/context";
import { makeUser } from "./fixtures";
import { enableMfa } from "./mfa";
import { elevatedPrincipalOf } from "./workspace-fixture";

/** A platform operator (the flag set as `user:operator` sets it), with TOTP on unless told otherwise. */
export async function makeOperator(opts: { mfa?: boolean } = {}) {
  const user = await makeUser("operator");
  await db().user.update({ where: { id: user.id }, data: { isOperator: true, operatorGrantedAt: new Date() } });
  const mfa = opts.mfa === false ? undefined : await enableMfa(user);
  const principal: Principal = { userId: user.id, email: user.email, ip: "198.51.100.9", mfaEnabled: Boolean(mfa) };
  // The same operator on a console session that has just confirmed it is them (step-up actions run).
  const elevated: Principal = { ...(await elevatedPrincipalOf(user)), ip: principal.ip, mfaEnabled: Boolean(mfa) };
  return { ...user, principal, elevated, totpSecret: mfa?.secret };
}

/**
 * A security notice already addressed to the given users of a workspace (as a send would
 * leave it), for tests about reading notices rather than sending them.
 */
export async function addressedNotice(workspaceId: string, users: { id: string; email: string; role: "OWNER" | "ADMIN" }[]) {
  const incident = await db().statusIncident.create({
    data: { title: "Fixture security incident", status: "investigating", impact: "minor", isPublic: false, isSecurity: true, affectedWorkspaceIds: [workspaceId] },
  });
  return withWorkspace(workspaceId, async (tx) => {
    const notice = await tx.securityNotice.create({
      data: { workspaceId, incidentId: incident.id, title: incident.title, scope: "Scope text", impact: "Impact text", remediation: "Rotate keys" },
    });
    for (const u of users) {
      await tx.securityNoticeRecipient.create({ data: { workspaceId, noticeId: notice.id, userId: u.id, email: u.email, role: u.role } });
    }
    return { incidentId: incident.id, noticeId: notice.id };
  });
}

/**
 * A hidden component of its own, so tests that change or reference components never
 * disturb the seeded Console and API components other tests read.
 */
export async function makeComponent(tag = "test") {
  const key = `${tag}-${randomUUID().slice(0, 8)}`;
  return db().statusComponent.create({ data: { key, name: `Test ${key}`, kind: "api", hidden: true, position: 900 } });
}
