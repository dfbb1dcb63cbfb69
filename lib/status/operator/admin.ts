import "server-only";
import type { z } from "zod";
import { db } from "../../db";
import { AppError, parseInput } from "../../errors";
import type { Principal } from "../../workspaces/context";
import { ensureStatusComponents } from "../public";
import { requireOperator, type Operator } from "./access";
import { recordOperatorAudit } from "./audit";
import {
  componentUpdateInput,
  incidentCreateInput,
  incidentEditInput,
  incidentIdInput,
  incidentUpdateInput,
  maintenanceCancelInput,
  maintenanceScheduleInput,
} from "./input";

/**
 * What operators write for the status page: components, incidents with their timeline,
 * and maintenance windows. Every function re-checks the caller against the database
 * (requireOperator), validates its input, and records an operator audit row in the same
 * transaction as the change.
 */
type Client = ReturnType<typeof db>;
type TxClient = Parameters<Parameters<Client["$transaction"]>[0]>[0];

async function assertComponentsExist(tx: TxClient, ids: string[]) {
  if (ids.length === 0) return;
  const found = await tx.statusComponent.count({ where: { id: { in: ids } } });
  if (found !== new Set(ids).size) throw new AppError("VALIDATION", "Choose components from the list.", { field: "components" });
}

// ---------------------------------------------------------------- components

export async function listComponentsForOperator(principal: Principal | null) {
  await requireOperator(principal);
  await ensureStatusComponents();
  return db().statusComponent.findMany({ orderBy: [{ position: "asc" }, { name: "asc" }] });
}

export async function updateComponent(principal: Principal | null, raw: z.input<typeof componentUpdateInput>) {
  const op = await requireOperator(principal);
  const input = parseInput(componentUpdateInput, raw);
  return db().$transaction(async (tx) => {
    const before = await tx.statusComponent.findUnique({ where: { id: input.componentId } });
    if (!before) throw new AppError("NOT_FOUND", "That component does not exist.");
    const after = await tx.statusComponent.update({
      where: { id: input.componentId },
      data: { name: input.name, description: input.description, position: input.position, hidden: input.hidden, overrideState: input.overrideState },
    });
    await recordOperatorAudit(
      {
        action: "component.updated",
        actor: op,
        target: { type: "component", id: after.id, label: after.name },
        details: {
          key: after.key,
          hidden: after.hidden,
          position: after.position,
          overrideState: after.overrideState,
          renamed: before.name !== after.name,
        },
      },
      tx,
    );
    return after;
  });
}

// ---------------------------------------------------------------- incidents

export async function createIncident(principal: Principal | null, raw: z.input<typeof incidentCreateInput>) {
  const op = await requireOperator(principal);
  const input = parseInput(incidentCreateInput, raw);
  return db().$transaction(async (tx) => {
    await assertComponentsExist(tx, input.components.map((c) => c.componentId));
    const incident = await tx.statusIncident.create({
      data: {
        title: input.title,
        impact: input.impact,
        status: input.status,
        isPublic: input.isPublic,
        createdBy: op.userId,
        components: { create: input.components.map((c) => ({ componentId: c.componentId, state: c.state })) },
        updates: { create: { status: input.status, body: input.body, createdBy: op.userId } },
      },
      select: { id: true, title: true, status: true, impact: true, isPublic: true },
    });
    await recordOperatorAudit(
      {
        action: "incident.created",
        actor: op,
        target: { type: "incident", id: incident.id, label: incident.title },
        details: { impact: incident.impact, status: incident.status, public: incident.isPublic, components: input.components.length },
      },
      tx,
    );
    return incident;
  });
}

export async function editIncident(principal: Principal | null, raw: z.input<typeof incidentEditInput>) {
  const op = await requireOperator(principal);
  const input = parseInput(incidentEditInput, raw);
  return db().$transaction(async (tx) => {
    const before = await tx.statusIncident.findUnique({ where: { id: input.incidentId } });
    if (!before) throw new AppError("NOT_FOUND", "That incident does not exist.");
    if (input.components) {
      await assertComponentsExist(tx, input.components.map((c) => c.componentId));
      await tx.statusIncidentComponent.deleteMany({ where: { incidentId: before.id } });
      await tx.statusIncidentComponent.createMany({
        data: input.components.map((c) => ({ incidentId: before.id, componentId: c.componentId, state: c.state })),
      });
    }
    const after = await tx.statusIncident.update({
      where: { id: before.id },
      data: { title: input.title, impact: input.impact, isPublic: input.isPublic },
      select: { id: true, title: true, impact: true, isPublic: true, status: true },
    });
    await recordOperatorAudit(
      {
        action: "incident.updated",
        actor: op,
        target: { type: "incident", id: after.id, label: after.title },
        details: {
          impact: after.impact,
          public: after.isPublic,
          renamed: before.title !== after.title,
          ...(input.components ? { components: input.components.length } : {}),
        },
      },
      tx,
    );
    return after;
  });
}

/**
 * Posts a timeline entry and moves the incident to its status. An open incident may move
 * in either direction (a fix that does not hold goes back to "identified"); a resolved one
 * only takes further "resolved" notes (a postscript), never reopens: that is a new incident.
 */
