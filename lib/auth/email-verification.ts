import "server-only";
import { db } from "../db";
import { withAccountOutbox, type AccountTx } from "../db/privileged";
import { AppError } from "../errors";
import { childLogger } from "../log";
import { checkGuard, recordFailure, type GuardKey, type Limit } from "../brute-force";
import { publicOrigin } from "../http/public-origin";
import { recordSecurityEvent } from "../security-events";
import type { Principal } from "../workspaces/context";
import { hashLinkToken, LINK_TOKEN_ROW, LINK_TOKEN_SHAPE, linkTokenProblem, newLinkToken, type LinkToken, type LinkTokenRow } from "./link-token";

/**
 * E-mail verification. A verification link carries a 256-bit random token that works
 * once, for 24 hours; only its SHA-256 is stored, and a newer link supersedes the last.
 * Until the address is confirmed (the link, or accepting an invitation sent to it) the
 * user may sign in but may not create a workspace or accept an invitation for another
 * address (EMAIL_UNVERIFIED).
 */
export const VERIFY_TOKEN_TTL_HOURS = 24;
export const EMAIL_VERIFICATION_EMAIL_KIND = "email_verification";

export const VERIFY_LIMITS = {
  /** Refused tokens per client address, on the verification page and on confirm. */
  token: { free: 10, baseSeconds: 1, capSeconds: 900, quietSeconds: 3600 },
  /** "Send a new link" per account: after 3, each further one starts a wait of 1 min, 2 min … up to 1 h. */
  resend: { free: 3, baseSeconds: 60, capSeconds: 3600, quietSeconds: 3600 },
} satisfies Record<string, Limit>;

const log = childLogger("auth");

export function verifyTokenKeys(ip: string): GuardKey[] {
  return [{ key: `verify:token:ip:${ip}`, limit: VERIFY_LIMITS.token }];
}

export function resendKeys(userId: string): GuardKey[] {
  return [{ key: `verify:resend:acct:${userId}`, limit: VERIFY_LIMITS.resend }];
}

export const hashVerifyToken = hashLinkToken;
export type VerifyToken = LinkToken;
export const newVerifyToken = newLinkToken;

const MESSAGES = {
  VERIFY_TOKEN_INVALID: "This confirmation link is not valid. Check that you opened the whole link from the e-mail, or ask for a new one.",
  VERIFY_TOKEN_EXPIRED: `This confirmation link has expired: links work for ${VERIFY_TOKEN_TTL_HOURS} hours. Ask for a new one.`,
  VERIFY_TOKEN_USED: "This confirmation link has already been used. If your address is confirmed, just sign in.",
  VERIFY_TOKEN_SUPERSEDED: "A newer confirmation link was sent, so this one no longer works. Use the link in the most recent e-mail.",
} as const;

export type VerifyTokenError = keyof typeof MESSAGES;

export function verifyTokenError(code: VerifyTokenError): AppError {
  return new AppError(code, MESSAGES[code]);
}

export function emailUnverified(action: string): AppError {
  return new AppError(
    "EMAIL_UNVERIFIED",
    `Confirm your e-mail address before you ${action}: open the link we sent you, or send a new one from your account page.`,
  );
}

function verificationEmail(email: string, link: string, expiresAt: Date) {
  return {
    subject: "Confirm your e-mail address for Auriko",
    body: [
      `Someone created an Auriko account with the address ${email}.`,
      "",
      `If it was you, confirm the address: ${link}`,
      "",
      `The link works once and expires in ${VERIFY_TOKEN_TTL_HOURS} hours (${expiresAt.toUTCString()}).`,
      "",
      "If it wasn't you, ignore this e-mail: the account stays unconfirmed, and anyone who signs up with this address later takes it over.",
    ].join("\n"),
  };
}

/**
 * Inside an account-outbox transaction: supersedes the user's live link, stores the new
 * token's hash and queues the e-mail. The caller holds the user's row lock (or created it).
 */
