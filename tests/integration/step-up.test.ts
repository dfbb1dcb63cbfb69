import { describe, expect, it } from "vitest";
import { runAccountAction, runOperatorAction, runWorkspaceAction, type OperatorActionName, type WorkspaceActionName } from "../../lib/actions/registry";
import { RECENT_AUTH_SECONDS } from "../../lib/auth/recent-auth";
import { db, withWorkspace } from "../../lib/db";
import { createIncident, scheduleMaintenance } from "../../lib/status/operator";
import type { Principal } from "../../lib/workspaces/context";
import { enableMfa, totpAt } from "../support/mfa";
import { makeComponent, makeOperator } from "../support/operator-fixture";
import { membershipSnapshot, sessionPrincipalOf, workspaceFixture, type WorkspaceFixture } from "../support/workspace-fixture";

/**
 * Step-up: every sensitive console action needs a session that confirmed the person
 * within RECENT_AUTH_SECONDS. Refused attempts change nothing; the confirmation
 * (account.confirmIdentity) elevates that one session only.
 */
const hour = 3_600_000;
const priv = { isPublic: false } as const;

/** Everything a refused workspace action could have touched. */
async function workspaceState(f: WorkspaceFixture) {
  return withWorkspace(f.workspace.id, async (tx) => ({
    members: await membershipSnapshot(f.workspace.id),
    keys: await tx.apiKey.findMany({ select: { id: true, name: true, revokedAt: true }, orderBy: { id: "asc" } }),
    workspace: await tx.workspace.findUnique({ where: { id: f.workspace.id }, select: { mfaPolicy: true, name: true } }),
    credentials: await tx.providerCredential.findMany({ select: { id: true, last4: true }, orderBy: { id: "asc" } }),
  }));
}

function workspaceCases(f: WorkspaceFixture): [WorkspaceActionName, Record<string, unknown>][] {
  return [
    ["apiKeys.create", { name: "step-up key" }],
    ["apiKeys.revoke", { apiKeyId: f.targetKey.record.id }],
    ["workspace.transfer", { membershipId: f.memberships.admin.id }],
    ["members.changeRole", { membershipId: f.memberships.member.id, role: "ADMIN" }],
    ["members.remove", { membershipId: f.memberships.target.id }],
    ["workspace.setMfaPolicy", { policy: "ALL" }],
    ["workspace.delete", { confirmSlug: f.workspace.slug }],
    ["providers.delete", { credentialId: f.credential.id }],
  ];
}

const setElevatedAt = (sessionId: string, at: Date | null) => db().userSession.update({ where: { id: sessionId }, data: { elevatedAt: at } });

