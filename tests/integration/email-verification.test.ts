import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { runAccountAction } from "../../lib/actions/registry";
import { signUp } from "../../lib/auth/account";
import {
  confirmEmail,
  EMAIL_VERIFICATION_EMAIL_KIND,
  hashVerifyToken,
  inspectVerifyToken,
  VERIFY_LIMITS,
  VERIFY_TOKEN_TTL_HOURS,
} from "../../lib/auth/email-verification";
import { db, Role, withWorkspace } from "../../lib/db";
import { listWorkspacesOfUser, withAccountOutbox } from "../../lib/db/privileged";
import { createInvitation, describeInvitation, mailboxProof } from "../../lib/invitations";
import { resolveActor } from "../../lib/workspaces/context";
import { uniqueEmail } from "../support/db";
import { makeUser } from "../support/fixtures";
import { principalOf, workspaceFixture } from "../support/workspace-fixture";

const PASSWORD = "a long enough sign-up passphrase";
const ip = () => `2001:db8:7::${randomBytes(2).toString("hex")}`;

async function verificationMail(email: string) {
  return withAccountOutbox((tx) =>
    tx.emailOutbox.findMany({ where: { toEmail: email, kind: EMAIL_VERIFICATION_EMAIL_KIND }, orderBy: { createdAt: "asc" } }),
  );
}

function tokenIn(body: string): string {
  const m = /\/verify-email\/([A-Za-z0-9_-]{43})\b/.exec(body);
  if (!m) throw new Error("no verification link in the email");
  return m[1]!;
}

/** Signs up a new address through the service and returns the user and the token from the queued e-mail. */
async function signUpNew(tag: string) {
  const email = uniqueEmail(tag);
  expect(await signUp({ email, password: PASSWORD, ip: ip() })).toEqual({ status: "check_email", email });
  const user = await db().user.findUniqueOrThrow({ where: { email } });
  const mail = await verificationMail(email);
  return { user, email, token: tokenIn(mail.at(-1)!.body), principal: { ...principalOf(user), ip: ip() } };
}

/** The token and mailbox proof of the latest invitation e-mail to `email` from workspace `workspaceId`. */
async function invitationMailLink(workspaceId: string, email: string): Promise<{ token: string; proof: string }> {
  const mail = await withWorkspace(workspaceId, (tx) =>
    tx.emailOutbox.findFirstOrThrow({ where: { workspaceId, toEmail: email, kind: "invitation" }, orderBy: { createdAt: "desc" } }),
  );
  const m = /\/invite\/([A-Za-z0-9_-]{20,200})\?proof=([A-Za-z0-9_-]{43})\b/.exec(mail.body);
  if (!m) throw new Error("no invitation link with a mailbox proof in the e-mail");
  return { token: m[1]!, proof: m[2]! };
}

const verifiedAt = async (id: string) => (await db().user.findUniqueOrThrow({ where: { id }, select: { emailVerifiedAt: true } })).emailVerifiedAt;

