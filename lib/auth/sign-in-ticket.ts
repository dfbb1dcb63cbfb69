import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "../db";
import { verifySecondFactor, type Factor } from "../mfa/second-factor";
import { auditSignIn } from "./sign-in";
import { createSession } from "./sessions";
import { recordAuthEvent } from "./trail";

/**
 * The interim state between a correct password and a session: a random ticket in an
 * HttpOnly cookie, stored hashed, valid for 5 minutes, single use, and burned after 5
 * wrong second-factor attempts. It is not a session: no console page, server action
 * or API route accepts it.
 */
export const TICKET_TTL_SECONDS = 300;
const MAX_ATTEMPTS = 5;

export function ticketCookieName(secure: boolean): string {
  return secure ? "__Host-auriko.sign-in" : "auriko.sign-in";
}

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

/** `deviceId`: the valid device cookie that came with the password, if any (lib/auth/device-cookie.ts). */
export async function issueTicket(userId: string, mfaRequired: boolean, ip: string, deviceId: string | null = null): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db().signInTicket.create({
    data: { tokenHash: hashOf(token), userId, mfaRequired, ip, deviceId, expiresAt: new Date(Date.now() + TICKET_TTL_SECONDS * 1000) },
  });
  // Housekeeping: expired tickets are useless; drop them now and then.
  if (Math.random() < 0.05) await db().signInTicket.deleteMany({ where: { expiresAt: { lt: new Date(Date.now() - 3600_000) } } });
  return token;
}

async function liveTicket(token: string | undefined) {
  if (!token) return null;
  const t = await db().signInTicket.findUnique({ where: { tokenHash: hashOf(token) } });
  if (!t || t.consumedAt || t.expiresAt.getTime() <= Date.now() || t.attempts >= MAX_ATTEMPTS) return null;
  return t;
}

/** Who a live ticket belongs to and whether it still needs a second factor (for the 429 pre-check). */
export async function peekTicket(token: string | undefined) {
  const t = await liveTicket(token);
  return t ? { userId: t.userId, mfaRequired: t.mfaRequired } : null;
}

/**
 * The account and device of a ticket that was redeemed for a session (it is single use, so
 * this answers only once the sign-in succeeded): the route then sets the device cookie.
 */
export async function redeemedTicket(token: string | undefined): Promise<{ userId: string; deviceId: string | null } | null> {
  if (!token) return null;
  const t = await db().signInTicket.findUnique({ where: { tokenHash: hashOf(token) }, select: { userId: true, deviceId: true, consumedAt: true } });
  return t?.consumedAt ? { userId: t.userId, deviceId: t.deviceId } : null;
}

export type CompleteOutcome =
  | { ok: true; user: { id: string; email: string; name: string | null }; sessionId: string; recoveryCodesLeft?: number }
  | { ok: false; reason: "expired" | "invalid_code" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

export async function completeSignIn(a: { token?: string; factor: Factor; ip: string; userAgent?: string }): Promise<CompleteOutcome> {
  const ticket = await liveTicket(a.token);
  if (!ticket) return { ok: false, reason: "expired" };
  const found = await db().user.findUniqueOrThrow({ where: { id: ticket.userId }, select: { id: true, email: true, name: true, suspendedAt: true } });
  // Suspended after the password step: the ticket is worth nothing.
  if (found.suspendedAt) return { ok: false, reason: "expired" };
  const user = { id: found.id, email: found.email, name: found.name };

  let method: string = "password";
  let recoveryCodesLeft: number | undefined;
  if (ticket.mfaRequired) {
    const outcome = await verifySecondFactor(user.id, a.factor, { ip: a.ip, userAgent: a.userAgent, during: "sign_in" });
    if (!outcome.ok) {
      await db().signInTicket.update({ where: { id: ticket.id }, data: { attempts: { increment: 1 } } });
      void auditSignIn(user.id, user.email, a.ip, "mfa.challenge_failed");
      return outcome.reason === "rate_limited" ? outcome : { ok: false, reason: "invalid_code" };
    }
    method = outcome.method;
    recoveryCodesLeft = outcome.recoveryCodesLeft;
  }

  const consumed = await db().signInTicket.updateMany({ where: { id: ticket.id, consumedAt: null }, data: { consumedAt: new Date() } });
  if (consumed.count !== 1) return { ok: false, reason: "expired" };
  const session = await createSession(user.id, { ip: a.ip, userAgent: a.userAgent });
  await auditSignIn(user.id, user.email, a.ip, "auth.sign_in", { method });
  const meta = { userId: user.id, ip: a.ip, userAgent: a.userAgent ?? null, sessionId: session.id };
  // Every sign-in is in the account's trail, one event each. No valid device cookie came
  // with the password: a browser this account has not signed in from, which e-mails;
  // an ordinary sign-in is listed only.
  await recordAuthEvent({
    ...meta,
    kind: ticket.deviceId ? "sign_in" : "sign_in_new_device",
    outcome: "success",
    details: { method, newDevice: !ticket.deviceId },
  });
  if (method === "recovery_code") {
    await auditSignIn(user.id, user.email, a.ip, "mfa.recovery_code_used", { left: recoveryCodesLeft ?? 0 });
    await recordAuthEvent({ ...meta, kind: "recovery_code_used", outcome: "success", details: { method, left: recoveryCodesLeft ?? 0 } });
  }
  return { ok: true, user, sessionId: session.id, recoveryCodesLeft };
}
