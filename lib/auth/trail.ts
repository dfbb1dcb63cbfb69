import "server-only";
import { childLogger } from "../log";
import { recordFailedSignIn, recordSecurityEvent, type SecurityEventKind } from "../security-events";

/**
 * The authentication trail: every sign-in outcome and account-protection change gives one
 * structured log line (a stable `event` name, the user id when known, the client address,
 * the outcome) and, when the account is known, one account security event (the account
 * audit log on /account/security). Both carry only non-secret facts: a method
 * (password / totp / recovery_code), a reason, a count. Never a password, code, token,
 * cookie, or the address someone typed for an account that does not exist.
 */
const log = childLogger("auth-trail");

export const AUTH_LOG_EVENTS = {
  sign_in: "auth.sign_in",
  sign_in_new_device: "auth.sign_in",
  sign_in_failed: "auth.sign_in_failed",
  mfa_failed: "auth.mfa_failed",
  mfa_replayed: "auth.mfa_replayed",
  mfa_failures: "auth.mfa_blocked",
  recovery_code_used: "auth.recovery_code_used",
  mfa_enabled: "auth.mfa_enabled",
  mfa_disabled: "auth.mfa_disabled",
  recovery_codes_regenerated: "auth.recovery_codes_regenerated",
  password_changed: "auth.password_changed",
  signed_out_all: "auth.sign_out_all",
  session_ended: "auth.session_ended",
  signed_out: "auth.sign_out",
} as const satisfies Partial<Record<SecurityEventKind, string>>;

export type TrailKind = keyof typeof AUTH_LOG_EVENTS;
type Detail = string | number | boolean | null;
export type TrailEntry = {
  kind: TrailKind;
  outcome: "success" | "failure" | "refused";
  userId: string | null;
  ip?: string | null;
  userAgent?: string | null;
  sessionId?: string;
  /** Non-secret facts only (method, reason, a count): they go to the log line and the event. */
  details?: Record<string, Detail>;
};

/** Detail keys a log line may carry; anything else a caller passes stays out of the log. */
const LOGGED_DETAILS = new Set(["method", "reason", "during", "via", "by", "left", "count", "newDevice"]);

function logLine(e: TrailEntry, extra: Record<string, Detail> = {}) {
  const fields: Record<string, Detail> = {};
  for (const [k, v] of Object.entries({ ...e.details, ...extra })) if (LOGGED_DETAILS.has(k)) fields[k] = v;
  log.info({ event: AUTH_LOG_EVENTS[e.kind], outcome: e.outcome, userId: e.userId, ip: e.ip ?? null, ...fields }, AUTH_LOG_EVENTS[e.kind]);
}

/** One log line and, for a known account, its security event. Never throws. */
export async function recordAuthEvent(e: TrailEntry): Promise<void> {
  logLine(e);
  if (!e.userId) return;
  await recordSecurityEvent({ userId: e.userId, kind: e.kind, ip: e.ip, userAgent: e.userAgent, sessionId: e.sessionId, details: e.details });
}

/**
 * A wrong password (or a suspended account's). The log line is written for every attempt,
 * known account or not (without the address typed); the account's event is folded into one
 * row a minute (recordFailedSignIn). Callers do not await this, so a real account's failure
 * takes no longer than an unknown one's.
 */
export async function recordFailedPassword(a: {
  userId: string | null;
  ip: string;
  userAgent?: string | null;
  reason: "wrong_password" | "account_suspended" | "unknown_account";
}): Promise<void> {
  const entry: TrailEntry = { kind: "sign_in_failed", outcome: "failure", userId: a.userId, ip: a.ip, details: { method: "password", reason: a.reason } };
  if (!a.userId || a.reason === "unknown_account") {
    logLine(entry);
    return;
  }
  const row = await recordFailedSignIn({ userId: a.userId, ip: a.ip, userAgent: a.userAgent, reason: a.reason });
  logLine(entry, row ? { count: row.count } : {});
}