describe("step-up for workspace actions", () => {
  it("refuses every sensitive action on a session that has not confirmed it is them, and changes nothing", async () => {
    const f = await workspaceFixture("StepUp refuse");
    const owner = await sessionPrincipalOf(f.owner);
    const before = await workspaceState(f);
    for (const [name, input] of workspaceCases(f)) {
      const r = await runWorkspaceAction(name, owner, f.workspace.slug, input as never);
      expect(r, name).toMatchObject({ ok: false, error: { code: "REAUTH_REQUIRED" } });
      if (!name.startsWith("providers.")) expect(!r.ok && r.error.details, name).toEqual({ methods: ["password"] });
    }
    expect(await workspaceState(f)).toEqual(before);
    // A session-less principal (no row to elevate) is refused the same way.
    const bare = { userId: f.owner.id, email: f.owner.email, ip: "203.0.113.7" };
    expect(await runWorkspaceAction("apiKeys.create", bare, f.workspace.slug, { name: "x" })).toMatchObject({ ok: false, error: { code: "REAUTH_REQUIRED" } });
    expect(await workspaceState(f)).toEqual(before);
  });

  it("checks authorization and input first: a Member is FORBIDDEN, bad input is VALIDATION, not a prompt", async () => {
    const f = await workspaceFixture("StepUp order");
    const member = await sessionPrincipalOf(f.member);
    const owner = await sessionPrincipalOf(f.owner);
    expect(await runWorkspaceAction("members.remove", member, f.workspace.slug, { membershipId: f.memberships.target.id })).toMatchObject({ error: { code: "FORBIDDEN" } });
    expect(await runWorkspaceAction("apiKeys.create", owner, f.workspace.slug, { name: "" })).toMatchObject({ error: { code: "VALIDATION" } });
  });

  it("a wrong password keeps refusing; the right one lets each action run", async () => {
    const f = await workspaceFixture("StepUp confirm");
    const owner = await sessionPrincipalOf(f.owner);
    const slug = f.workspace.slug;
    const before = await workspaceState(f);

    const wrong = await runAccountAction("account.confirmIdentity", owner, { password: "not my password at all" });
    expect(wrong).toMatchObject({ ok: false, error: { code: "WRONG_PASSWORD", field: "password" } });
    expect(await runWorkspaceAction("apiKeys.create", owner, slug, { name: "after wrong" })).toMatchObject({ ok: false, error: { code: "REAUTH_REQUIRED" } });
    expect(await runAccountAction("account.confirmIdentity", owner, {})).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
    expect(await workspaceState(f)).toEqual(before);

    const right = await runAccountAction("account.confirmIdentity", owner, { password: f.owner.password });
    expect(right.ok).toBe(true);
    if (right.ok) expect(right.data.elevatedUntil.getTime()).toBeGreaterThan(Date.now() + (RECENT_AUTH_SECONDS - 10) * 1000);

    const created = await runWorkspaceAction("apiKeys.create", owner, slug, { name: "after right" });
    expect(created.ok).toBe(true);
    expect((await runWorkspaceAction("apiKeys.revoke", owner, slug, { apiKeyId: f.targetKey.record.id })).ok).toBe(true);
    expect((await runWorkspaceAction("members.changeRole", owner, slug, { membershipId: f.memberships.member.id, role: "ADMIN" })).ok).toBe(true);
    expect((await runWorkspaceAction("members.remove", owner, slug, { membershipId: f.memberships.target.id })).ok).toBe(true);
    expect((await runWorkspaceAction("providers.delete", owner, slug, { credentialId: f.credential.id })).ok).toBe(true);
    expect((await runWorkspaceAction("workspace.transfer", owner, slug, { membershipId: f.memberships.member.id })).ok).toBe(true);

    const after = await workspaceState(f);
    expect(after.keys.find((k) => k.name === "after right")).toBeTruthy();
    expect(after.keys.find((k) => k.id === f.targetKey.record.id)?.revokedAt).toBeInstanceOf(Date);
    expect(after.members.memberships.find((m) => m.id === f.memberships.target.id)).toBeUndefined();
    expect(after.members.memberships.find((m) => m.id === f.memberships.member.id)?.role).toBe("OWNER");
    expect(after.credentials).toEqual([]);
  });

  it("deleting the workspace runs after confirmation", async () => {
    const f = await workspaceFixture("StepUp delete");
    const owner = await sessionPrincipalOf(f.owner);
    expect(await runWorkspaceAction("workspace.delete", owner, f.workspace.slug, { confirmSlug: f.workspace.slug })).toMatchObject({ error: { code: "REAUTH_REQUIRED" } });
    expect((await runAccountAction("account.confirmIdentity", owner, { password: f.owner.password })).ok).toBe(true);
    expect((await runWorkspaceAction("workspace.delete", owner, f.workspace.slug, { confirmSlug: f.workspace.slug })).ok).toBe(true);
  });

  it("an elevation older than five minutes asks again, and it belongs to one session only", async () => {
    const f = await workspaceFixture("StepUp expiry");
    const owner = await sessionPrincipalOf(f.owner);
    const otherBrowser = await sessionPrincipalOf(f.owner);
    const slug = f.workspace.slug;
    expect((await runAccountAction("account.confirmIdentity", owner, { password: f.owner.password })).ok).toBe(true);
    expect((await runWorkspaceAction("apiKeys.create", owner, slug, { name: "fresh" })).ok).toBe(true);

    // The other session of the same person is not elevated by this one.
    expect(await runWorkspaceAction("apiKeys.create", otherBrowser, slug, { name: "other browser" })).toMatchObject({ ok: false, error: { code: "REAUTH_REQUIRED" } });

    await setElevatedAt(owner.sessionId, new Date(Date.now() - RECENT_AUTH_SECONDS * 1000 - 1000));
    const before = await workspaceState(f);
    expect(await runWorkspaceAction("apiKeys.create", owner, slug, { name: "stale" })).toMatchObject({ ok: false, error: { code: "REAUTH_REQUIRED" } });
    expect(await runWorkspaceAction("members.remove", owner, slug, { membershipId: f.memberships.target.id })).toMatchObject({ ok: false, error: { code: "REAUTH_REQUIRED" } });
    expect(await workspaceState(f)).toEqual(before);

    // An elevation on another user's session id does not count for this user.
    const admin = await sessionPrincipalOf(f.admin);
    expect((await runAccountAction("account.confirmIdentity", admin, { password: f.admin.password })).ok).toBe(true);
    const borrowed: Principal = { ...owner, sessionId: admin.sessionId };
    expect(await runWorkspaceAction("apiKeys.create", borrowed, slug, { name: "borrowed" })).toMatchObject({ ok: false, error: { code: "REAUTH_REQUIRED" } });
  });

  it("accepts a current TOTP code once when MFA is on, and refuses a replay", async () => {
    const f = await workspaceFixture("StepUp totp");
    const { secret } = await enableMfa(f.owner);
    const owner = await sessionPrincipalOf(f.owner, { mfaEnabled: true });
    const slug = f.workspace.slug;

    const refused = await runWorkspaceAction("apiKeys.create", owner, slug, { name: "totp key" });
    expect(refused).toMatchObject({ ok: false, error: { code: "REAUTH_REQUIRED", details: { methods: ["password", "totp"] } } });

    expect(await runAccountAction("account.confirmIdentity", owner, { code: "000000" })).toMatchObject({ ok: false, error: { code: "WRONG_PASSWORD", field: "code" } });
    // enableMfa used the current step: rewind the last accepted step so the current code is fresh.
    const now = Math.floor(Date.now() / 1000);
    await db().$executeRaw`UPDATE users SET totp_last_step = ${Math.floor(now / 30) - 2} WHERE id = ${f.owner.id}::uuid`;
    const code = await totpAt(secret, now);
    expect((await runAccountAction("account.confirmIdentity", owner, { code })).ok).toBe(true);
    expect((await runWorkspaceAction("apiKeys.create", owner, slug, { name: "totp key" })).ok).toBe(true);
    expect((await runWorkspaceAction("workspace.setMfaPolicy", owner, slug, { policy: "OWNERS_ADMINS" })).ok).toBe(true);

    // The same code on another session is a replay: refused, and that session stays unelevated.
    const second = await sessionPrincipalOf(f.owner, { mfaEnabled: true });
    expect(await runAccountAction("account.confirmIdentity", second, { code })).toMatchObject({ ok: false, error: { code: "WRONG_PASSWORD", field: "code" } });
    expect(await runWorkspaceAction("apiKeys.create", second, slug, { name: "replayed" })).toMatchObject({ ok: false, error: { code: "REAUTH_REQUIRED" } });
  });

  it("rate-limits repeated wrong passwords", async () => {
    const f = await workspaceFixture("StepUp limit");
    const owner = await sessionPrincipalOf(f.owner);
    let last: Awaited<ReturnType<typeof runAccountAction<"account.confirmIdentity">>> | undefined;
    for (let i = 0; i < 12; i++) {
      last = await runAccountAction("account.confirmIdentity", owner, { password: `wrong password ${i}` });
      if (!last.ok && last.error.code === "RATE_LIMITED") break;
    }
    expect(last).toMatchObject({ ok: false, error: { code: "RATE_LIMITED" } });
    // Blocked: even the right password is refused until the block ends, and nothing is elevated.
    expect(await runAccountAction("account.confirmIdentity", owner, { password: f.owner.password })).toMatchObject({ ok: false, error: { code: "RATE_LIMITED" } });
    expect(await runWorkspaceAction("apiKeys.create", owner, f.workspace.slug, { name: "x" })).toMatchObject({ ok: false, error: { code: "REAUTH_REQUIRED" } });
  });
});