describe("e-mail verification links", () => {
  it("a new account starts unconfirmed; its link (only the hash stored) works once and confirms the address", async () => {
    const { user, email, token } = await signUpNew("verify-once");
    expect(user.emailVerifiedAt).toBeNull();
    const mail = await verificationMail(email);
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ workspaceId: null, subject: "Confirm your e-mail address for Auriko" });
    expect(mail[0]!.body).toContain(`${VERIFY_TOKEN_TTL_HOURS} hours`);
    const rows = await db().emailVerificationToken.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(hashVerifyToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime()).toBe(VERIFY_TOKEN_TTL_HOURS * 3_600_000);

    // Looking at the link (the page's GET) does not use it.
    expect(await inspectVerifyToken(token, ip())).toEqual({ email });
    expect(await verifiedAt(user.id)).toBeNull();
    expect(await confirmEmail({ token, ip: ip() })).toEqual({ email });
    expect(await verifiedAt(user.id)).toBeInstanceOf(Date);
    const events = await db().accountSecurityEvent.findMany({ where: { userId: user.id } });
    expect(events.map((e) => e.kind)).toEqual(["email_verified"]);

    await expect(confirmEmail({ token, ip: ip() })).rejects.toMatchObject({ code: "VERIFY_TOKEN_USED" });
    await expect(inspectVerifyToken(token, ip())).rejects.toMatchObject({ code: "VERIFY_TOKEN_USED" });
  });

  it("an expired link is refused and leaves the address unconfirmed", async () => {
    const { user, token } = await signUpNew("verify-expired");
    const past = Date.now() - (VERIFY_TOKEN_TTL_HOURS + 1) * 3_600_000;
    await db().emailVerificationToken.updateMany({
      where: { userId: user.id },
      data: { createdAt: new Date(past), expiresAt: new Date(past + VERIFY_TOKEN_TTL_HOURS * 3_600_000) },
    });
    await expect(inspectVerifyToken(token, ip())).rejects.toMatchObject({ code: "VERIFY_TOKEN_EXPIRED", status: 410 });
    await expect(confirmEmail({ token, ip: ip() })).rejects.toMatchObject({ code: "VERIFY_TOKEN_EXPIRED" });
    expect(await verifiedAt(user.id)).toBeNull();
  });

  it("'Send a new link' supersedes the last link, and is rate-limited per account", async () => {
    const { user, email, token: first, principal } = await signUpNew("verify-resend");
    const sent = await runAccountAction("account.resendVerification", principal, {});
    expect(sent).toEqual({ ok: true, data: { email, alreadyVerified: false } });
    const second = tokenIn((await verificationMail(email)).at(-1)!.body);
    expect(second).not.toBe(first);
    await expect(confirmEmail({ token: first, ip: ip() })).rejects.toMatchObject({ code: "VERIFY_TOKEN_SUPERSEDED" });
    expect(await db().emailVerificationToken.count({ where: { userId: user.id, usedAt: null, supersededAt: null } })).toBe(1);

    const outcomes = [];
    for (let i = 0; i < VERIFY_LIMITS.resend.free + 1; i++) {
      const r = await runAccountAction("account.resendVerification", principal, {});
      outcomes.push(r.ok ? "ok" : r.error.code);
    }
    // One was used above: `free` requests, then the next one starts a wait.
    expect(outcomes).toEqual([...Array(VERIFY_LIMITS.resend.free).fill("ok"), "RATE_LIMITED"]);
    const latest = tokenIn((await verificationMail(email)).at(-1)!.body);
    await confirmEmail({ token: latest, ip: ip() });
    expect(await verifiedAt(user.id)).toBeInstanceOf(Date);
  });

  it("wrong tokens count against the client address: after the free ones even a good link is refused from there", async () => {
    const { user, token } = await signUpNew("verify-guard");
    const attacker = ip();
    for (let i = 0; i < VERIFY_LIMITS.token.free; i++) {
      const guess = randomBytes(32).toString("base64url");
      await expect(confirmEmail({ token: guess, ip: attacker })).rejects.toMatchObject({ code: "VERIFY_TOKEN_INVALID" });
    }
    await expect(confirmEmail({ token: "short", ip: attacker })).rejects.toMatchObject({ code: "VERIFY_TOKEN_INVALID" });
    await expect(confirmEmail({ token, ip: attacker })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await expect(inspectVerifyToken(token, attacker)).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(await verifiedAt(user.id)).toBeNull();
    // Another address is not blocked, and the link still works there.
    await confirmEmail({ token, ip: ip() });
    expect(await verifiedAt(user.id)).toBeInstanceOf(Date);
  });
});

