import "server-only";
import { db } from "../db";
import { withAccountOutbox } from "../db/privileged";
import { describeUserAgent } from "../console/format";
import { publicOrigin } from "../http/public-origin";
import { childLogger } from "../log";
import {
  SECURITY_EVENT_KINDS,
  describeEventDetails,
  describeSecurityEvent,
  notifies,
  securityEmail,
  type EventDetails,
  type SecurityEventKind,
} from "./messages";

export { describeSecurityEvent, notifies, SECURITY_EVENT_KINDS, SECURITY_EVENT_NOTIFY, type SecurityEventKind } from "./messages";

/**
 * Account-level security events (account_security_events: one account's rows, no
 * workspace) and their notifications. Every event is kept, for the account page's
 * "Security activity" list and the account audit log; kinds whose notify policy is "email"
 * (messages.ts) also e-mail through the outbox, rate-limited per user and kind: at most one
 * per NOTIFY_EVERY_MINUTES, the rest are listed on the account page only. Details hold names, roles, an API key's label and
 * prefix, counts: never a secret.
 */
export const NOTIFY_EVERY_MINUTES = 15;
export const SECURITY_NOTIFICATION_EMAIL_KIND = "security_notification";

const log = childLogger("security-events");

export type SecurityEventInput = {
  userId: string;
  kind: SecurityEventKind;
  ip?: string | null;
  userAgent?: string | null;
  /** The session the change came from: its user agent names the device when none is given. */
  sessionId?: string;
  details?: EventDetails;
};

/**
 * Records the event and queues its e-mail unless one of the same kind went to this user in
 * the last NOTIFY_EVERY_MINUTES. Never throws: a notification that cannot be written must
 * not undo or fail the change it reports (the failure is logged).
 */
export async function recordSecurityEvent(input: SecurityEventInput): Promise<{ id: string; emailed: boolean } | null> {
  try {
    return await withAccountOutbox(async (tx) => {
      // One writer per user and kind at a time, so two events at once cannot both decide to e-mail.
      await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext(${input.userId}), hashtext(${input.kind}))`;
      const user = await tx.user.findUnique({ where: { id: input.userId }, select: { email: true } });
      if (!user) return null;
      let userAgent = input.userAgent ?? null;
      if (!userAgent && input.sessionId) {
        userAgent = (await tx.userSession.findUnique({ where: { id: input.sessionId }, select: { userAgent: true } }))?.userAgent ?? null;
      }
      const device = userAgent ? describeUserAgent(userAgent) : null;
      const now = new Date();
      // A listed-only kind never e-mails: it behaves as if one had just been sent.
      const recent = !notifies(input.kind)
        ? { id: "" }
        : await tx.accountSecurityEvent.findFirst({
            where: { userId: input.userId, kind: input.kind, emailedAt: { gt: new Date(now.getTime() - NOTIFY_EVERY_MINUTES * 60_000) } },
            select: { id: true },
          });
      const details = input.details ?? {};
      const event = await tx.accountSecurityEvent.create({
        data: {
          userId: input.userId,
          kind: input.kind,
          ip: input.ip ?? null,
          userAgent: userAgent?.slice(0, 200) ?? null,
          deviceLabel: device,
          details,
          createdAt: now,
          emailedAt: recent ? null : now,
        },
        select: { id: true },
      });
      if (!recent) {
        const mail = securityEmail(input.kind, details, { at: now, device, ip: input.ip ?? null, origin: publicOrigin() });
        await tx.emailOutbox.create({
          data: { workspaceId: null, toEmail: user.email, kind: SECURITY_NOTIFICATION_EMAIL_KIND, subject: mail.subject, body: mail.body },
        });
      }
      return { id: event.id, emailed: !recent };
    });
  } catch (err) {
    log.error({ err: (err as Error).name, kind: input.kind }, "could not record a security event");
    return null;
  }
}

export type SecurityActivity = { id: string; kind: string; title: string; device: string | null; ip: string | null; createdAt: Date };

/**
 * The signed-in user's own recent security events that e-mail (new devices, changes to how
 * the account is protected), newest first, for the account page's short list. Every event,
 * listed-only kinds included, is in the account audit log (listAccountAuditLog).
 */
export async function listSecurityActivity(userId: string, limit = 20): Promise<SecurityActivity[]> {
  const rows = await db().accountSecurityEvent.findMany({
    where: { userId, kind: { in: SECURITY_EVENT_KINDS.filter(notifies) } },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, kind: true, deviceLabel: true, ip: true, details: true, createdAt: true },
  });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    title: describeSecurityEvent(r.kind, (r.details ?? {}) as EventDetails).title,
    device: r.deviceLabel,
    ip: r.ip,
    createdAt: r.createdAt,
  }));
}

/**
 * Failed passwords are folded: at most one `sign_in_failed` row per account per
 * FAILED_SIGN_IN_WINDOW_SECONDS, carrying the number of failures in its window (`count`) and
 * the time of the latest (`last_at`). Anyone who knows an address can cause these, so a row
 * each would let a guesser grow the table as fast as the brute-force guard lets them try;
 * folded, it grows by at most one row a minute per account. The row keeps the first
 * failure's address and device. The migration 20261209100000_account_auth_trail lets the
 * runtime role change only that count on such a row.
 */
export const FAILED_SIGN_IN_WINDOW_SECONDS = 60;

export async function recordFailedSignIn(input: {
  userId: string;
  ip?: string | null;
  userAgent?: string | null;
  reason: "wrong_password" | "account_suspended";
}): Promise<{ id: string; count: number } | null> {
  try {
    return await withAccountOutbox(async (tx) => {
      await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext(${input.userId}), hashtext('sign_in_failed'))`;
      const now = new Date();
      const open = await tx.accountSecurityEvent.findFirst({
        where: { userId: input.userId, kind: "sign_in_failed", createdAt: { gt: new Date(now.getTime() - FAILED_SIGN_IN_WINDOW_SECONDS * 1000) } },
        orderBy: { createdAt: "desc" },
        select: { id: true, details: true },
      });
      if (open) {
        const details = (open.details ?? {}) as EventDetails;
        const count = Number(details.count ?? 1) + 1;
        await tx.accountSecurityEvent.update({
          where: { id: open.id },
          data: { details: { ...details, count, last_at: now.toISOString() } },
          select: { id: true },
        });
        return { id: open.id, count };
      }
      const userAgent = input.userAgent?.slice(0, 200) ?? null;
      const row = await tx.accountSecurityEvent.create({
        data: {
          userId: input.userId,
          kind: "sign_in_failed",
          ip: input.ip ?? null,
          userAgent,
          deviceLabel: userAgent ? describeUserAgent(userAgent) : null,
          details: { method: "password", reason: input.reason, count: 1, last_at: now.toISOString() },
          createdAt: now,
        },
        select: { id: true },
      });
      return { id: row.id, count: 1 };
    });
  } catch (err) {
    log.error({ err: (err as Error).name, kind: "sign_in_failed" }, "could not record a failed sign-in");
    return null;
  }
}

