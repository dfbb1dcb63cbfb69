import { describe, expect, it } from "vitest";
import { accountActions, runAccountAction, runWorkspaceAction, workspaceActions, type WorkspaceActionName } from "../../lib/actions/registry";
import { createInvitation } from "../../lib/invitations";
import { resolveActor, type Principal } from "../../lib/workspaces/context";
import { Role } from "../../lib/db";
import { accountExpectations, workspaceExpectations, type Actor, type Outcome } from "./authz-expectations";
import { makeUser } from "../support/fixtures";
import { enableMfa, totpAt } from "../support/mfa";
import { startEnrolment } from "../../lib/mfa/enrolment";
import { principalOf, workspaceFixture, type WorkspaceFixture } from "../support/workspace-fixture";

/** A valid input for each action against a fresh fixture (so only authorization decides). */
const sampleInput: Record<WorkspaceActionName, (f: WorkspaceFixture) => Record<string, unknown>> = {
  "workspace.rename": () => ({ name: "Renamed" }),
  "workspace.delete": (f) => ({ confirmSlug: f.workspace.slug }),
  "workspace.transfer": (f) => ({ membershipId: f.memberships.target.id }),
  "workspace.leave": () => ({}),
  "workspace.setMfaPolicy": () => ({ policy: "OFF" }),
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
  "usage.overview": () => ({}),
  "usage.dashboard": () => ({ range: "30d" }),
  "usage.options": () => ({}),
  "usage.recent": () => ({ range: "24h", status: "2xx" }),
  "usage.export": () => ({ range: "7d" }),
};

function principalFor(actor: Actor, f: WorkspaceFixture, stranger: Principal): Principal | null {
  switch (actor) {
    case "OWNER": return principalOf(f.owner);
    case "ADMIN": return principalOf(f.admin);
    case "MEMBER": return principalOf(f.member);
    case "NONMEMBER": return stranger;
    case "OTHER_OWNER": return principalOf(f.other.owner);
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
      const stranger = principalOf(await makeUser("stranger"));
      const got: Record<string, Outcome> = {};
      for (const actor of actors) {
        const f = await workspaceFixture(`M ${name}`);
        const result = await runWorkspaceAction(name, principalFor(actor, f, stranger), f.workspace.slug, sampleInput[name](f));
        got[actor] = outcomeOf(result);
      }
      expect(got).toEqual(workspaceExpectations[name]);
    });
  }

  it("account actions: allowed when signed in, refused when anonymous", async () => {
    const got: Record<string, { SIGNED_IN: Outcome; ANON: Outcome }> = {};
    for (const name of Object.keys(accountActions) as (keyof typeof accountActions)[]) {
      const user = await makeUser("acct");
      const p = principalOf(user);
      let input: Record<string, unknown> = {};
      if (name === "workspace.create") input = { name: "Made in matrix" };
      if (name === "account.changePassword") input = { currentPassword: user.password, newPassword: "a brand new long passphrase 42" };
      if (name === "mfa.start") input = { password: user.password };
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