export async function queueVerificationIn(tx: AccountTx, user: { id: string; email: string }, t: VerifyToken, ip: string | null) {
  const link = `${publicOrigin()}/verify-email/${t.token}`;
  const now = new Date();
  const expiresAt = new Date(now.getTime() + VERIFY_TOKEN_TTL_HOURS * 3_600_000);
  const mail = verificationEmail(user.email, link, expiresAt);
  await tx.emailVerificationToken.updateMany({
    where: { userId: user.id, usedAt: null, supersededAt: null },
    data: { supersededAt: now },
  });
  await tx.emailVerificationToken.create({ data: { userId: user.id, tokenHash: t.tokenHash, createdAt: now, expiresAt, ip } });
  await tx.emailOutbox.create({
    data: { workspaceId: null, toEmail: user.email, kind: EMAIL_VERIFICATION_EMAIL_KIND, subject: mail.subject, body: mail.body },
  });
}

/** The console's "Send a new link", for the signed-in user while the address is unconfirmed. Rate-limited per account. */
export async function resendVerification(principal: Principal): Promise<{ email: string; alreadyVerified: boolean }> {
  const keys = resendKeys(principal.userId);
  const verdict = await checkGuard(keys);
  if (verdict.blocked) {
    throw new AppError("RATE_LIMITED", "We sent several links recently. Wait a little, then try again.", {
      retryAfterSeconds: verdict.retryAfterSeconds,
    });
  }
  await recordFailure(keys); // counts requests, not failures
  const user = await db().user.findUnique({ where: { id: principal.userId }, select: { id: true, email: true, emailVerifiedAt: true } });
  if (!user) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
  if (user.emailVerifiedAt) return { email: user.email, alreadyVerified: true };
  await withAccountOutbox(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM users WHERE id = ${user.id}::uuid FOR UPDATE`;
    await queueVerificationIn(tx, user, newVerifyToken(), principal.ip);
  });
  log.info({ userId: user.id, ip: principal.ip }, "e-mail verification link sent again");
  return { email: user.email, alreadyVerified: false };
}

function problemOf(row: LinkTokenRow | null, now = Date.now()): VerifyTokenError | null {
  const problem = linkTokenProblem(row, now);
  return problem && `VERIFY_TOKEN_${problem}`;
}

/** Looks the token up behind the token guard; a refusal counts against the client address. */
async function findUsableToken(token: string, ip: string): Promise<LinkTokenRow> {
  const keys = verifyTokenKeys(ip);
  const verdict = await checkGuard(keys);
  if (verdict.blocked) {
    log.info({ ip }, "verification token refused while blocked");
    throw new AppError("RATE_LIMITED", "Too many attempts. Try again later.", { retryAfterSeconds: verdict.retryAfterSeconds });
  }
  const row = LINK_TOKEN_SHAPE.test(token)
    ? await db().emailVerificationToken.findUnique({ where: { tokenHash: hashLinkToken(token) }, select: LINK_TOKEN_ROW })
    : null;
  const problem = problemOf(row);
  if (problem) {
    await recordFailure(keys);
    log.info({ ip, reason: problem }, "verification token refused");
    throw verifyTokenError(problem);
  }
  return row!;
}

/** For the verification page (GET): whose address the link confirms. Does not use the token. */
export async function inspectVerifyToken(token: string, ip: string): Promise<{ email: string }> {
  const row = await findUsableToken(token, ip);
  return { email: row.user.email };
}

/**
 * Confirms the address with the token, once (the page's button, a POST, so a mail scanner
 * that fetches the link does not use it). The token is claimed and the user marked
 * verified in one transaction.
 */
export async function confirmEmail(input: { token: string; ip: string }): Promise<{ email: string }> {
  const row = await findUsableToken(input.token, input.ip);
  await db().$transaction(async (tx) => {
    const now = new Date();
    const claimed = await tx.emailVerificationToken.updateMany({
      where: { id: row.id, usedAt: null, supersededAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) {
      const fresh = await tx.emailVerificationToken.findUnique({ where: { id: row.id }, select: LINK_TOKEN_ROW });
      throw verifyTokenError(problemOf(fresh, now.getTime()) ?? "VERIFY_TOKEN_USED");
    }
    await tx.user.updateMany({ where: { id: row.userId, emailVerifiedAt: null }, data: { emailVerifiedAt: now } });
  });
  await recordSecurityEvent({ userId: row.userId, kind: "email_verified", ip: input.ip, details: { via: "link" } });
  log.info({ userId: row.userId, ip: input.ip }, "e-mail address confirmed");
  return { email: row.user.email };
}

/** Whether the user's address is confirmed (a fresh read, for services that refuse unverified users). */
export async function isEmailVerified(userId: string): Promise<boolean> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { emailVerifiedAt: true } });
  return Boolean(user?.emailVerifiedAt);
}
