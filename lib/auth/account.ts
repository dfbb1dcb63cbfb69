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
import { normaliseEmail } from "./sign-in";
import type { Principal } from "../workspaces/context";

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
});

export async function signUp(raw: { email: string; password: string; name?: string; ip: string }) {
  const parsed = signUpInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("VALIDATION", issue.message, { field: String(issue.path[0] ?? "") || undefined });
  }
  const input = { ...parsed.data, ip: raw.ip };
  const email = normaliseEmail(input.email);
  // Weak passwords are refused before the attempt counts against the address.
  checkPasswordPolicy(input.password, email);
  const keys: GuardKey[] = [{ key: `signup:ip:${input.ip}`, limit: SIGNUP_LIMIT }];
  const verdict = await checkGuard(keys);
  if (verdict.blocked) {
    throw new AppError("RATE_LIMITED", "Too many sign-ups from your network. Try again later.", {
      retryAfterSeconds: verdict.retryAfterSeconds,
    });
  }
  await recordFailure(keys); // counts attempts, not failures: sign-ups per address are limited
  const exists = await db().user.findUnique({ where: { email }, select: { id: true } });
  if (exists) throw new AppError("CONFLICT", "An account with this email already exists. Sign in instead.", { field: "email" });
  return db().user.create({
    data: { email, name: input.name?.trim() || null, passwordHash: await hashPassword(input.password) },
    select: { id: true, email: true },
  });
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

