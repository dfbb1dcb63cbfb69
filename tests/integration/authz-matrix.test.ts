import { describe, expect, it } from "vitest";
import {
  accountActions,
  operatorActions,
  runAccountAction,
  runOperatorAction,
  runWorkspaceAction,
  workspaceActions,
  type OperatorActionName,
  type WorkspaceActionName,
} from "../../lib/actions/registry";
import { createInvitation } from "../../lib/invitations";
import { resolveActor, type Principal } from "../../lib/workspaces/context";
import { Role, withWorkspace } from "../../lib/db";
import { accountExpectations, operatorExpectations, workspaceExpectations, type Actor, type OperatorActor, type Outcome } from "./authz-expectations";
import { addressedNotice, makeComponent, makeOperator } from "../support/operator-fixture";
import { makeUser } from "../support/fixtures";
import { enableMfa, totpAt } from "../support/mfa";
import { startEnrolment } from "../../lib/auth/mfa-settings";
import { createSession } from "../../lib/auth/sessions";
import { elevatedPrincipalOf, principalOf, sessionPrincipalOf, workspaceFixture, type WorkspaceFixture } from "../support/workspace-fixture";

/** A valid input for each action against a fresh fixture (so only authorization decides). */
const sampleInput: Record<WorkspaceActionName, (f: WorkspaceFixture) => Record<string, unknown> | Promise<Record<string, unknown>>> = {
  "workspace.rename": () => ({ name: "Renamed" }),
  "workspace.delete": (f) => ({ confirmSlug: f.workspace.slug }),
  "workspace.transfer": (f) => ({ membershipId: f.memberships.target.id }),
  "workspace.leave": () => ({}),
  "workspace.setMfaPolicy": () => ({ policy: "OFF" }),
  "workspace.mfaCompliance": () => ({}),
  "workspace.corsOrigins": () => ({}),
  "workspace.setCorsOrigins": () => ({ origins: "https://app.example.com" }),
  "members.list": () => ({}),
  "members.invite": () => ({ email: `new-${Math.random().toString(36).slice(2)}@example.test`, role: "MEMBER" }),
  "members.changeRole": (f) => ({ membershipId: f.memberships.target.id, role: "MEMBER" }),
  "members.remove": (f) => ({ membershipId: f.memberships.target.id }),
  "invitations.list": () => ({}),
  "invitations.revoke": (f) => ({ invitationId: f.invitation.id }),
  "audit.list": () => ({}),
  "providers.list": () => ({}),
  "providers.add": (f) => ({ provider: "mock", label: `m-${Math.random().toString(36).slice(2, 8)}`, key: "mock-key-abcdef", password: f.owner.password }),
  "providers.replace": (f) => ({ credentialId: f.credential.id, key: "mock-key-replaced", password: f.owner.password }),
  "providers.delete": (f) => ({ credentialId: f.credential.id, password: f.owner.password }),
  "providers.test": (f) => ({ credentialId: f.credential.id }),
  "apiKeys.list": () => ({}),
  "apiKeys.create": () => ({ name: "matrix key" }),
  "apiKeys.revoke": (f) => ({ apiKeyId: f.targetKey.record.id }),
  "limits.get": (f) => ({ apiKeyId: f.targetKey.record.id }),
  "limits.keys": () => ({}),
  "limits.set": (f) => ({ apiKeyId: f.targetKey.record.id, requestsPerMinute: "60", allowedModels: "mock/*" }),
  "usage.setup": () => ({}),
  "usage.overview": () => ({}),
  "usage.dashboard": () => ({ range: "30d" }),
  "usage.options": () => ({}),
  "usage.recent": () => ({ range: "24h", status: "2xx" }),
  "usage.export": () => ({ range: "7d" }),
  "notices.list": () => ({}),
  "notices.markRead": async (f) => {
    const { noticeId } = await addressedNotice(f.workspace.id, [
      { id: f.owner.id, email: f.owner.email, role: "OWNER" },
      { id: f.admin.id, email: f.admin.email, role: "ADMIN" },
    ]);
    return { noticeId };
  },
  "alerts.list": () => ({}),
  "alerts.addWebhook": () => ({ name: "Pager", url: "https://hooks.example.com/auriko" }),
  "alerts.addEmail": () => ({}),
  "alerts.remove": async (f) => ({
    destinationId: await withWorkspace(f.workspace.id, async (tx) =>
      (await tx.alertDestination.create({ data: { workspaceId: f.workspace.id, kind: "email", name: "Owners and Admins (e-mail)" }, select: { id: true } })).id,
    ),
  }),
};

