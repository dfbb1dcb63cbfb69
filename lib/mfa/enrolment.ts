import { db } from "../db";
import { listWorkspacesOfUser } from "../db/privileged";
import { recordAuditIn } from "../audit";
import { confirmPassword } from "../auth/account";
import { AppError } from "../errors";
import type { Principal } from "../workspaces/context";
import { qrDataUrl } from "./qr";
import { generateRecoveryCodes, hashRecoveryCode } from "./recovery-codes";
import { verifySecondFactor } from "./second-factor";
import { openTotpSecret, sealTotpSecret } from "./sealed-secret";
import { matchTotp, newTotpSecret, normaliseCode, totpUri } from "./totp";
import { revokeAllSessions } from "../auth/sessions";

/** Enrolment, recovery codes and disabling, from the account security page. */
const PENDING_TTL_MS = 15 * 60_000;

async function audit(principal: Principal, action: string, details?: Record<string, string | number | boolean | null>) {
  const workspaces = await listWorkspacesOfUser(principal.userId);
  await recordAuditIn(
    workspaces.map((w) => w.workspaceId),
    { action, actor: principal, target: { type: "user", id: principal.userId, label: principal.email }, ip: principal.ip, details },
  );
}

export async function mfaStatus(userId: string) {
  const user = await db().user.findUnique({ where: { id: userId }, select: { mfaEnabledAt: true } });
  const left = await db().mfaRecoveryCode.count({ where: { userId, usedAt: null } });
  return { enabled: Boolean(user?.mfaEnabledAt), enabledAt: user?.mfaEnabledAt ?? null, recoveryCodesLeft: left };
}

/** Step 1: after the password, a new secret (sealed as pending) with its QR code. */
export async function startEnrolment(principal: Principal, input: { password: string }) {
  await confirmPassword(principal, input.password);
  const status = await mfaStatus(principal.userId);
  if (status.enabled) throw new AppError("CONFLICT", "Two-factor authentication is already on.");
  const secret = newTotpSecret();
  const uri = totpUri(principal.email, secret);
  await db().user.update({
    where: { id: principal.userId },
    data: { totpPendingSealed: await sealTotpSecret(principal.userId, "totp-pending", secret), totpPendingAt: new Date() },
  });
  return { secret, uri, qr: await qrDataUrl(uri) };
}

/** Step 2: a valid code turns MFA on and returns the recovery codes, once. */
export async function confirmEnrolment(principal: Principal, input: { code: string }) {
  const user = await db().user.findUnique({
    where: { id: principal.userId },
    select: { totpPendingSealed: true, totpPendingAt: true, mfaEnabledAt: true },
  });
  if (user?.mfaEnabledAt) throw new AppError("CONFLICT", "Two-factor authentication is already on.");
  if (!user?.totpPendingSealed || !user.totpPendingAt || Date.now() - user.totpPendingAt.getTime() > PENDING_TTL_MS) {
    throw new AppError("VALIDATION", "Setup expired. Start again to get a new QR code.");
  }
  const secret = await openTotpSecret(principal.userId, "totp-pending", user.totpPendingSealed);
  const step = await matchTotp(secret, input.code);
  if (step === null) throw new AppError("VALIDATION", "That code is not right. Check the app and try the current code.", { field: "code" });
  const codes = generateRecoveryCodes();
  await db().$transaction([
    db().user.update({
      where: { id: principal.userId },
      data: {
        totpSecretSealed: await sealTotpSecret(principal.userId, "totp", secret),
        totpPendingSealed: null,
        totpPendingAt: null,
        totpLastStep: BigInt(step),
        mfaEnabledAt: new Date(),
      },
    }),
    db().mfaRecoveryCode.deleteMany({ where: { userId: principal.userId } }),
    db().mfaRecoveryCode.createMany({ data: codes.map((c) => ({ userId: principal.userId, codeHash: hashRecoveryCode(c) })) }),
  ]);
  // A session someone else may hold should not outlive the change: end every other one.
  await revokeAllSessions(principal.userId, principal.sessionId);
  await audit(principal, "mfa.enabled");
  return { recoveryCodes: codes };
}

/** Both need the password and a current code (or a recovery code). */
async function confirmBoth(principal: Principal, input: { password: string; code: string }) {
  await confirmPassword(principal, input.password);
  const outcome = await verifySecondFactor(principal.userId, /^\d{6}$/.test(normaliseCode(input.code)) ? { code: input.code } : { recoveryCode: input.code });
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
  const codes = generateRecoveryCodes();
  await db().$transaction([
    db().mfaRecoveryCode.deleteMany({ where: { userId: principal.userId } }),
    db().mfaRecoveryCode.createMany({ data: codes.map((c) => ({ userId: principal.userId, codeHash: hashRecoveryCode(c) })) }),
  ]);
  await audit(principal, "mfa.recovery_codes_regenerated");
  return { recoveryCodes: codes };
}

export async function disableMfa(principal: Principal, input: { password: string; code: string }) {
  if (!(await mfaStatus(principal.userId)).enabled) throw new AppError("VALIDATION", "Two-factor authentication is already off.");
  await confirmBoth(principal, input);
  await clearMfa(principal.userId);
  await revokeAllSessions(principal.userId, principal.sessionId);
  await audit(principal, "mfa.disabled");
}

export async function clearMfa(userId: string) {
  await db().$transaction([
    db().user.update({
      where: { id: userId },
      data: { mfaEnabledAt: null, totpSecretSealed: null, totpPendingSealed: null, totpPendingAt: null, totpLastStep: null },
    }),
    db().mfaRecoveryCode.deleteMany({ where: { userId } }),
  ]);
}

/** Operator recovery for a lost device (`npm run cli -- mfa:reset`). */
export async function resetMfaByOperator(email: string) {
  const user = await db().user.findUnique({ where: { email }, select: { id: true, email: true } });
  if (!user) throw new AppError("NOT_FOUND", `No user with email ${email}.`);
  await clearMfa(user.id);
  await audit({ userId: user.id, email: user.email, ip: "cli", operator: true }, "mfa.reset_by_operator");
  return user;
}

export { audit as auditMfaEvent };
