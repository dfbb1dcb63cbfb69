import "server-only";
import type { z } from "zod";
import { db } from "../../db";
import { listWorkspacesForOperator } from "../../db/privileged";
import { requireRecentAuth } from "../../auth/recent-auth";
import { parseInput } from "../../errors";
import type { Principal } from "../../workspaces/context";
import {
  checkAffectedWorkspaces,
  checkConfirmable,
  checkSendable,
  deliveryReport,
  loadIncident,
  markConfirmed,
  notifyAffectedWorkspaces,
  writeSecurityDetails,
} from "../security";
import { requireOperator, type Operator } from "./access";
import { recordOperatorAudit } from "./audit";
import { incidentIdInput, securityDetailsInput, securityStepInput } from "./input";

/**
 * The operator's side of a security incident (lib/status/security has the incident
 * itself): every step checks the operator flag, the steps that cannot be taken back
 * (confirming, sending) need recent authentication, and each change is written to the
 * operator audit log in the transaction that makes it.
 */

/** Recent authentication on the operator's own session. */
async function reauth(op: Operator, input: { password?: string; code?: string }) {
  await requireRecentAuth({ userId: op.userId, email: op.email, ip: op.ip, sessionId: op.sessionId, mfaEnabled: op.mfaEnabled }, input.password, input.code);
}

export async function workspacesForOperator(principal: Principal | null) {
  await requireOperator(principal);
  return listWorkspacesForOperator();
}

/**
 * Marks the incident as a security incident and saves its notice text and affected
 * workspaces. Before confirmation everything may change; afterwards the list only grows.
 */
export async function saveSecurityDetails(principal: Principal | null, raw: z.input<typeof securityDetailsInput>) {
  const op = await requireOperator(principal);
  const input = parseInput(securityDetailsInput, raw);
  const incident = await loadIncident(input.incidentId);
  const wanted = await checkAffectedWorkspaces(incident, input.workspaceIds);
  return db().$transaction(async (tx) => {
    const after = await writeSecurityDetails(tx, incident.id, { ...input, workspaceIds: wanted });
    await recordOperatorAudit(
      {
        action: "security.incident_marked",
        actor: op,
        target: { type: "incident", id: after.id, label: after.title },
        details: { workspaces: wanted.length, confirmed: Boolean(after.confirmedAt), added: wanted.filter((id) => !incident.affectedWorkspaceIds.includes(id)) },
      },
      tx,
    );
    return after;
  });
}

/** Confirms the incident, which starts the 72-hour clock. */
export async function confirmSecurityIncident(principal: Principal | null, raw: z.input<typeof securityStepInput>) {
  const op = await requireOperator(principal);
  const input = parseInput(securityStepInput, raw);
  const incident = await loadIncident(input.incidentId);
  checkConfirmable(incident);
  await reauth(op, input);
  return db().$transaction(async (tx) => {
    const confirmed = await markConfirmed(tx, incident.id);
    await recordOperatorAudit(
      {
        action: "security.incident_confirmed",
        actor: op,
        target: { type: "incident", id: incident.id, label: incident.title },
        details: { workspaces: incident.affectedWorkspaceIds.length, notifyDeadline: confirmed.notifyDeadline.toISOString() },
      },
      tx,
    );
    return confirmed;
  });
}

export async function sendSecurityNotices(principal: Principal | null, raw: z.input<typeof securityStepInput>) {
  const op = await requireOperator(principal);
  const input = parseInput(securityStepInput, raw);
  const incident = await loadIncident(input.incidentId);
  checkSendable(incident);
  await reauth(op, input);
  const results = await notifyAffectedWorkspaces(incident);
  const recipients = results.reduce((n, r) => n + r.recipients, 0);
  await recordOperatorAudit({
    action: "security.notices_sent",
    actor: op,
    target: { type: "incident", id: incident.id, label: incident.title },
    details: { workspaces: results.filter((r) => !r.gone).length, recipients },
  });
  return { workspaces: results.length, recipients, emailsQueued: recipients };
}

/** Per affected workspace: whether its notice exists, who is still untold, which emails wait in the outbox. */
export async function securityDelivery(principal: Principal | null, raw: z.input<typeof incidentIdInput>) {
  await requireOperator(principal);
  const { incidentId } = parseInput(incidentIdInput, raw);
  return deliveryReport(await loadIncident(incidentId));
}