/** Each role on a session that has just confirmed it is them: step-up (tests/integration/step-up.test.ts) is not what this matrix measures. */
async function principalFor(actor: Actor, f: WorkspaceFixture, stranger: Principal): Promise<Principal | null> {
  switch (actor) {
    case "OWNER": return elevatedPrincipalOf(f.owner);
    case "ADMIN": return elevatedPrincipalOf(f.admin);
    case "MEMBER": return elevatedPrincipalOf(f.member);
    case "NONMEMBER": return stranger;
    case "OTHER_OWNER": return elevatedPrincipalOf(f.other.owner);
    case "ANON": return null;
  }
}

const outcomeOf = (r: { ok: boolean; error?: { code: string } }): Outcome => (r.ok ? "ok" : (r.error!.code as Outcome));

describe("authorization matrix", () => {
  it("has an expectation for every console action, and none for actions that do not exist", () => {
    expect(Object.keys(workspaceExpectations).sort()).toEqual(Object.keys(workspaceActions).sort());
    expect(Object.keys(accountExpectations).sort()).toEqual(Object.keys(accountActions).sort());
  });

  const actors: Actor[] = ["OWNER", "ADMIN", "MEMBER", "NONMEMBER", "ANON", "OTHER_OWNER"];
  for (const name of Object.keys(workspaceActions) as WorkspaceActionName[]) {
    it(`${name}: every role gets exactly its expected outcome`, async () => {
      const stranger = await elevatedPrincipalOf(await makeUser("stranger"));
      const got: Record<string, Outcome> = {};
      for (const actor of actors) {
        const f = await workspaceFixture(`M ${name}`);
        const result = await runWorkspaceAction(name, await principalFor(actor, f, stranger), f.workspace.slug, await sampleInput[name](f));
        got[actor] = outcomeOf(result);
      }
      expect(got).toEqual(workspaceExpectations[name]);
    });
  }

  it("has an expectation for every operator action", () => {
    expect(Object.keys(operatorExpectations).sort()).toEqual(Object.keys(operatorActions).sort());
  });

  for (const name of Object.keys(operatorActions) as OperatorActionName[]) {
    it(`${name}: only an operator with two-factor authentication gets through`, async () => {
      const operator = await makeOperator();
      const noMfa = await makeOperator({ mfa: false });
      const f = await workspaceFixture(`Op ${name}`);
      const actors: Record<OperatorActor, Principal | null> = {
        OPERATOR: operator.elevated,
        OPERATOR_NO_MFA: noMfa.elevated,
        WORKSPACE_OWNER: await elevatedPrincipalOf(f.owner),
        SIGNED_IN: await elevatedPrincipalOf(f.member),
        ANON: null,
      };
      const got: Record<string, Outcome> = {};
      for (const [actor, principal] of Object.entries(actors)) {
        const input = await operatorSample(name, operator, f);
        got[actor] = outcomeOf(await runOperatorAction(name, principal, input));
      }
      expect(got).toEqual(operatorExpectations[name]);
    });
  }

  it("account actions: allowed when signed in, refused when anonymous", async () => {
    const got: Record<string, { SIGNED_IN: Outcome; ANON: Outcome }> = {};
    for (const name of Object.keys(accountActions) as (keyof typeof accountActions)[]) {
      const user = await makeUser("acct");
      let p: Principal = principalOf(user);
      let input: Record<string, unknown> = {};
      if (name === "account.confirmIdentity") {
        p = await sessionPrincipalOf(user);
        input = { password: user.password };
      }
      if (name === "workspace.create") input = { name: "Made in matrix" };
      if (name === "account.changePassword") input = { currentPassword: user.password, newPassword: "a brand new long passphrase 42" };
      if (name === "mfa.start") input = { password: user.password };
      if (name === "account.endSession") input = { sessionId: (await createSession(user.id, {})).id };
      if (name === "mfa.confirm") {
        const { secret } = await startEnrolment(p, { password: user.password });
        input = { code: await totpAt(secret) };
      }
      if (name === "mfa.regenerateCodes" || name === "mfa.disable") {
        const { recoveryCodes } = await enableMfa(user);
        input = { password: user.password, code: recoveryCodes[0] };
      }
      if (name === "invitation.accept") {
        const f = await workspaceFixture("Invite matrix");
        const owner = await resolveActor(principalOf(f.owner), f.workspace.slug);
        const { link } = await createInvitation(owner, { email: user.email, role: Role.MEMBER });
        input = { token: link.split("/invite/")[1] };
      }
      got[name] = { SIGNED_IN: outcomeOf(await runAccountAction(name, p, input)), ANON: outcomeOf(await runAccountAction(name, null, input)) };
    }
    expect(got).toEqual(accountExpectations);
  });
});

