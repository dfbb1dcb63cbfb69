import "server-only";
import { hashLinkToken, LINK_TOKEN_ROW, LINK_TOKEN_SHAPE, linkTokenProblem, newLinkToken, type LinkTokenRow } from "./link-token";
import { z } from "zod";
import { db } from "../db";
import { withAccountOutbox } from "../db/privileged";
import { AppError } from "../errors";
import { childLogger } from "../log";
import { checkGuard, clearGuard, digest, recordFailure, type GuardKey, type Limit } from "../brute-force";
import { publicOrigin } from "../http/public-origin";
import { signInKeys } from "./brute-force";
import { hashPassword } from "./password";
import { checkPasswordPolicy } from "./password-policy";
import { recordAuthEvent } from "./trail";
import { auditSignIn, normaliseEmail } from "./sign-in";

/**
 * Password recovery. A reset link carries a 256-bit random token that works once, for
 * 30 minutes; only its SHA-256 is stored. Asking for a link answers the same whether or
 * not the address has an account. Setting the new password applies the policy, ends
 * every session and pending sign-in, and leaves two-factor authentication as it was:
 * the next sign-in still asks for the code.
 */
export const RESET_TOKEN_TTL_MINUTES = 30;
export const PASSWORD_RESET_EMAIL_KIND = "password_reset";

/** The one answer to every well-formed request, whether or not the address has an account. */
export const RESET_REQUESTED_MESSAGE =
  `If an account exists for that address, we sent it a link to reset the password. The link works once, for ${RESET_TOKEN_TTL_MINUTES} minutes.`;

export const RESET_LIMITS = {
  /** Requests per address (counted whether or not it has an account): after 3, each further one starts a wait of 1 min, 2 min … up to 1 h. */
  account: { free: 3, baseSeconds: 60, capSeconds: 3600, quietSeconds: 3600 },
  /** Requests per client address. */
  ip: { free: 10, baseSeconds: 60, capSeconds: 3600, quietSeconds: 3600 },
  /** Refused tokens per client address, on the reset page and on submit. */
  token: { free: 10, baseSeconds: 1, capSeconds: 900, quietSeconds: 3600 },
} satisfies Record<string, Limit>;

const log = childLogger("auth");

export function resetRequestKeys(email: string, ip: string): GuardKey[] {
  return [
    { key: `pwreset:acct:${digest(email)}`, limit: RESET_LIMITS.account },
    { key: `pwreset:ip:${ip}`, limit: RESET_LIMITS.ip },
  ];
}

export function resetTokenKeys(ip: string): GuardKey[] {
  return [{ key: `pwreset:token:ip:${ip}`, limit: RESET_LIMITS.token }];
}

export const hashResetToken = hashLinkToken;

const MESSAGES = {
  RESET_TOKEN_INVALID: "This reset link is not valid. Check that you opened the whole link from the email, or ask for a new one.",
  RESET_TOKEN_EXPIRED: `This reset link has expired: links work for ${RESET_TOKEN_TTL_MINUTES} minutes. Ask for a new one.`,
  RESET_TOKEN_USED: "This reset link has already been used. If that was not you, ask for a new link right away.",
  RESET_TOKEN_SUPERSEDED: "A newer reset link was sent, so this one no longer works. Use the link in the most recent email.",
} as const;

export type ResetTokenError = keyof typeof MESSAGES;

export function resetTokenError(code: ResetTokenError): AppError {
  return new AppError(code, MESSAGES[code]);
}

function rateLimited(retryAfterSeconds: number, message = "Too many attempts. Try again later."): AppError {
  return new AppError("RATE_LIMITED", message, { retryAfterSeconds });
}

function emailFor(email: string, link: string, expiresAt: Date) {
  return {
    subject: "Reset your Auriko password",
    body: [
      `Someone asked to reset the password of the Auriko account ${email}.`,
      "",
      `Choose a new password: ${link}`,
      "",
      `The link works once and expires in ${RESET_TOKEN_TTL_MINUTES} minutes (${expiresAt.toUTCString()}).`,
      "Resetting signs you out everywhere. If two-factor authentication is on, it stays on.",
      "",
      "If you did not ask for this, ignore this email: your password stays as it is.",
    ].join("\n"),
  };
}

/**
 * Issues a reset link for a known user: supersedes any live link, stores the new token's
 * hash and queues the email (account-level, no workspace) in one transaction.
 */
async function issueFor(user: { id: string; email: string }, t: { token: string; tokenHash: string }, meta: { requestedBy: "user" | "operator"; ip: string }) {
  const link = `${publicOrigin()}/reset-password/${t.token}`;
  const expiresAt = new Date(Date.now() + RESET_TOKEN_TTL_MINUTES * 60_000);
  const mail = emailFor(user.email, link, expiresAt);
  await withAccountOutbox(async (tx) => {
    // Two requests at once for one user queue one after the other (one live token per user).
    await tx.$queryRaw`SELECT 1 FROM users WHERE id = ${user.id}::uuid FOR UPDATE`;
    const now = new Date();
    await tx.passwordResetToken.updateMany({
      where: { userId: user.id, usedAt: null, supersededAt: null },
      data: { supersededAt: now },
    });
    await tx.passwordResetToken.create({
      data: { userId: user.id, tokenHash: t.tokenHash, expiresAt, requestedBy: meta.requestedBy, ip: meta.ip },
    });
    await tx.emailOutbox.create({
      data: { workspaceId: null, toEmail: user.email, kind: PASSWORD_RESET_EMAIL_KIND, subject: mail.subject, body: mail.body },
    });
  });
  await auditSignIn(user.id, user.email, meta.ip, "auth.password_reset_requested", { requestedBy: meta.requestedBy });
  log.info({ userId: user.id, ip: meta.ip, requestedBy: meta.requestedBy }, "password reset link issued");
  return { link, expiresAt };
}

