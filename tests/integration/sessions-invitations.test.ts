import { describe, expect, it } from "vitest";
import { runAccountAction, runWorkspaceAction } from "../../lib/actions/registry";
import { createSession, validateSession, revokeSession } from "../../lib/auth/sessions";
import { describeInvitation, hashToken } from "../../lib/invitations";
import { resolveActor } from "../../lib/workspaces/context";
import { withWorkspace } from "../../lib/db";
import { connect, superDbUrl } from "../support/db";
import { makeUser } from "../support/fixtures";
import { elevatedPrincipalOf, principalOf, workspaceFixture } from "../support/workspace-fixture";

describe("server-side session revocation", () => {
  it("a session stops validating after sign-out", async () => {
    const user = await makeUser("sess-out");
    const s = await createSession(user.id, { ip: "192.0.2.5" });
    expect(await validateSession(s.id, user.id)).toMatchObject({ userId: user.id });
    await revokeSession(s.id);
    expect(await validateSession(s.id, user.id)).toBeNull();
  });

  it("a session id does not work for another user", async () => {
    const [a, b] = [await makeUser("sess-a"), await makeUser("sess-b")];
    const s = await createSession(a.id, {});
    expect(await validateSession(s.id, b.id)).toBeNull();
  });

  it("changing the password ends every session; signing out everywhere does too", async () => {
    const user = await makeUser("sess-pw");
    const s1 = await createSession(user.id, {});
    const s2 = await createSession(user.id, {});
    const p = { ...principalOf(user), sessionId: s1.id };
    const weak = await runAccountAction("account.changePassword", p, { currentPassword: user.password, newPassword: "password1234" });
    expect(weak).toMatchObject({ ok: false, error: { code: "WEAK_PASSWORD" } });
    const wrong = await runAccountAction("account.changePassword", p, { currentPassword: "not it at all", newPassword: "a fresh long passphrase 7" });
    expect(wrong).toMatchObject({ ok: false, error: { code: "WRONG_PASSWORD" } });
    expect(await validateSession(s1.id, user.id)).not.toBeNull();
    const ok = await runAccountAction("account.changePassword", p, { currentPassword: user.password, newPassword: "a fresh long passphrase 7" });
    expect(ok.ok).toBe(true);
    expect(await validateSession(s1.id, user.id)).toBeNull();
    expect(await validateSession(s2.id, user.id)).toBeNull();

    const s3 = await createSession(user.id, {});
    expect((await runAccountAction("account.signOutAll", p, {})).ok).toBe(true);
    expect(await validateSession(s3.id, user.id)).toBeNull();
  });

  it("a removed member loses access on the next request", async () => {
    const f = await workspaceFixture("Removed");
    expect(await resolveActor(await elevatedPrincipalOf(f.target), f.workspace.slug)).toMatchObject({ role: "MEMBER" });
    expect((await runWorkspaceAction("members.remove", await elevatedPrincipalOf(f.owner), f.workspace.slug, { membershipId: f.memberships.target.id })).ok).toBe(true);
    await expect(resolveActor(await elevatedPrincipalOf(f.target), f.workspace.slug)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("invitations", () => {
  it("are single-use, bound to the invited email, and stored only as a hash", async () => {
    const f = await workspaceFixture("Invites");
    const invitee = await makeUser("invitee");
    const stranger = await makeUser("not-invitee");
    const created = await runWorkspaceAction("members.invite", await elevatedPrincipalOf(f.admin), f.workspace.slug, { email: invitee.email.toUpperCase(), role: "MEMBER" });
    expect(created.ok).toBe(true);
    const { link } = (created as { data: { link: string } }).data;
    const token = link.split("/invite/")[1]!;

    expect(await describeInvitation(token)).toMatchObject({ status: "pending", email: invitee.email, workspaceName: "Invites" });
    expect(await runAccountAction("invitation.accept", await elevatedPrincipalOf(stranger), { token })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await runAccountAction("invitation.accept", await elevatedPrincipalOf(invitee), { token })).toMatchObject({ ok: true, data: { slug: f.workspace.slug } });
    expect(await resolveActor(await elevatedPrincipalOf(invitee), f.workspace.slug)).toMatchObject({ role: "MEMBER" });
    expect(await runAccountAction("invitation.accept", await elevatedPrincipalOf(invitee), { token })).toMatchObject({ ok: false, error: { code: "INVITATION_INVALID" } });

    // The superuser reads past RLS, like a database backup would.
    const owner = await connect(superDbUrl());
    const rows = await owner.query("SELECT token_hash FROM invitations WHERE token_hash = $1", [hashToken(token)]);
    const plain = await owner.query("SELECT count(*)::int AS n FROM invitations WHERE token_hash = $1 OR email = $1", [token]);
    await owner.end();
    expect(rows.rowCount).toBe(1);
    expect(plain.rows[0].n).toBe(0);
  });

  it("refuses expired and revoked invitations", async () => {
    const f = await workspaceFixture("Invites expiry");
    const invitee = await makeUser("late");
    const created = await runWorkspaceAction("members.invite", await elevatedPrincipalOf(f.owner), f.workspace.slug, { email: invitee.email, role: "ADMIN" });
    const token = (created as { data: { link: string } }).data.link.split("/invite/")[1]!;
    await withWorkspace(f.workspace.id, (tx) => tx.invitation.updateMany({ where: { email: invitee.email }, data: { expiresAt: new Date(Date.now() - 1000) } }));
    expect((await describeInvitation(token))?.status).toBe("expired");
    expect(await runAccountAction("invitation.accept", await elevatedPrincipalOf(invitee), { token })).toMatchObject({ ok: false, error: { code: "INVITATION_INVALID" } });

    const revokedRes = await runWorkspaceAction("invitations.revoke", await elevatedPrincipalOf(f.owner), f.workspace.slug, { invitationId: f.invitation.id });
    expect(revokedRes.ok).toBe(true);
    const tokenless = await runAccountAction("invitation.accept", await elevatedPrincipalOf(invitee), { token: "x".repeat(43) });
    expect(tokenless).toMatchObject({ ok: false, error: { code: "INVITATION_INVALID" } });
  });

  it("queues the invitation email in the outbox of the inviting workspace only", async () => {
    const f = await workspaceFixture("Outbox");
    const mail = await withWorkspace(f.workspace.id, (tx) => tx.emailOutbox.findMany({ where: { kind: "invitation" } }));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.body).toContain("/invite/");
    const otherMail = await withWorkspace(f.other.workspace.id, (tx) => tx.emailOutbox.findMany());
    expect(otherMail).toEqual([]);
  });
});
