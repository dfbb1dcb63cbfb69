import { db } from "../db";
import { AppError } from "../errors";
import type { Principal } from "../workspaces/context";
import { confirmPassword } from "./account";

/**
 * Sensitive actions (provider credentials) need recent authentication: the password
 * re-entered within the last few minutes on this session ("sudo mode"). A successful
 * confirmation marks the session, so a burst of changes asks once.
 */
export const RECENT_AUTH_SECONDS = 5 * 60;

export async function requireRecentAuth(principal: Principal, password?: string): Promise<void> {
  if (principal.operator) return;
  if (principal.sessionId) {
    const s = await db().userSession.findUnique({ where: { id: principal.sessionId }, select: { elevatedAt: true } });
    if (s?.elevatedAt && Date.now() - s.elevatedAt.getTime() < RECENT_AUTH_SECONDS * 1000) return;
  }
  if (!password) {
    throw new AppError("REAUTH_REQUIRED", "Confirm your password to make this change.", { field: "password" });
  }
  await confirmPassword(principal, password);
  if (principal.sessionId) {
    await db().userSession.update({ where: { id: principal.sessionId }, data: { elevatedAt: new Date() } });
  }
}
