import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { AppError } from "../../lib/errors";
import {
  cancelMaintenance,
  confirmSecurityIncident,
  createIncident,
  editIncident,
  getIncidentForOperator,
  listComponentsForOperator,
  listIncidentsForOperator,
  listMaintenancesForOperator,
  listOperatorAuditEvents,
  operatorOverview,
  postIncidentUpdate,
  saveSecurityDetails,
  scheduleMaintenance,
  securityDelivery,
  sendSecurityNotices,
  updateComponent,
  workspacesForOperator,
} from "../../lib/status/operator";
import type { Principal } from "../../lib/workspaces/context";
import { childEnv } from "../support/db";
import { makeUser, makeWorkspace } from "../support/fixtures";
import { makeComponent, makeOperator } from "../support/operator-fixture";
import { principalOf } from "../support/workspace-fixture";

const apiComponent = () => makeComponent("op");
const componentState = (id: string) =>
  db().statusComponent.findUniqueOrThrow({ where: { id }, select: { name: true, description: true, position: true, hidden: true, overrideState: true } });
// Test incidents stay private so the public status page other tests read is not disturbed.
const priv = { isPublic: false } as const;
const hour = 3_600_000;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], { encoding: "utf8", env: childEnv({ LOG_LEVEL: "error" }) });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

