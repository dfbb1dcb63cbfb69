import "server-only";
import { db } from "../db";
import { AppError } from "../errors";
import { beginEnrolment, clearMfa, completeEnrolment, mfaStatus, replaceRecoveryCodes } from "../mfa/enrolment";
import { verifySecondFactor } from "../mfa/second-factor";
import { normaliseCode } from "../mfa/totp";
import { recordAuthEvent, type TrailKind } from "./trail";
import type { Principal } from "../workspaces/context";
import { auditAccount, confirmPassword } from "./account";
import { revokeAllSessions } from "./sessions";

/**
 * Turning two-factor authentication on and off from the account security page, and the
 * operator's reset. These are account changes: they confirm the password, end the other
 * sessions and write the audit trail, around the second factor's own state (lib/mfa).
 */

function notify(principal: Principal, kind: TrailKind, details?: Record<string, string | number | boolean | null>) {
  return recordAuthEvent({ userId: principal.userId, kind, outcome: "success", ip: principal.ip, sessionId: principal.sessionId, details });
}

/** Step 1: after the password, a new secret (sealed as pending) with its QR code. */
export async function startEnrolment(principal: Principal, input: { password: string }) {
  await confirmPassword(principal, input.password);
  return beginEnrolment(principal);
}

/** Step 2: a valid code turns MFA on and returns the recovery codes, once. */
export async function confirmEnrolment(principal: Principal, input: { code: string }) {
  const result = await completeEnrolment(principal.userId, input.code);
  // A session someone else may hold should not outlive the change: end every other one.
  await revokeAllSessions(principal.userId, principal.sessionId);
  await auditAccount(principal, "mfa.enabled");
  await notify(principal, "mfa_enabled");
  return result;
}

/** Both need the password and a current code (or a recovery code). */
async function confirmBoth(principal: Principal, input: { password: string; code: string }) {
  await confirmPassword(principal, input.password);
  const outcome = await verifySecondFactor(
    principal.userId,
    /^\d{6}$/.test(normaliseCode(input.code)) ? { code: input.code } : { recoveryCode: input.code },
    { ip: principal.ip, sessionId: principal.sessionId, during: "account" },
  );
  if (!outcome.ok) {
    if (outcome.reason === "rate_limited") {
      throw new AppError("RATE_LIMITED", "Too many wrong codes. Try again later.", { retryAfterSeconds: outcome.retryAfterSeconds });
    }
    throw new AppError("VALIDATION", "That code is not right.", { field: "code" });
  }
}

export async function regenerateRecoveryCodes(principal: Principal, input: { password: string; code: string }) {
  if (!(await mfaStatus(principal.userId)).enabled) throw new AppError("VALIDATION", "Turn on two-factor authentication first.");
  await confirmBoth(principal, input);
  const result = await replaceRecoveryCodes(principal.userId);
  await auditAccount(principal, "mfa.recovery_codes_regenerated");
  await notify(principal, "recovery_codes_regenerated");
  return result;
}

export async function disableMfa(principal: Principal, input: { password: string; code: string }) {
  if (!(await mfaStatus(principal.userId)).enabled) throw new AppError("VALIDATION", "Two-factor authentication is already off.");
  await confirmBoth(principal, input);
  await clearMfa(principal.userId);
  await revokeAllSessions(principal.userId, principal.sessionId);
  await auditAccount(principal, "mfa.disabled");
  await notify(principal, "mfa_disabled", { by: "you" });
}

/** Operator recovery for a lost device (`npm run cli -- mfa:reset`). */
export async function resetMfaByOperator(email: string) {
  const user = await db().user.findUnique({ where: { email }, select: { id: true, email: true } });
  if (!user) throw new AppError("NOT_FOUND", `No user with email ${email}.`);
  await clearMfa(user.id);
  await auditAccount({ userId: user.id, email: user.email, ip: "cli", operator: true }, "mfa.reset_by_operator");
  await recordAuthEvent({ userId: user.id, kind: "mfa_disabled", outcome: "success", details: { by: "operator" } });
  return user;
}
