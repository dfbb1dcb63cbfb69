import "server-only";
import { db } from "../db";
import { listWorkspacesOfUser } from "../db/privileged";
import { recordAuditIn } from "../audit";
import { childLogger } from "../log";
import { checkGuard, clearGuard, recordFailure } from "../brute-force";
import { deviceKeys, signInKeys } from "./brute-force";
import { verifyDeviceCookie } from "./device-cookie";
import { verifyPassword } from "./password";
import { recordFailedPassword } from "./trail";

const log = childLogger("auth");

export type SignInAttempt = { email: string; password: string; ip: string; userAgent?: string; deviceCookie?: string };
export type SignInOutcome =
  | {
      ok: true;
      user: { id: string; email: string; name: string | null };
      mfaRequired: boolean;
      /** The device cookie's id when the attempt carried a valid one for this account. */
      deviceId: string | null;
    }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The password step of sign-in (the session comes later, from a sign-in ticket, after
 * the second factor when the user has one). Unknown email, wrong password and a blocked account/address look
 * the same from outside except for the 429 (which does not depend on whether the
 * account exists): an unknown email still costs one argon2 verification.
 */
export async function signInWithPassword(a: SignInAttempt): Promise<SignInOutcome> {
  const email = normaliseEmail(a.email);
  const user = await db().user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true, mfaEnabledAt: true, suspendedAt: true },
  });
  // A browser that signed in to this account before has its own allowance (OWASP device
  // cookies): its failures count against that device only, and the account-wide block,
  // which anyone can trip by guessing, does not apply to it. Every other attempt (no
  // cookie, a forged one, one for another account) counts per account and per address.
  const device = verifyDeviceCookie(a.deviceCookie, user?.id);
  const keys = device ? deviceKeys(device.deviceId) : signInKeys(email, a.ip);
  const verdict = await checkGuard(keys);
  if (verdict.blocked) {
    log.info({ event: "auth.sign_in_refused", outcome: "refused", reason: "rate_limited", ip: a.ip, device: Boolean(device) }, "sign-in refused while blocked");
    return { ok: false, reason: "rate_limited", retryAfterSeconds: verdict.retryAfterSeconds };
  }

  // A suspended account answers exactly like a wrong password (and counts as a failure),
  // so guessing its password teaches nothing that would still hold after it is unsuspended.
  const valid = (await verifyPassword(user?.passwordHash, a.password)) && !user?.suspendedAt;

  if (!valid) {
    await recordFailure(keys);
    // Not awaited, either of them: the response must not take longer for a real account.
    // The trail writes one log line per attempt (the typed address never in it) and, for a
    // real account, folds the attempt into the account's failed-sign-in row of the minute.
    void recordFailedPassword({
      userId: user?.id ?? null,
      ip: a.ip,
      userAgent: a.userAgent,
      reason: !user ? "unknown_account" : user.suspendedAt ? "account_suspended" : "wrong_password",
    });
    if (user) void auditSignIn(user.id, user.email, a.ip, "auth.sign_in_failed");
    return { ok: false, reason: "invalid" };
  }

  // A success clears the counter it was judged by: the device's, or the account's (never
  // the address's). A device's success leaves the account's counter alone, so an owner
  // signing in does not reset an attacker's wait.
  await clearGuard(keys.slice(0, 1));
  return {
    ok: true,
    user: { id: user!.id, email: user!.email, name: user!.name },
    mfaRequired: Boolean(user!.mfaEnabledAt),
    deviceId: device?.deviceId ?? null,
  };
}

export async function auditSignIn(
  userId: string,
  email: string,
  ip: string,
  action: string,
  details?: Record<string, string | number | boolean | null>,
) {
  try {
    const workspaces = await listWorkspacesOfUser(userId);
    await recordAuditIn(
      workspaces.map((w) => w.workspaceId),
      { action, actor: { userId, email }, target: { type: "user", id: userId, label: email }, ip, details },
    );
  } catch (err) {
    log.error({ err: (err as Error).name }, "could not record a sign-in audit event");
  }
}
