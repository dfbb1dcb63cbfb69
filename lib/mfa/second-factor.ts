import "server-only";
import { db } from "../db";
import { checkGuard, clearGuard, recordFailure, type GuardKey, type Verdict } from "../brute-force";
import { recordAuthEvent } from "../auth/trail";
import { hashRecoveryCode, looksLikeRecoveryCode } from "./recovery-codes";
import { openTotpSecret } from "./sealed-secret";
import { matchTotp } from "./totp";

/**
 * Verifying a second factor: a TOTP code or a recovery code. Wrong answers count
 * against the account's MFA guard (3 free, then 2 s doubling to 15 min), far
 * stricter than the password guard because six digits are easier to guess.
 */
export const MFA_LIMIT = { free: 3, baseSeconds: 2, capSeconds: 900, quietSeconds: 3600 };
export const mfaKeys = (userId: string): GuardKey[] => [{ key: `mfa:acct:${userId}`, limit: MFA_LIMIT }];

export type Factor = { code?: string; recoveryCode?: string };
export type FactorOutcome =
  | { ok: true; method: "totp" | "recovery_code"; recoveryCodesLeft?: number }
  | {
      ok: false;
      reason: "invalid";
      /** Which factor was tried, and whether its code was wrong or one already used (a replay). */
      method: "totp" | "recovery_code";
      failure: "wrong_code" | "replayed_code";
    }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * Accepts a TOTP code once: the update that records its time step succeeds only if
 * that step is newer than the last accepted one, so a replay, or the same code sent
 * twice in parallel, loses the race. A refused code that is right for a step at or before
 * the last accepted one (or that lost that race) is a replay, told apart from a wrong code
 * for the trail; both count the same against the guard.
 */
async function acceptTotp(userId: string, code: string): Promise<"accepted" | "wrong_code" | "replayed_code"> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { totpSecretSealed: true, totpLastStep: true } });
  if (!user?.totpSecretSealed) return "wrong_code";
  const secret = await openTotpSecret(userId, "totp", user.totpSecretSealed);
  const last = user.totpLastStep === null ? null : Number(user.totpLastStep);
  const step = await matchTotp(secret, code, { afterStep: last });
  if (step === null) {
    if (last === null) return "wrong_code";
    const used = await matchTotp(secret, code);
    return used !== null && used <= last ? "replayed_code" : "wrong_code";
  }
  const claimed = await db().$executeRaw`
    UPDATE users SET totp_last_step = ${step}
     WHERE id = ${userId}::uuid AND (totp_last_step IS NULL OR totp_last_step < ${step})`;
  return claimed === 1 ? "accepted" : "replayed_code";
}

async function acceptRecoveryCode(userId: string, code: string): Promise<number | null> {
  if (!looksLikeRecoveryCode(code)) return null;
  const used = await db().mfaRecoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(code), usedAt: null },
    data: { usedAt: new Date() },
  });
  if (used.count !== 1) return null;
  return db().mfaRecoveryCode.count({ where: { userId, usedAt: null } });
}

/** Where the code was asked for, for the notification when wrong codes trip the guard. */
export type FactorContext = { ip: string; userAgent?: string | null; sessionId?: string; during: "sign_in" | "account" };

export async function verifySecondFactor(userId: string, factor: Factor, context?: FactorContext): Promise<FactorOutcome> {
  const keys = mfaKeys(userId);
  const verdict: Verdict = await checkGuard(keys);
  if (verdict.blocked) return { ok: false, reason: "rate_limited", retryAfterSeconds: verdict.retryAfterSeconds };

  const method = factor.recoveryCode ? "recovery_code" : "totp";
  let failure: "wrong_code" | "replayed_code" = "wrong_code";
  if (factor.recoveryCode) {
    const left = await acceptRecoveryCode(userId, factor.recoveryCode);
    if (left !== null) {
      await clearGuard(keys);
      return { ok: true, method: "recovery_code", recoveryCodesLeft: left };
    }
  } else if (factor.code) {
    const verdictOfCode = await acceptTotp(userId, factor.code);
    if (verdictOfCode === "accepted") {
      await clearGuard(keys);
      return { ok: true, method: "totp" };
    }
    failure = verdictOfCode;
  }
  const after = await recordFailure(keys);
  if (context) {
    const meta = { userId, ip: context.ip, userAgent: context.userAgent, sessionId: context.sessionId };
    // Each refused code is in the account's trail (listed, not e-mailed): a replay apart
    // from a wrong code. Never the code itself.
    await recordAuthEvent({
      ...meta,
      kind: failure === "replayed_code" ? "mfa_replayed" : "mfa_failed",
      outcome: "failure",
      details: { method, reason: failure, during: context.during },
    });
    // The guard just tripped (MFA_LIMIT.free wrong codes in a row, or another one after a
    // block ran out): tell the account's owner. Not for every wrong code, and the e-mail is
    // rate-limited on top (lib/security-events).
    if (after.blocked) await recordAuthEvent({ ...meta, kind: "mfa_failures", outcome: "refused", details: { during: context.during } });
  }
  return after.blocked
    ? { ok: false, reason: "rate_limited", retryAfterSeconds: after.retryAfterSeconds }
    : { ok: false, reason: "invalid", method, failure };
}
