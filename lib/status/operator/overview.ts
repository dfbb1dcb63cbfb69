import "server-only";
import { db } from "../../db";
import type { Principal } from "../../workspaces/context";
import { requireOperator } from "./access";
import { securityDelivery } from "./security";

/**
 * The operator's front page: open incidents, maintenance that has not ended, and the
 * security incidents whose notices still need attention (unresolved, or with someone
 * untold), with their deadlines.
 */
export async function operatorOverview(principal: Principal | null) {
  await requireOperator(principal);
  const now = new Date();
  const [openIncidents, upcomingMaintenance, security] = await Promise.all([
    db().statusIncident.findMany({
      where: { resolvedAt: null },
      orderBy: { startedAt: "desc" },
      select: { id: true, title: true, status: true, impact: true, isPublic: true, isSecurity: true, startedAt: true },
    }),
    db().statusMaintenance.findMany({
      where: { cancelledAt: null, endsAt: { gt: now } },
      orderBy: { startsAt: "asc" },
      select: { id: true, title: true, startsAt: true, endsAt: true },
    }),
    db().statusIncident.findMany({
      where: { isSecurity: true },
      orderBy: { createdAt: "desc" },
      take: 50,
      select: { id: true, title: true, status: true, confirmedAt: true, notifyDeadline: true, resolvedAt: true, affectedWorkspaceIds: true },
    }),
  ]);
  const securityIncidents = [];
  for (const s of security) {
    const delivery = await securityDelivery(principal, { incidentId: s.id });
    const pendingWorkspaces = delivery.workspaces.filter((w) => w.noticeId === null && w.slug !== null).length;
    if (s.resolvedAt && delivery.unsent === 0 && pendingWorkspaces === 0) continue;
    securityIncidents.push({ ...s, workspaces: s.affectedWorkspaceIds.length, unsent: delivery.unsent, queuedEmails: delivery.queuedEmails });
  }
  return { openIncidents, upcomingMaintenance, securityIncidents };
}
