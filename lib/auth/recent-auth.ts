import "server-only";
import { db } from "../db";
import { AppError } from "../errors";
import type { Principal } from "../workspaces/context";
import { confirmPassword } from "./account";
import { verifySecondFactor } from "../mfa/second-factor";

/**
 * Sensitive actions (provider credentials) need recent authentication: the password,
 * or a current TOTP code, entered within the last few minutes on this session ("sudo mode"). A successful
 * confirmation marks the session, so a burst of changes asks once.
 */
export const RECENT_AUTH_SECONDS = 5 * 60;

export async function requireRecentAuth(principal: Principal, password?: string, code?: string): Promise<void> {
  if (principal.operator) return;
  if (principal.sessionId) {
    const s = await db().userSession.findUnique({ where: { id: principal.sessionId }, select: { elevatedAt: true } });
    if (s?.elevatedAt && Date.now() - s.elevatedAt.getTime() < RECENT_AUTH_SECONDS * 1000) return;
  }
  if (code && principal.mfaEnabled) {
    // A current TOTP code is the alternative to the password (same replay rules as sign-in).
    const outcome = await verifySecondFactor(principal.userId, { code });
    if (!outcome.ok) {
      if (outcome.reason === "rate_limited") {
        throw new AppError("RATE_LIMITED", "Too many wrong codes. Try again later.", { retryAfterSeconds: outcome.retryAfterSeconds });
      }
      throw new AppError("WRONG_PASSWORD", "That code is not right.", { field: "code" });
    }
  } else if (!password) {
    throw new AppError("REAUTH_REQUIRED", "Confirm your password to make this change.", { field: "password" });
  } else {
    await confirmPassword(principal, password);
  }
  if (principal.sessionId) {
    await db().userSession.update({ where: { id: principal.sessionId }, data: { elevatedAt: new Date() } });
  }
}
