import "server-only";
import { z } from "zod";
import { db } from "../db";
import { listWorkspacesOfUser } from "../db/privileged";
import { recordAuditIn } from "../audit";
import { AppError } from "../errors";
import { checkGuard, clearGuard, recordFailure, type GuardKey } from "../brute-force";
import { hashPassword, verifyPassword } from "./password";
import { checkPasswordPolicy } from "./password-policy";
import { revokeAllSessions } from "./sessions";
import { recordAuthEvent } from "./trail";
import { recordSecurityEvent } from "../security-events";
import { normaliseEmail } from "./sign-in";
import type { Principal } from "../workspaces/context";
import { withAccountOutbox } from "../db/privileged";
import { describeInvitation, isMailboxProof } from "../invitations";
import { childLogger } from "../log";
import { newVerifyToken, queueVerificationIn, VERIFY_TOKEN_TTL_HOURS } from "./email-verification";

const log = childLogger("auth");

const REAUTH_LIMIT = { free: 5, baseSeconds: 1, capSeconds: 900, quietSeconds: 3600 };
const SIGNUP_LIMIT = { free: 10, baseSeconds: 60, capSeconds: 3600, quietSeconds: 3600 };

function reauthKeys(userId: string): GuardKey[] {
  return [{ key: `reauth:acct:${userId}`, limit: REAUTH_LIMIT }];
}

/**
 * Confirms the signed-in user's password (for sensitive actions). Wrong answers count
 * against the same kind of guard as sign-in.
 */