const requestInput = z.object({ email: z.string().trim().email("Enter a valid email address.").max(320) });

/**
 * "Forgot password?". Resolves the same way for a known and an unknown address (the
 * token is generated and hashed either way, the guard counts the address's digest either
 * way); only a malformed address or the rate limit is an error, and neither depends on
 * whether an account exists.
 */
export type Defer = (work: () => Promise<void>) => void;

export async function requestPasswordReset(raw: { email: string; ip: string }, opts: { defer?: Defer } = {}): Promise<void> {
  const parsed = requestInput.safeParse({ email: raw.email });
  if (!parsed.success) throw new AppError("VALIDATION", parsed.error.issues[0]!.message, { field: "email" });
  const email = normaliseEmail(parsed.data.email);
  const keys = resetRequestKeys(email, raw.ip);
  const verdict = await checkGuard(keys);
  if (verdict.blocked) {
    log.info({ ip: raw.ip }, "password reset request refused while blocked");
    throw rateLimited(verdict.retryAfterSeconds, "Too many reset requests. Try again later.");
  }
  await recordFailure(keys); // counts requests, not failures
  const t = newLinkToken();
  const user = await db().user.findUnique({ where: { email }, select: { id: true, email: true } });
  if (!user) {
    log.info({ ip: raw.ip }, "password reset requested for an address without an account");
    return;
  }
  const issue = () => issueFor(user, t, { requestedBy: "user", ip: raw.ip }).then(() => undefined);
  if (!opts.defer) return issue();
  // After the response (next/server's after()), so a known address does not answer later than an unknown one.
  opts.defer(() =>
    issue().catch((err: unknown) => {
      log.error({ userId: user.id, err: (err as Error).name }, "could not issue a password reset link");
    }),
  );
}

/** For the operator CLI: a link for an existing account (the operator may know which accounts exist). */
export async function issuePasswordResetByOperator(rawEmail: string) {
  const email = normaliseEmail(rawEmail);
  const user = await db().user.findUnique({ where: { email }, select: { id: true, email: true } });
  if (!user) throw new AppError("NOT_FOUND", `No user with email ${email}.`);
  return { email: user.email, ...(await issueFor(user, newLinkToken(), { requestedBy: "operator", ip: "cli" })) };
}

function problemOf(row: LinkTokenRow | null, now = Date.now()): ResetTokenError | null {
  const problem = linkTokenProblem(row, now);
  return problem && `RESET_TOKEN_${problem}`;
}

/** Looks the token up behind the token guard; a refusal counts against the client address. */
async function findUsableToken(token: string, ip: string): Promise<LinkTokenRow> {
  const keys = resetTokenKeys(ip);
  const verdict = await checkGuard(keys);
  if (verdict.blocked) {
    log.info({ ip }, "password reset token refused while blocked");
    throw rateLimited(verdict.retryAfterSeconds);
  }
  const row = LINK_TOKEN_SHAPE.test(token)
    ? await db().passwordResetToken.findUnique({ where: { tokenHash: hashLinkToken(token) }, select: LINK_TOKEN_ROW })
    : null;
  const problem = problemOf(row);
  if (problem) {
    await recordFailure(keys);
    log.info({ ip, reason: problem }, "password reset token refused");
    throw resetTokenError(problem);
  }
  return row!;
}

/** For the reset page: whose link this is, or the typed reason it no longer works. Does not use the token. */
export async function inspectResetToken(token: string, ip: string): Promise<{ email: string; expiresAt: Date }> {
  const row = await findUsableToken(token, ip);
  return { email: row.user.email, expiresAt: row.expiresAt };
}

/**
 * Sets the new password with the token, once. The policy is checked before the token is
 * used, so a refused password leaves the link working. In one transaction: the token is
 * claimed (a concurrent second use finds it taken), the password replaced, every
 * session and pending sign-in ended. TOTP settings and recovery codes are not touched.
 */
export async function completePasswordReset(input: { token: string; password: string; ip: string }): Promise<{ email: string }> {
  const row = await findUsableToken(input.token, input.ip);
  const email = row.user.email;
  checkPasswordPolicy(input.password, email);
  const passwordHash = await hashPassword(input.password);
  const sessionsEnded = await db().$transaction(async (tx) => {
    const now = new Date();
    const claimed = await tx.passwordResetToken.updateMany({
      where: { id: row.id, usedAt: null, supersededAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) {
      const fresh = await tx.passwordResetToken.findUnique({
        where: { id: row.id },
        select: LINK_TOKEN_ROW,
      });
      throw resetTokenError(problemOf(fresh, now.getTime()) ?? "RESET_TOKEN_USED");
    }
    await tx.user.update({ where: { id: row.userId }, data: { passwordHash, passwordChangedAt: now } });
    const sessions = await tx.userSession.updateMany({ where: { userId: row.userId, revokedAt: null }, data: { revokedAt: now } });
    // A password step completed with the old password must not turn into a session afterwards.
    await tx.signInTicket.updateMany({ where: { userId: row.userId, consumedAt: null }, data: { consumedAt: now } });
    return sessions.count;
  });
  // The owner of the mailbox proved themselves: the account's sign-in lockout (not the address's) starts over.
  await clearGuard(signInKeys(email, input.ip).slice(0, 1));
  await auditSignIn(row.userId, email, input.ip, "auth.password_reset", { sessionsEnded });
  await recordAuthEvent({ userId: row.userId, kind: "password_changed", outcome: "success", ip: input.ip, details: { via: "reset" } });
  log.info({ userId: row.userId, ip: input.ip, sessionsEnded }, "password reset with an emailed link");
  return { email };
}