export async function postIncidentUpdate(principal: Principal | null, raw: z.input<typeof incidentUpdateInput>) {
  const op = await requireOperator(principal);
  const input = parseInput(incidentUpdateInput, raw);
  return db().$transaction(async (tx) => {
    // Lock the incident so concurrent updates queue and keep their order.
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM status_incidents WHERE id = ${input.incidentId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw new AppError("NOT_FOUND", "That incident does not exist.");
    const incident = (await tx.statusIncident.findUnique({ where: { id: input.incidentId } }))!;
    if (incident.status === "resolved" && input.status !== "resolved") {
      throw new AppError("CONFLICT", "This incident is resolved. Open a new incident if the problem is back.", { field: "status" });
    }
    const last = await tx.statusIncidentUpdate.findFirst({ where: { incidentId: incident.id }, orderBy: { createdAt: "desc" }, select: { createdAt: true } });
    // Timestamps have millisecond precision: never let a new entry tie with or precede the last one.
    const now = new Date(Math.max(Date.now(), (last?.createdAt.getTime() ?? 0) + 1));
    const update = await tx.statusIncidentUpdate.create({
      data: { incidentId: incident.id, status: input.status, body: input.body, createdBy: op.userId, createdAt: now },
      select: { id: true, status: true, body: true, createdAt: true },
    });
    const resolving = input.status === "resolved" && incident.status !== "resolved";
    await tx.statusIncident.update({
      where: { id: incident.id },
      data: { status: input.status, ...(resolving ? { resolvedAt: now } : {}) },
    });
    await recordOperatorAudit(
      {
        action: resolving ? "incident.resolved" : "incident.update_posted",
        actor: op,
        target: { type: "incident", id: incident.id, label: incident.title },
        details: { from: incident.status, to: input.status, updateId: update.id },
      },
      tx,
    );
    return update;
  });
}

export async function listIncidentsForOperator(principal: Principal | null) {
  await requireOperator(principal);
  return db().statusIncident.findMany({
    orderBy: [{ resolvedAt: { sort: "desc", nulls: "first" } }, { startedAt: "desc" }],
    take: 200,
    select: {
      id: true,
      title: true,
      status: true,
      impact: true,
      isPublic: true,
      isSecurity: true,
      startedAt: true,
      resolvedAt: true,
      confirmedAt: true,
      notifyDeadline: true,
      _count: { select: { updates: true } },
    },
  });
}

export async function getIncidentForOperator(principal: Principal | null, raw: z.input<typeof incidentIdInput>) {
  await requireOperator(principal);
  const { incidentId } = parseInput(incidentIdInput, raw);
  const incident = await db().statusIncident.findUnique({
    where: { id: incidentId },
    include: {
      components: { include: { component: { select: { id: true, name: true, key: true } } } },
      updates: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
    },
  });
  if (!incident) throw new AppError("NOT_FOUND", "That incident does not exist.");
  const authors = await authorEmails(incident.updates.map((u) => u.createdBy));
  return { ...incident, updates: incident.updates.map((u) => ({ ...u, authorEmail: u.createdBy ? (authors.get(u.createdBy) ?? null) : null })) };
}

async function authorEmails(ids: (string | null)[]) {
  const unique = [...new Set(ids.filter((i): i is string => Boolean(i)))];
  if (unique.length === 0) return new Map<string, string>();
  const users = await db().user.findMany({ where: { id: { in: unique } }, select: { id: true, email: true } });
  return new Map(users.map((u) => [u.id, u.email]));
}

// ---------------------------------------------------------------- maintenance

export async function scheduleMaintenance(principal: Principal | null, raw: z.input<typeof maintenanceScheduleInput>) {
  const op = await requireOperator(principal);
  const input = parseInput(maintenanceScheduleInput, raw);
  return db().$transaction(async (tx) => {
    const ids = [...new Set(input.componentIds)];
    const found = await tx.statusComponent.count({ where: { id: { in: ids } } });
    if (found !== ids.length) throw new AppError("VALIDATION", "Choose components from the list.", { field: "componentIds" });
    const m = await tx.statusMaintenance.create({
      data: {
        title: input.title,
        description: input.description,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        createdBy: op.userId,
        components: { create: ids.map((componentId) => ({ componentId })) },
      },
      select: { id: true, title: true, startsAt: true, endsAt: true },
    });
    await recordOperatorAudit(
      {
        action: "maintenance.scheduled",
        actor: op,
        target: { type: "maintenance", id: m.id, label: m.title },
        details: { startsAt: m.startsAt.toISOString(), endsAt: m.endsAt.toISOString(), components: ids.length },
      },
      tx,
    );
    return m;
  });
}

export async function cancelMaintenance(principal: Principal | null, raw: z.input<typeof maintenanceCancelInput>) {
  const op = await requireOperator(principal);
  const { maintenanceId } = parseInput(maintenanceCancelInput, raw);
  return db().$transaction(async (tx) => {
    const m = await tx.statusMaintenance.findUnique({ where: { id: maintenanceId } });
    if (!m) throw new AppError("NOT_FOUND", "That maintenance window does not exist.");
    if (m.cancelledAt) throw new AppError("CONFLICT", "This maintenance window is already cancelled.");
    if (m.endsAt.getTime() <= Date.now()) throw new AppError("CONFLICT", "This maintenance window is already over.");
    const cancelled = await tx.statusMaintenance.updateMany({ where: { id: m.id, cancelledAt: null }, data: { cancelledAt: new Date() } });
    if (cancelled.count !== 1) throw new AppError("CONFLICT", "This maintenance window is already cancelled.");
    await recordOperatorAudit({ action: "maintenance.cancelled", actor: op, target: { type: "maintenance", id: m.id, label: m.title } }, tx);
    return { id: m.id };
  });
}

export async function listMaintenancesForOperator(principal: Principal | null) {
  await requireOperator(principal);
  return db().statusMaintenance.findMany({
    orderBy: [{ startsAt: "desc" }],
    take: 200,
    include: { components: { include: { component: { select: { id: true, name: true } } } } },
  });
}

export type { Operator };