describe("step-up for operator actions", () => {
  it("refuses every mutating operator action until the operator confirms, then runs it", async () => {
    const op = await makeOperator();
    const session = { ...(await sessionPrincipalOf(op, { mfaEnabled: true })), ip: op.principal.ip };
    const component = await makeComponent("stepup");
    const incident = await createIncident(op.principal, { title: "StepUp existing", impact: "minor", body: "First.", ...priv });
    const m = await scheduleMaintenance(op.principal, {
      title: "StepUp window",
      componentIds: [component.id],
      startsAt: new Date(Date.now() + hour),
      endsAt: new Date(Date.now() + 2 * hour),
    });
    const soon = { startsAt: new Date(Date.now() + hour).toISOString(), endsAt: new Date(Date.now() + 2 * hour).toISOString() };
    const cases: [OperatorActionName, Record<string, unknown>][] = [
      ["components.update", { componentId: component.id, name: "Pwned", position: 1, hidden: true, overrideState: null }],
      ["incidents.create", { title: "StepUp new", impact: "minor", body: "Body.", ...priv }],
      ["incidents.edit", { incidentId: incident.id, title: "Edited" }],
      ["incidents.postUpdate", { incidentId: incident.id, status: "resolved", body: "Fixed." }],
      ["maintenance.schedule", { title: "StepUp second", componentIds: [component.id], ...soon }],
      ["maintenance.cancel", { maintenanceId: m.id }],
      ["security.saveDetails", { incidentId: incident.id, workspaceIds: [], scope: "s", impact: "i", remediation: "r" }],
      ["security.confirm", { incidentId: incident.id }],
      ["security.sendNotices", { incidentId: incident.id }],
    ];
    const snapshot = async () => ({
      component: await db().statusComponent.findUniqueOrThrow({ where: { id: component.id }, select: { name: true, hidden: true, position: true } }),
      incidents: await db().statusIncident.count({ where: { title: "StepUp new" } }),
      incident: await db().statusIncident.findUniqueOrThrow({ where: { id: incident.id }, select: { title: true, status: true, isSecurity: true, confirmedAt: true } }),
      updates: await db().statusIncidentUpdate.count({ where: { incidentId: incident.id } }),
      maintenances: await db().statusMaintenance.findMany({ where: { title: { startsWith: "StepUp" } }, select: { id: true, cancelledAt: true } }),
    });
    const before = await snapshot();
    for (const [name, input] of cases) {
      expect(await runOperatorAction(name, session, input as never), name).toMatchObject({ ok: false, error: { code: "REAUTH_REQUIRED" } });
    }
    expect(await snapshot()).toEqual(before);

    // Each run: confirm, then the action goes through.
    expect((await runAccountAction("account.confirmIdentity", session, { password: op.password })).ok).toBe(true);
    for (const [name, input] of cases.filter(([n]) => !n.startsWith("security.confirm") && !n.startsWith("security.send"))) {
      expect(await runOperatorAction(name, session, input as never), name).toMatchObject({ ok: true });
    }
    const after = await snapshot();
    expect(after.component).toMatchObject({ name: "Pwned", hidden: true });
    expect(after.incidents).toBe(before.incidents + 1);
    expect(after.incident).toMatchObject({ title: "Edited", status: "resolved", isSecurity: true });
    expect(after.maintenances.find((x) => x.id === m.id)?.cancelledAt).toBeInstanceOf(Date);
  });

  it("keeps the inline password of the security-incident steps working", async () => {
    const op = await makeOperator();
    const session = { ...(await sessionPrincipalOf(op, { mfaEnabled: true })), ip: op.principal.ip };
    const incident = await createIncident(op.principal, { title: "StepUp inline", impact: "minor", body: "First.", ...priv });
    await db().statusIncident.update({ where: { id: incident.id }, data: { isSecurity: true } });
    expect(await runOperatorAction("security.confirm", session, { incidentId: incident.id, password: "" })).toMatchObject({ error: { code: "REAUTH_REQUIRED", field: "password" } });
    expect(await runOperatorAction("security.confirm", session, { incidentId: incident.id, password: "wrong password here" })).toMatchObject({ error: { code: "WRONG_PASSWORD" } });
    expect((await db().statusIncident.findUniqueOrThrow({ where: { id: incident.id } })).confirmedAt).toBeNull();
  });
});
