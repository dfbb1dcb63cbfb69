import "server-only";
import { db } from "../db";
import { AppError, type ReauthMethod } from "../errors";
import { childLogger } from "../log";
import type { Principal } from "../workspaces/context";
import { confirmPassword } from "./account";
import { verifySecondFactor } from "../mfa/second-factor";

/**
 * Sensitive actions need recent authentication ("step-up"): the password, or a current
 * TOTP code, entered within the last few minutes on this session. A successful
 * confirmation marks this session only (`user_sessions.elevated_at`), so a burst of
 * changes asks once and another browser of the same person is not elevated by it.
 * The registry (lib/actions/registry.ts) checks entries flagged `stepUp` before they run;
 * the operator CLI (`principal.operator`, shell access to the server) passes.
 */
export const RECENT_AUTH_SECONDS = 5 * 60;

const log = childLogger("auth");

/** What the step-up prompt may offer this person: always the password, the code when TOTP is on. */
export function reauthMethods(principal: Principal): ReauthMethod[] {
  return principal.mfaEnabled ? ["password", "totp"] : ["password"];
}

async function isElevated(principal: Principal): Promise<boolean> {
  if (!principal.sessionId) return false;
  const s = await db().userSession.findUnique({ where: { id: principal.sessionId }, select: { elevatedAt: true, userId: true } });
  if (!s?.elevatedAt || s.userId !== principal.userId) return false;
  return Date.now() - s.elevatedAt.getTime() < RECENT_AUTH_SECONDS * 1000;
}

function reauthRequired(principal: Principal, field?: string): AppError {
  // On a form with its own password field the message names that field.
  const message = field ? "Confirm your password to make this change." : "Confirm it's you to make this change.";
  return new AppError("REAUTH_REQUIRED", message, { field, details: { methods: reauthMethods(principal) } });
}

/** Refuses with REAUTH_REQUIRED unless this session confirmed the person within RECENT_AUTH_SECONDS. */
export async function assertRecentAuth(principal: Principal): Promise<void> {
  if (principal.operator) return;
  if (await isElevated(principal)) return;
  log.info({ userId: principal.userId, sessionId: principal.sessionId ?? null }, "step-up required");
  throw reauthRequired(principal);
}

/**
 * Checks the password, or a current TOTP code when MFA is on. Wrong answers count
 * against the brute-force guards (confirmPassword, verifySecondFactor); a TOTP code is
 * accepted once, as at sign-in. `field` names where a wrong code is reported.
 */
async function verifyIdentity(principal: Principal, password: string | undefined, code: string | undefined): Promise<void> {
  if (code && principal.mfaEnabled) {
    const outcome = await verifySecondFactor(
      principal.userId,
      { code },
      { ip: principal.ip, sessionId: principal.sessionId, during: "account" },
    );
    if (!outcome.ok) {
      if (outcome.reason === "rate_limited") {
        throw new AppError("RATE_LIMITED", "Too many wrong codes. Try again later.", { retryAfterSeconds: outcome.retryAfterSeconds });
      }
      throw new AppError("WRONG_PASSWORD", "That code is not right.", { field: "code" });
    }
    return;
  }
  if (!password) throw reauthRequired(principal, "password");
  await confirmPassword(principal, password);
}

async function markElevated(principal: Principal): Promise<Date> {
  const now = new Date();
  if (principal.sessionId) {
    // Only a live session of this user: an ended session cannot be elevated back to use.
    await db().userSession.updateMany({ where: { id: principal.sessionId, userId: principal.userId, revokedAt: null }, data: { elevatedAt: now } });
  }
  return now;
}

/**
 * Inline recent authentication, for forms that carry their own password field (provider
 * keys, the operator's security-incident steps): passes on an elevated session, otherwise
 * verifies what was typed and elevates the session.
 */
export async function requireRecentAuth(principal: Principal, password?: string, code?: string): Promise<void> {
  if (principal.operator) return;
  if (await isElevated(principal)) return;
  await verifyIdentity(principal, password, code);
  await markElevated(principal);
}

/**
 * The step-up prompt's answer (`account.confirmIdentity`): always verifies, even on an
 * elevated session, and marks this session as recently authenticated.
 */
export async function confirmIdentity(principal: Principal, input: { password?: string; code?: string }): Promise<{ elevatedUntil: Date }> {
  const password = input.password || undefined;
  const code = input.code?.replace(/\s+/g, "") || undefined;
  if (!principal.operator) {
    if (!principal.sessionId) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
    if (code && !principal.mfaEnabled) {
      throw new AppError("VALIDATION", "Two-factor authentication is not on for your account. Use your password.", { field: "code" });
    }
    if (!password && !code) {
      throw new AppError("VALIDATION", principal.mfaEnabled ? "Enter your password or a code from your app." : "Enter your password.", {
        field: principal.mfaEnabled && input.code !== undefined ? "code" : "password",
      });
    }
    try {
      await verifyIdentity(principal, password, code);
    } catch (err) {
      log.info({ userId: principal.userId, sessionId: principal.sessionId, method: code ? "totp" : "password" }, "identity confirmation refused");
      throw err;
    }
  }
  const at = await markElevated(principal);
  log.info({ userId: principal.userId, sessionId: principal.sessionId ?? null, method: code ? "totp" : "password" }, "session elevated");
  return { elevatedUntil: new Date(at.getTime() + RECENT_AUTH_SECONDS * 1000) };
}

/**
 * The registry's check for an entry flagged `stepUp`. An action whose input has its own
 * `password`/`code` fields (`inline`: provider keys, the security-incident steps) is
 * confirmed on the spot from what was typed, or passes on an elevated session; any other
 * action needs an already elevated session.
 */
export async function assertStepUp(principal: Principal, input: unknown, inline: boolean): Promise<void> {
  if (!inline) return assertRecentAuth(principal);
  const { password, code } = (input ?? {}) as { password?: unknown; code?: unknown };
  await requireRecentAuth(principal, typeof password === "string" && password ? password : undefined, typeof code === "string" && code ? code : undefined);
}