describe("what an unconfirmed account may do", () => {
  it("may not create a workspace (EMAIL_UNVERIFIED, nothing stored); once confirmed it may", async () => {
    const { user, token, principal } = await signUpNew("verify-ws");
    const refused = await runAccountAction("workspace.create", principal, { name: "Too early" });
    expect(refused).toMatchObject({ ok: false, error: { code: "EMAIL_UNVERIFIED" } });
    expect(await listWorkspacesOfUser(user.id)).toEqual([]);

    await confirmEmail({ token, ip: ip() });
    const made = await runAccountAction("workspace.create", principal, { name: "Now confirmed" });
    expect(made.ok).toBe(true);
    expect(await listWorkspacesOfUser(user.id)).toHaveLength(1);
  });

  it("may not accept an invitation for another address (EMAIL_UNVERIFIED, the invitation stays pending)", async () => {
    const { user, principal } = await signUpNew("verify-inv-other");
    const f = await workspaceFixture("Verify other invite");
    const owner = await resolveActor(principalOf(f.owner), f.workspace.slug);
    const { link } = await createInvitation(owner, { email: uniqueEmail("someone-else"), role: Role.MEMBER });
    const token = link.split("/invite/")[1]!;
    const r = await runAccountAction("invitation.accept", principal, { token });
    expect(r).toMatchObject({ ok: false, error: { code: "EMAIL_UNVERIFIED" } });
    expect((await describeInvitation(token))?.status).toBe("pending");
    const members = await withWorkspace(f.workspace.id, (tx) => tx.membership.findMany({ where: { userId: user.id } }));
    expect(members).toEqual([]);
    expect(await verifiedAt(user.id)).toBeNull();
  });

  it("accepting with the invitation e-mail's link confirms the own address; the inviter's copy of the link does not", async () => {
    const { user, email, principal } = await signUpNew("verify-inv-own");
    const f = await workspaceFixture("Verify own invite");
    const owner = await resolveActor(principalOf(f.owner), f.workspace.slug);
    const { link } = await createInvitation(owner, { email, role: Role.MEMBER });
    const token = link.split("/invite/")[1]!;
    // The link the inviter sees carries no mailbox proof.
    expect(link).not.toContain("proof=");

    // The copied link, or a made-up proof, lets an unconfirmed account in nowhere and confirms nothing.
    for (const input of [{ token }, { token, proof: "A".repeat(43) }, { token, proof: mailboxProof(`${token}x`) }]) {
      const refused = await runAccountAction("invitation.accept", principal, input);
      expect(refused).toMatchObject({ ok: false, error: { code: "EMAIL_UNVERIFIED" } });
    }
    expect((await describeInvitation(token))?.status).toBe("pending");
    expect(await withWorkspace(f.workspace.id, (tx) => tx.membership.findMany({ where: { userId: user.id } }))).toEqual([]);
    expect(await verifiedAt(user.id)).toBeNull();

    // The e-mailed link does both.
    const mailed = await invitationMailLink(f.workspace.id, email);
    expect(mailed.token).toBe(token);
    expect(mailed.proof).toBe(mailboxProof(token));
    const r = await runAccountAction("invitation.accept", principal, mailed);
    expect(r).toMatchObject({ ok: true, data: { slug: f.workspace.slug } });
    expect(await verifiedAt(user.id)).toBeInstanceOf(Date);
    expect((await runAccountAction("workspace.create", principal, { name: "Invited and confirmed" })).ok).toBe(true);
  });

  it("an inviter cannot keep an account for the address they invited: an unconfirmed one they made is taken over by its owner", async () => {
    const f = await workspaceFixture("Verify inviter squat");
    const inviter = await resolveActor(principalOf(f.owner), f.workspace.slug);
    const victim = uniqueEmail("invited-victim");
    // The inviter registers the address, then invites it and accepts with the copied link.
    expect(await signUp({ email: victim, password: PASSWORD, ip: ip() })).toEqual({ status: "check_email", email: victim });
    const squatter = await db().user.findUniqueOrThrow({ where: { email: victim } });
    const { link } = await createInvitation(inviter, { email: victim, role: Role.ADMIN });
    const token = link.split("/invite/")[1]!;
    const refused = await runAccountAction("invitation.accept", { ...principalOf(squatter), ip: ip() }, { token });
    expect(refused).toMatchObject({ ok: false, error: { code: "EMAIL_UNVERIFIED" } });
    expect(await verifiedAt(squatter.id)).toBeNull();

    // The owner of the mailbox signs up from the e-mailed link: the account becomes theirs.
    const mailed = await invitationMailLink(f.workspace.id, victim);
    const theirs = "the mailbox owner's own passphrase";
    expect(await signUp({ email: victim, password: theirs, ip: ip(), invitationToken: mailed.token, invitationProof: mailed.proof })).toEqual({
      status: "check_email",
      email: victim,
    });
    const after = await db().user.findUniqueOrThrow({ where: { email: victim } });
    expect(after.passwordHash).not.toBe(squatter.passwordHash);
    const r = await runAccountAction("invitation.accept", { ...principalOf(after), ip: ip() }, mailed);
    expect(r.ok).toBe(true);
    expect(await verifiedAt(after.id)).toBeInstanceOf(Date);
  });

  it("a sign-up with the invitation e-mail's link for that address is created confirmed; a copied link or another address gets the usual answer", async () => {
    const f = await workspaceFixture("Verify invite sign-up");
    const owner = await resolveActor(principalOf(f.owner), f.workspace.slug);
    const email = uniqueEmail("invited-signup");
    await createInvitation(owner, { email, role: Role.MEMBER });
    const { token: invitationToken, proof: invitationProof } = await invitationMailLink(f.workspace.id, email);

    const other = uniqueEmail("not-invited");
    expect(await signUp({ email: other, password: PASSWORD, ip: ip(), invitationToken, invitationProof })).toEqual({ status: "check_email", email: other });
    expect(await verifiedAt((await db().user.findUniqueOrThrow({ where: { email: other } })).id)).toBeNull();

    // The inviter's copy of the link (no proof) for the invited address: the same answer as any sign-up, unconfirmed.
    const copied = uniqueEmail("invited-copied");
    await createInvitation(owner, { email: copied, role: Role.MEMBER });
    const copiedToken = (await invitationMailLink(f.workspace.id, copied)).token;
    expect(await signUp({ email: copied, password: PASSWORD, ip: ip(), invitationToken: copiedToken })).toEqual({ status: "check_email", email: copied });
    expect(await verifiedAt((await db().user.findUniqueOrThrow({ where: { email: copied } })).id)).toBeNull();

    expect(await signUp({ email: email.toUpperCase(), password: PASSWORD, ip: ip(), invitationToken, invitationProof })).toEqual({
      status: "created",
      email,
    });
    const user = await db().user.findUniqueOrThrow({ where: { email } });
    expect(user.emailVerifiedAt).toBeInstanceOf(Date);
    expect(await verificationMail(email)).toEqual([]);
    const r = await runAccountAction("invitation.accept", principalOf(user), { token: invitationToken, proof: invitationProof });
    expect(r.ok).toBe(true);
  });

  it("fixtures and operator-made users are confirmed", async () => {
    const u = await makeUser("verify-fixture");
    expect(await verifiedAt(u.id)).toBeInstanceOf(Date);
  });
});