describe("operator admin functions", () => {
  it("refuse everyone who is not an operator, a workspace Owner included, and write nothing", async () => {
    const op = await makeOperator();
    const { owner } = await makeWorkspace("Owner Not Operator");
    const component = await apiComponent();
    const incident = await createIncident(op.principal, { title: "Existing", impact: "minor", body: "First.", ...priv });
    const snapshot = async () => ({
      fakes: await db().statusIncident.count({ where: { title: { in: ["Fake outage", "Pwned", "Late", "Claim"] } } }),
      incident: await getIncidentForOperator(op.principal, { incidentId: incident.id }),
      maintenances: await db().statusMaintenance.count({ where: { title: "Fake window" } }),
      component: await componentState(component.id),
    });
    const before = await snapshot();
    const soon = { startsAt: new Date(Date.now() + hour), endsAt: new Date(Date.now() + 2 * hour) };
    const attempts = (p: Principal | null) => [
      listComponentsForOperator(p),
      updateComponent(p, { componentId: component.id, name: "Pwned", position: 0, hidden: true, overrideState: "major_outage" }),
      createIncident(p, { title: "Fake outage", impact: "critical", body: "Everything is down.", ...priv }),
      editIncident(p, { incidentId: incident.id, title: "Pwned" }),
      postIncidentUpdate(p, { incidentId: incident.id, status: "resolved", body: "Nothing to see." }),
      listIncidentsForOperator(p),
      getIncidentForOperator(p, { incidentId: incident.id }),
      scheduleMaintenance(p, { title: "Fake window", componentIds: [component.id], ...soon }),
      listMaintenancesForOperator(p),
      operatorOverview(p),
      workspacesForOperator(p),
      saveSecurityDetails(p, { incidentId: incident.id, workspaceIds: [], scope: "x", impact: "x", remediation: "x" }),
      confirmSecurityIncident(p, { incidentId: incident.id, password: owner.password }),
      sendSecurityNotices(p, { incidentId: incident.id, password: owner.password }),
      securityDelivery(p, { incidentId: incident.id }),
    ];
    const stranger = await makeUser("plain");
    for (const [who, principal, expected] of [
      ["workspace owner", principalOf(owner), "NOT_FOUND"],
      ["signed-in user", principalOf(stranger), "NOT_FOUND"],
      ["anonymous", null, "UNAUTHENTICATED"],
    ] as const) {
      const codes = await Promise.all(attempts(principal).map(codeOf));
      expect(new Set(codes), who).toEqual(new Set([expected]));
    }
    // An operator whose flag was revoked is refused on the very next call: the flag is re-read every time.
    const revoked = await makeOperator();
    await db().user.update({ where: { id: revoked.id }, data: { isOperator: false } });
    expect(await codeOf(createIncident(revoked.principal, { title: "Late", impact: "minor", body: "x" }))).toBe("NOT_FOUND");
    // A session claiming to be an operator changes nothing: only the database decides.
    expect(await codeOf(createIncident({ ...principalOf(owner), operator: true }, { title: "Claim", impact: "minor", body: "x" }))).toBe("NOT_FOUND");

    expect(await snapshot()).toEqual(before);
    expect(before.fakes).toBe(0);
  });

  it("require the operator to have two-factor authentication on", async () => {
    const op = await makeOperator({ mfa: false });
    expect(await codeOf(createIncident(op.principal, { title: "No MFA", impact: "minor", body: "x" }))).toBe("MFA_REQUIRED");
  });

  it("record an operator audit row, with actor and address, for every change", async () => {
    const op = await makeOperator();
    const { workspace } = await makeWorkspace("Audited Target");
    const component = await apiComponent();
    const since = new Date();
    await updateComponent(op.principal, { componentId: component.id, name: component.name, description: component.description, position: component.position, hidden: false, overrideState: null });
    const incident = await createIncident(op.principal, { title: "Audited", impact: "major", ...priv, components: [{ componentId: component.id, state: "partial_outage" }], body: "Investigating." });
    await editIncident(op.principal, { incidentId: incident.id, impact: "minor" });
    await postIncidentUpdate(op.principal, { incidentId: incident.id, status: "identified", body: "Found." });
    await postIncidentUpdate(op.principal, { incidentId: incident.id, status: "resolved", body: "Fixed." });
    const m = await scheduleMaintenance(op.principal, { title: "Upgrade", componentIds: [component.id], startsAt: new Date(Date.now() + hour), endsAt: new Date(Date.now() + 2 * hour) });
    await cancelMaintenance(op.principal, { maintenanceId: m.id });
    await saveSecurityDetails(op.principal, { incidentId: incident.id, workspaceIds: [workspace.id], scope: "s", impact: "i", remediation: "r" });
    await confirmSecurityIncident(op.principal, { incidentId: incident.id, password: op.password });
    await sendSecurityNotices(op.principal, { incidentId: incident.id, password: op.password });

    const rows = await db().operatorAuditEvent.findMany({ where: { actorUserId: op.id, createdAt: { gte: since } }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => r.action)).toEqual([
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
    ]);
    for (const r of rows) expect(r).toMatchObject({ actorEmail: op.email, ip: "198.51.100.9" });
    // Details are small facts, never the notice text or the password.
    const serialised = JSON.stringify(rows);
    expect(serialised).not.toContain(op.password);
    expect((await listOperatorAuditEvents({ action: "incident.resolved" })).events.some((e) => e.targetId === incident.id)).toBe(true);
  });

  it("store incident updates in order, set resolved_at on resolving, and keep a resolved incident closed", async () => {
    const op = await makeOperator();
    const incident = await createIncident(op.principal, { title: "Ordered", impact: "minor", body: "one", ...priv });
    for (const [status, body] of [["identified", "two"], ["monitoring", "three"], ["identified", "four"], ["resolved", "five"]] as const) {
      await postIncidentUpdate(op.principal, { incidentId: incident.id, status, body });
    }
    const got = await getIncidentForOperator(op.principal, { incidentId: incident.id });
    expect(got.updates.map((u) => [u.status, u.body])).toEqual([
      ["investigating", "one"],
      ["identified", "two"],
      ["monitoring", "three"],
      ["identified", "four"],
      ["resolved", "five"],
    ]);
    const times = got.updates.map((u) => u.createdAt.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(new Set(times).size).toBe(times.length);
    expect(got.status).toBe("resolved");
    expect(got.resolvedAt?.getTime()).toBe(times[4]);
    expect(got.updates[0]!.authorEmail).toBe(op.email);

    expect(await codeOf(postIncidentUpdate(op.principal, { incidentId: incident.id, status: "investigating", body: "again?" }))).toBe("CONFLICT");
    await postIncidentUpdate(op.principal, { incidentId: incident.id, status: "resolved", body: "Postscript: root cause." });
    const after = await getIncidentForOperator(op.principal, { incidentId: incident.id });
    expect(after.updates).toHaveLength(6);
    expect(after.resolvedAt).toEqual(got.resolvedAt);
  });

  it("refuse invalid input and lose nothing already stored", async () => {
    const op = await makeOperator();
    const component = await apiComponent();
    const incident = await createIncident(op.principal, { title: "Keep me", impact: "minor", ...priv, components: [{ componentId: component.id, state: "degraded_performance" }], body: "Stored." });
    const snapshot = () => getIncidentForOperator(op.principal, { incidentId: incident.id });
    const before = await snapshot();

    const refused = async (p: Promise<unknown>, field?: string) => {
      const err = await p.then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe("VALIDATION");
      if (field) expect((err as AppError).field).toBe(field);
    };
    await refused(postIncidentUpdate(op.principal, { incidentId: incident.id, status: "identified", body: "   " }), "body");
    await refused(postIncidentUpdate(op.principal, { incidentId: incident.id, status: "fixed" as "resolved", body: "x" }), "status");
    await refused(editIncident(op.principal, { incidentId: incident.id, title: "" }), "title");
    await refused(editIncident(op.principal, { incidentId: incident.id, components: [{ componentId: component.id, state: "major_outage" }, { componentId: component.id, state: "partial_outage" }] }));
    await refused(editIncident(op.principal, { incidentId: incident.id, components: [{ componentId: "00000000-0000-4000-8000-000000000000", state: "major_outage" }] }), "components");
    await refused(createIncident(op.principal, { title: "No body", impact: "minor", body: "" }), "body");
    await refused(createIncident({ ...op.principal }, { title: "x", impact: "minor", body: "x", ...({ createdBy: op.id } as object) }));
    expect(await snapshot()).toEqual(before);

    const start = new Date(Date.now() + 2 * hour);
    await refused(scheduleMaintenance(op.principal, { title: "Backwards", componentIds: [component.id], startsAt: start, endsAt: new Date(start.getTime() - hour) }), "endsAt");
    await refused(scheduleMaintenance(op.principal, { title: "Empty", componentIds: [], startsAt: start, endsAt: new Date(start.getTime() + hour) }), "componentIds");
    await refused(updateComponent(op.principal, { componentId: component.id, name: "", position: 0, hidden: false, overrideState: null }), "name");
    expect(await componentState(component.id)).toEqual({
      name: component.name, description: component.description, position: component.position, hidden: component.hidden, overrideState: component.overrideState,
    });
  });

  it("lets an operator override a component's state and clear it again", async () => {
    const op = await makeOperator();
    const c = await apiComponent();
    const base = { componentId: c.id, name: c.name, description: c.description, position: c.position, hidden: c.hidden };
    expect((await updateComponent(op.principal, { ...base, overrideState: "under_maintenance" })).overrideState).toBe("under_maintenance");
    expect((await updateComponent(op.principal, { ...base, overrideState: null })).overrideState).toBeNull();
    const listed = await listComponentsForOperator(op.principal);
    expect(listed.map((x) => x.key)).toEqual(expect.arrayContaining(["console", "api", c.key]));
  });
});

describe("user:operator CLI", () => {
  it("grants and revokes the flag, audits both, and fails clearly for an unknown email", async () => {
    const user = await makeUser("future-op");
    const granted = cli(["user:operator", "--email", user.email.toUpperCase()]);
    expect(granted).toMatchObject({ code: 0, out: `${user.email} is now an operator` });
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.isOperator).toBe(true);
    expect(row.operatorGrantedAt).toBeInstanceOf(Date);
    expect(cli(["user:operator", "--email", user.email]).out).toBe(`${user.email} was already an operator (nothing changed)`);

    const revoked = cli(["user:operator", "--email", user.email, "--revoke"]);
    expect(revoked).toMatchObject({ code: 0, out: `${user.email} is no longer an operator` });
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ isOperator: false, operatorGrantedAt: null });

    const unknown = cli(["user:operator", "--email", "nobody-here@example.test"]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("No user with email nobody-here@example.test");

    const audit = await db().operatorAuditEvent.findMany({ where: { targetId: user.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => [a.action, a.ip, a.targetLabel])).toEqual([
      ["operator.granted", "cli", user.email],
      ["operator.revoked", "cli", user.email],
    ]);
  }, 60_000);
});
