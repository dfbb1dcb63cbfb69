import "server-only";
import { db } from "../db";
import { AppError } from "../errors";
import { qrDataUrl } from "./qr";
import { generateRecoveryCodes, hashRecoveryCode } from "./recovery-codes";
import { openTotpSecret, sealTotpSecret } from "./sealed-secret";
import { matchTotp, newTotpSecret, totpUri } from "./totp";

/**
 * The second factor's state on the user row: the pending secret while setting up, the
 * active secret and the recovery codes. Confirming the password, ending sessions and the
 * audit trail around these changes belong to the account (lib/auth/mfa-settings.ts).
 */
const PENDING_TTL_MS = 15 * 60_000;

export async function mfaStatus(userId: string) {
  const user = await db().user.findUnique({ where: { id: userId }, select: { mfaEnabledAt: true } });
  const left = await db().mfaRecoveryCode.count({ where: { userId, usedAt: null } });
  return { enabled: Boolean(user?.mfaEnabledAt), enabledAt: user?.mfaEnabledAt ?? null, recoveryCodesLeft: left };
}

/** A new secret, sealed as pending, with its QR code. */
export async function beginEnrolment(user: { userId: string; email: string }) {
  const status = await mfaStatus(user.userId);
  if (status.enabled) throw new AppError("CONFLICT", "Two-factor authentication is already on.");
  const secret = newTotpSecret();
  const uri = totpUri(user.email, secret);
  await db().user.update({
    where: { id: user.userId },
    data: { totpPendingSealed: await sealTotpSecret(user.userId, "totp-pending", secret), totpPendingAt: new Date() },
  });
  return { secret, uri, qr: await qrDataUrl(uri) };
}

/** A valid code for the pending secret makes it the active one; returns the recovery codes, once. */
export async function completeEnrolment(userId: string, code: string) {
  const user = await db().user.findUnique({
    where: { id: userId },
    select: { totpPendingSealed: true, totpPendingAt: true, mfaEnabledAt: true },
  });
  if (user?.mfaEnabledAt) throw new AppError("CONFLICT", "Two-factor authentication is already on.");
  if (!user?.totpPendingSealed || !user.totpPendingAt || Date.now() - user.totpPendingAt.getTime() > PENDING_TTL_MS) {
    throw new AppError("VALIDATION", "Setup expired. Start again to get a new QR code.");
  }
  const secret = await openTotpSecret(userId, "totp-pending", user.totpPendingSealed);
  const step = await matchTotp(secret, code);
  if (step === null) throw new AppError("VALIDATION", "That code is not right. Check the app and try the current code.", { field: "code" });
  const codes = generateRecoveryCodes();
  await db().$transaction([
    db().user.update({
      where: { id: userId },
      data: {
        totpSecretSealed: await sealTotpSecret(userId, "totp", secret),
        totpPendingSealed: null,
        totpPendingAt: null,
        totpLastStep: BigInt(step),
        mfaEnabledAt: new Date(),
      },
    }),
    db().mfaRecoveryCode.deleteMany({ where: { userId } }),
    db().mfaRecoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })) }),
  ]);
  return { recoveryCodes: codes };
}

/** A fresh set of recovery codes; the old set stops working. */
export async function replaceRecoveryCodes(userId: string) {
  const codes = generateRecoveryCodes();
  await db().$transaction([
    db().mfaRecoveryCode.deleteMany({ where: { userId } }),
    db().mfaRecoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })) }),
  ]);
  return { recoveryCodes: codes };
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
