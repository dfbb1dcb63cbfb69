import "server-only";
import { db } from "../db";

/**
 * Server-side sessions. The cookie (a next-auth JWT) carries only the user id and
 * this row's id; every request checks the row, so signing out, changing the password
 * or "sign out everywhere" ends a session on the next request, even for a copied cookie.
 */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;
export const SESSION_IDLE_SECONDS = 2 * 60 * 60;
const TOUCH_EVERY_MS = 60_000;

export async function createSession(userId: string, meta: { ip?: string; userAgent?: string }) {
  return db().userSession.create({
    data: {
      userId,
      expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000),
      ip: meta.ip ?? null,
      userAgent: meta.userAgent?.slice(0, 200) ?? null,
    },
    select: { id: true },
  });
}

export type SessionUser = {
  userId: string;
  email: string;
  name: string | null;
  sessionId: string;
  mfaEnabled: boolean;
  /** Whether the address is confirmed (see lib/auth/email-verification). */
  emailVerified: boolean;
};

/** The live session's user, or null when it was revoked, expired or went idle. */
export async function validateSession(sessionId: string, userId: string): Promise<SessionUser | null> {
  const row = await db().userSession.findUnique({
    where: { id: sessionId },
    select: {
      userId: true,
      expiresAt: true,
      revokedAt: true,
      lastSeenAt: true,
      createdAt: true,
      user: { select: { email: true, name: true, passwordChangedAt: true, mfaEnabledAt: true, suspendedAt: true, emailVerifiedAt: true } },
    },
  });
  const now = Date.now();
  if (!row || row.userId !== userId || row.revokedAt) return null;
  if (row.expiresAt.getTime() <= now || row.lastSeenAt.getTime() + SESSION_IDLE_SECONDS * 1000 <= now) return null;
  if (row.user.passwordChangedAt > row.createdAt || row.user.suspendedAt) return null;
  if (now - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db().userSession.update({ where: { id: sessionId }, data: { lastSeenAt: new Date(now) } });
  }
  return {
    userId,
    email: row.user.email,
    name: row.user.name,
    sessionId,
    mfaEnabled: Boolean(row.user.mfaEnabledAt),
    emailVerified: Boolean(row.user.emailVerifiedAt),
  };
}

/** Whether it was live until now (false: already ended, or no such session). */
export async function revokeSession(sessionId: string): Promise<boolean> {
  const r = await db().userSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
  return r.count === 1;
}

export async function revokeAllSessions(userId: string, exceptSessionId?: string): Promise<number> {
  const r = await db().userSession.updateMany({
    where: { userId, revokedAt: null, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
    data: { revokedAt: new Date() },
  });
  return r.count;
}

export async function listSessions(userId: string) {
  return db().userSession.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true, createdAt: true, lastSeenAt: true, ip: true, userAgent: true },
    orderBy: { lastSeenAt: "desc" },
  });
}