export type AuditLogEntry = SecurityActivity & { details: string | null };
export type AuditLogPage = { entries: AuditLogEntry[]; nextCursor: string | null };
export const AUDIT_LOG_PAGE_SIZE = 25;

/** An opaque position in the log: the last entry's time and id. */
function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");
}

function decodeCursor(cursor: string | undefined | null): { at: Date; id: string } | null {
  if (!cursor || cursor.length > 200) return null;
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const at = new Date(iso ?? "");
  if (Number.isNaN(at.getTime()) || !/^[0-9a-f-]{36}$/i.test(id ?? "")) return null;
  return { at, id: id! };
}

/**
 * The signed-in user's account audit log: every account security event, newest first, a
 * page at a time. `cursor` is the previous page's nextCursor; one that does not parse
 * starts from the newest. Rows of other accounts are never reachable (the user id is the
 * caller's own, from the session).
 */
export async function listAccountAuditLog(
  userId: string,
  opts: { cursor?: string | null; limit?: number } = {},
): Promise<AuditLogPage> {
  const limit = Math.min(Math.max(opts.limit ?? AUDIT_LOG_PAGE_SIZE, 1), 100);
  const after = decodeCursor(opts.cursor);
  const rows = await db().accountSecurityEvent.findMany({
    where: {
      userId,
      ...(after ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: { id: true, kind: true, deviceLabel: true, ip: true, details: true, createdAt: true },
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    entries: page.map((r) => {
      const d = (r.details ?? {}) as EventDetails;
      return {
        id: r.id,
        kind: r.kind,
        title: describeSecurityEvent(r.kind, d).title,
        device: r.deviceLabel,
        ip: r.ip,
        createdAt: r.createdAt,
        details: describeEventDetails(r.kind, d),
      };
    }),
    nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}
