import "server-only";
import { randomUUID } from "node:crypto";
import { withWorkspace } from "../db";
import { recordAudit } from "../audit";
import { AppError } from "../errors";
import { assertCan } from "../rbac";
import { envelopeKeyId, seal } from "../vault";
import type { Actor } from "../workspaces/context";
import { secretBinding, secretScope } from "./deliver";
import { newWebhookSecret, secretHint } from "./signature";
import { checkWebhookUrl, TargetRefused } from "./target";

/**
 * Alert destinations in the console: Owners and Admins add and remove them (and every
 * change is in the audit log); a webhook's signing secret is sealed by the vault and
 * returned once, at creation. The delivery log shows state, attempts and status codes.
 */
export const EMAIL_DESTINATION_NAME = "Owners and Admins (e-mail)";
const MAX_DESTINATIONS = 10;

const publicFields = { id: true, kind: true, name: true, url: true, secretHint: true, createdAt: true } as const;

export async function listAlertSettings(actor: Actor) {
  assertCan(actor.role, "alerts.view");
  return withWorkspace(actor.workspaceId, async (tx) => {
    const destinations = await tx.alertDestination.findMany({ where: { workspaceId: actor.workspaceId }, select: publicFields, orderBy: { createdAt: "asc" } });
    const deliveries = await tx.alertDelivery.findMany({
      where: { workspaceId: actor.workspaceId },
      select: {
        id: true,
        state: true,
        attempts: true,
        lastStatus: true,
        lastError: true,
        recipients: true,
        createdAt: true,
        deliveredAt: true,
        nextAttemptAt: true,
        alert: { select: { kind: true, title: true } },
        destination: { select: { name: true, kind: true } },
      },
      orderBy: { createdAt: "desc" },
      take: 25,
    });
    return { destinations, deliveries };
  });
}

async function assertRoom(tx: Parameters<Parameters<typeof withWorkspace>[1]>[0], workspaceId: string) {
  if ((await tx.alertDestination.count({ where: { workspaceId } })) >= MAX_DESTINATIONS) {
    throw new AppError("CONFLICT", `A workspace can have at most ${MAX_DESTINATIONS} alert destinations.`);
  }
}

export async function addWebhookDestination(actor: Actor, input: { name: string; url: string }) {
  assertCan(actor.role, "alerts.manage");
  let url: URL;
  try {
    url = checkWebhookUrl(input.url);
  } catch (err) {
    if (err instanceof TargetRefused) throw new AppError("VALIDATION", err.message, { field: "url" });
    throw err;
  }
  const id = randomUUID();
  const secret = newWebhookSecret();
  const sealedSecret = await seal(secretScope(actor.workspaceId), secretBinding(id), new TextEncoder().encode(secret));
  const destination = await withWorkspace(actor.workspaceId, async (tx) => {
    await assertRoom(tx, actor.workspaceId);
    const d = await tx.alertDestination.create({
      data: {
        id,
        workspaceId: actor.workspaceId,
        kind: "webhook",
        name: input.name,
        url: url.toString(),
        sealedSecret,
        masterKeyId: envelopeKeyId(sealedSecret),
        secretHint: secretHint(secret),
        createdBy: actor.userId,
      },
      select: publicFields,
    });
    await recordAudit(tx, actor.workspaceId, {
      action: "alert_destination.added",
      actor,
      target: { type: "alert_destination", id, label: input.name },
      ip: actor.ip,
      details: { kind: "webhook", host: url.host },
    });
    return d;
  });
  return { destination, secret };
}

export async function addEmailDestination(actor: Actor) {
  assertCan(actor.role, "alerts.manage");
  return withWorkspace(actor.workspaceId, async (tx) => {
    if (await tx.alertDestination.findFirst({ where: { workspaceId: actor.workspaceId, kind: "email" }, select: { id: true } })) {
      throw new AppError("CONFLICT", "Alerts are already e-mailed to this workspace's Owners and Admins.");
    }
    await assertRoom(tx, actor.workspaceId);
    const d = await tx.alertDestination.create({
      data: { workspaceId: actor.workspaceId, kind: "email", name: EMAIL_DESTINATION_NAME, createdBy: actor.userId },
      select: publicFields,
    });
    await recordAudit(tx, actor.workspaceId, {
      action: "alert_destination.added",
      actor,
      target: { type: "alert_destination", id: d.id, label: d.name },
      ip: actor.ip,
      details: { kind: "email" },
    });
    return d;
  });
}

export async function removeAlertDestination(actor: Actor, input: { destinationId: string }) {
  assertCan(actor.role, "alerts.manage");
  await withWorkspace(actor.workspaceId, async (tx) => {
    const d = await tx.alertDestination.findFirst({ where: { id: input.destinationId, workspaceId: actor.workspaceId }, select: { id: true, name: true, kind: true } });
    if (!d) throw new AppError("NOT_FOUND", "That alert destination does not exist.");
    await tx.alertDestination.delete({ where: { id: d.id } });
    await recordAudit(tx, actor.workspaceId, {
      action: "alert_destination.removed",
      actor,
      target: { type: "alert_destination", id: d.id, label: d.name },
      ip: actor.ip,
      details: { kind: d.kind },
    });
  });
  return { removed: true as const };
}