type Op = Awaited<ReturnType<typeof makeOperator>>;

/** A valid input for each operator action, set up fresh by the (real) operator. */
async function operatorSample(name: OperatorActionName, op: Op, f: WorkspaceFixture): Promise<Record<string, unknown>> {
  const run = async (n: OperatorActionName, input: Record<string, unknown>) => {
    const r = await runOperatorAction(n, op.elevated, input);
    if (!r.ok) throw new Error(`${n}: ${r.error.code} ${r.error.message}`);
    return r.data as { id: string };
  };
  // Own hidden components and private incidents: the public status page other tests read stays as it is.
  const component = async () => (await makeComponent("matrix")).id;
  const incident = async () => (await run("incidents.create", { title: "Matrix incident", impact: "minor", isPublic: false, body: "Looking into it." })).id;
  const security = async (confirm: boolean) => {
    const incidentId = await incident();
    await run("security.saveDetails", { incidentId, workspaceIds: [f.workspace.id], scope: "s", impact: "i", remediation: "r" });
    if (confirm) await run("security.confirm", { incidentId, password: op.password });
    return incidentId;
  };
  switch (name) {
    case "components.update": {
      const c = await makeComponent("matrix");
      return { componentId: c.id, name: c.name, description: c.description, position: c.position, hidden: true, overrideState: "partial_outage" };
    }
    case "incidents.get":
    case "security.delivery":
      return { incidentId: await incident() };
    case "incidents.create":
      return { title: "Matrix", impact: "minor", isPublic: false, components: [{ componentId: await component(), state: "degraded_performance" }], body: "Investigating." };
    case "incidents.edit":
      return { incidentId: await incident(), title: "Edited" };
    case "incidents.postUpdate":
      return { incidentId: await incident(), status: "identified", body: "Found it." };
    case "maintenance.schedule":
      return { title: "Matrix window", startsAt: new Date(Date.now() + 3_600_000), endsAt: new Date(Date.now() + 7_200_000), componentIds: [await component()] };
    case "maintenance.cancel": {
      const m = await run("maintenance.schedule", {
        title: "To cancel", startsAt: new Date(Date.now() + 3_600_000), endsAt: new Date(Date.now() + 7_200_000), componentIds: [await component()],
      });
      return { maintenanceId: m.id };
    }
    case "security.saveDetails":
      return { incidentId: await incident(), workspaceIds: [f.workspace.id], scope: "s", impact: "i", remediation: "r" };
    case "security.confirm":
      return { incidentId: await security(false), password: op.password };
    case "security.sendNotices":
      return { incidentId: await security(true), password: op.password };
    default:
      return {};
  }
}