export async function confirmPassword(principal: Principal, password: string, field = "password"): Promise<void> {
  const keys = reauthKeys(principal.userId);
  const verdict = await checkGuard(keys);
  if (verdict.blocked) {
    throw new AppError("RATE_LIMITED", "Too many attempts. Try again later.", { retryAfterSeconds: verdict.retryAfterSeconds });
  }
  const user = await db().user.findUnique({ where: { id: principal.userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(user?.passwordHash, password))) {
    await recordFailure(keys);
    throw new AppError("WRONG_PASSWORD", "That is not your current password.", { field });
  }
  await clearGuard(keys);
}

const signUpInput = z.object({
  email: z.string().trim().email("Enter a valid email address.").max(320),
  password: z.string().max(1024),
  name: z.string().trim().max(80, "Use at most 80 characters.").optional(),
  invitationToken: z.string().max(200).optional(),
  invitationProof: z.string().max(100).optional(),
});

/** The one answer to every accepted sign-up that did not come with a matching invitation. */
export function signUpCheckEmailMessage(email: string): string {
  return (
    `Check your e-mail: we sent a message to ${email} with the next step. ` +
    `To finish creating your account, open the link in it within ${VERIFY_TOKEN_TTL_HOURS} hours.`
  );
}

export type SignUpOutcome =
  /** Whatever the address: a new account, one taken over from an unconfirmed sign-up, or a notice to an existing owner. */
  | { status: "check_email"; email: string }
  /** Only with a pending invitation to this very address, for an address without an account: created verified. */
  | { status: "created"; email: string };

/**
 * Sign-up that reveals nothing about which addresses have accounts. Input errors that do
 * not depend on the address (its shape, the password policy, the name's length) and the
 * per-IP guard come first; after that every well-formed sign-up does the same work (one
 * argon2 hash, one token, one lookup, one transaction that queues one e-mail) and
 * resolves to the same outcome:
 * - a new address: the account is created unconfirmed and a verification link is queued;
 * - a confirmed account: nothing about it changes; its owner gets a notice (rate-limited
 *   by the security-event machinery, at most one per 15 minutes);
 * - an unconfirmed account: the newer sign-up takes it over (new password and name, every
 *   session and pending sign-in ended, two-factor settings cleared, earlier links
 *   superseded) and gets a fresh link, so nobody can hold someone else's address by
 *   registering it first.
 * With the e-mailed link of a pending invitation for the same address (its mailbox proof)
 * and no account yet, the account is created confirmed: only that address's mailbox has
 * that link. The inviter's copy of the link carries no proof and gets the usual answer
 * (see docs/decisions.md).
 */
export async function signUp(raw: {
  email: string;
  password: string;
  name?: string;
  ip: string;
  invitationToken?: string;
  invitationProof?: string;
}): Promise<SignUpOutcome> {
  const parsed = signUpInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("VALIDATION", issue.message, { field: String(issue.path[0] ?? "") || undefined });
  }
  const input = { ...parsed.data, ip: raw.ip };
  const email = normaliseEmail(input.email);
  const name = input.name?.trim() || null;
  // Weak passwords are refused before the attempt counts against the address.
  checkPasswordPolicy(input.password, email);
  const keys: GuardKey[] = [{ key: `signup:ip:${input.ip}`, limit: SIGNUP_LIMIT }];
  const verdict = await checkGuard(keys);
  if (verdict.blocked) {
    throw new AppError("RATE_LIMITED", "Too many sign-ups from your network. Try again later.", {
      retryAfterSeconds: verdict.retryAfterSeconds,
    });
  }
  await recordFailure(keys); // counts attempts, not failures: sign-ups per client address are limited
  // The same work whichever branch follows: the hash and the token are made either way.
  const passwordHash = await hashPassword(input.password);
  const token = newVerifyToken();

  if (input.invitationToken && (await invitedAddress(input.invitationToken, input.invitationProof)) === email) {
    const created = await createUser({ email, name, passwordHash, verified: true });
    if (created) {
      log.info({ userId: created.id, ip: input.ip }, "account created from an invitation");
      return { status: "created", email };
    }
  }

  const existing = await db().user.findUnique({ where: { email }, select: { id: true, emailVerifiedAt: true } });
  if (!existing) {
    const created = await withAccountOutbox(async (tx) => {
      try {
        const user = await tx.user.create({ data: { email, name, passwordHash, emailVerifiedAt: null }, select: { id: true, email: true } });
        await queueVerificationIn(tx, user, token, input.ip);
        return user;
      } catch (err) {
        if (isUniqueViolation(err)) return null;
        throw err;
      }
    }).catch((err: unknown) => {
      if (isUniqueViolation(err)) return null;
      throw err;
    });
    if (created) {
      log.info({ userId: created.id, ip: input.ip }, "account created, address unconfirmed");
      return { status: "check_email", email };
    }
    // Someone signed up with the address a moment earlier: answer as for an existing account.
    const now = await db().user.findUnique({ where: { email }, select: { id: true, emailVerifiedAt: true } });
    if (!now) throw new Error("sign-up raced with a deletion");
    return existingAccount(now, { email, name, passwordHash, token, ip: input.ip });
  }
  return existingAccount(existing, { email, name, passwordHash, token, ip: input.ip });
}

async function existingAccount(
  user: { id: string; emailVerifiedAt: Date | null },
  s: { email: string; name: string | null; passwordHash: string; token: ReturnType<typeof newVerifyToken>; ip: string },
): Promise<SignUpOutcome> {
  if (user.emailVerifiedAt) {
    // Nothing about the account changes; its owner hears of the attempt (at most once per 15 minutes).
    await recordSecurityEvent({ userId: user.id, kind: "sign_up_attempt", ip: s.ip });
    log.info({ userId: user.id, ip: s.ip }, "sign-up for an address that has an account");
    return { status: "check_email", email: s.email };
  }
  const took = await withAccountOutbox(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM users WHERE id = ${user.id}::uuid FOR UPDATE`;
    const now = new Date();
    // Confirmed in the meantime (the link or an invitation): leave it alone.
    const r = await tx.user.updateMany({
      where: { id: user.id, emailVerifiedAt: null },
      data: {
        passwordHash: s.passwordHash,
        name: s.name,
        passwordChangedAt: now,
        mfaEnabledAt: null,
        totpSecretSealed: null,
        totpPendingSealed: null,
        totpPendingAt: null,
        totpLastStep: null,
      },
    });
    if (r.count !== 1) return false;
    await tx.mfaRecoveryCode.deleteMany({ where: { userId: user.id } });
    await tx.signInTicket.updateMany({ where: { userId: user.id, consumedAt: null }, data: { consumedAt: now } });
    await tx.passwordResetToken.updateMany({ where: { userId: user.id, usedAt: null, supersededAt: null }, data: { supersededAt: now } });
    await queueVerificationIn(tx, { id: user.id, email: s.email }, s.token, s.ip);
    return true;
  });
  if (!took) return existingAccount({ ...user, emailVerifiedAt: new Date() }, s);
  await revokeAllSessions(user.id);
  log.info({ userId: user.id, ip: s.ip }, "unconfirmed account taken over by a newer sign-up");
  return { status: "check_email", email: s.email };
}

/** The address of a pending invitation, or null. */
/** The invited address, for the e-mailed link of a pending invitation (its mailbox proof); else null. */
async function invitedAddress(token: string, proof: string | undefined): Promise<string | null> {
  if (!isMailboxProof(token, proof)) return null;
  const invitation = await describeInvitation(token).catch(() => null);
  return invitation?.status === "pending" ? normaliseEmail(invitation.email) : null;
}

async function createUser(u: { email: string; name: string | null; passwordHash: string; verified: boolean }) {
  try {
    return await db().user.create({
      data: { email: u.email, name: u.name, passwordHash: u.passwordHash, emailVerifiedAt: u.verified ? new Date() : null },
      select: { id: true, email: true },
    });
  } catch (err) {
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && "code" in err && (err as { code: unknown }).code === "P2002";
}

/** Changes the password and ends every session, this one included. */
export async function changePassword(principal: Principal, input: { currentPassword: string; newPassword: string }) {
  await confirmPassword(principal, input.currentPassword, "currentPassword");
  checkPasswordPolicy(input.newPassword, principal.email, "newPassword");
  if (input.currentPassword === input.newPassword) {
    throw new AppError("WEAK_PASSWORD", "Choose a password you have not used here.", { field: "newPassword" });
  }
  await db().user.update({
    where: { id: principal.userId },
    data: { passwordHash: await hashPassword(input.newPassword), passwordChangedAt: new Date() },
  });
  await revokeAllSessions(principal.userId);
  await auditAccount(principal, "auth.password_changed");
  await recordAuthEvent({
    userId: principal.userId,
    kind: "password_changed",
    outcome: "success",
    ip: principal.ip,
    sessionId: principal.sessionId,
    details: { via: "account" },
  });
}

/**
 * Ends one of the user's own sessions (the account page's "End session"): on its next
 * request that session's cookie opens nothing. Another user's session id is "not found".
 */
export async function endSession(principal: Principal, input: { sessionId: string }): Promise<{ current: boolean }> {
  const r = await db().userSession.updateMany({
    where: { id: input.sessionId, userId: principal.userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (r.count !== 1) throw new AppError("NOT_FOUND", "That session has already ended.");
  await auditAccount(principal, "auth.session_ended");
  const current = input.sessionId === principal.sessionId;
  // The device named is the session that was ended, not the one that ended it.
  await recordAuthEvent({ userId: principal.userId, kind: "session_ended", outcome: "success", ip: principal.ip, sessionId: input.sessionId, details: { current } });
  return { current };
}

export async function signOutEverywhere(principal: Principal): Promise<number> {
  const n = await revokeAllSessions(principal.userId);
  await auditAccount(principal, "auth.sign_out_all");
  await recordAuthEvent({
    userId: principal.userId,
    kind: "signed_out_all",
    outcome: "success",
    ip: principal.ip,
    sessionId: principal.sessionId,
    details: { count: n },
  });
  return n;
}

/** Records an account change in the audit log of every workspace the user belongs to. */
export async function auditAccount(principal: Principal, action: string) {
  const workspaces = await listWorkspacesOfUser(principal.userId);
  await recordAuditIn(
    workspaces.map((w) => w.workspaceId),
    { action, actor: principal, target: { type: "user", id: principal.userId, label: principal.email }, ip: principal.ip },
  );
}

