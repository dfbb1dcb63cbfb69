import "server-only";
import { db } from "../db";
import { withAccountOutbox } from "../db/privileged";
import { describeUserAgent } from "../console/format";
import { publicOrigin } from "../http/public-origin";
import { childLogger } from "../log";
import { describeSecurityEvent, securityEmail, type EventDetails, type SecurityEventKind } from "./messages";

export { describeSecurityEvent, SECURITY_EVENT_KINDS, type SecurityEventKind } from "./messages";

/**
 * Account-level security events (account_security_events: one account's rows, no
 * workspace) and their notifications. Every event is kept, for the account page's
 * "Security activity" list (and the account audit log built on it); the e-mail through the
 * outbox is rate-limited per user and kind: at most one per NOTIFY_EVERY_MINUTES, the rest
 * are listed on the account page only. Details hold names, roles, an API key's label and
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
      const recent = await tx.accountSecurityEvent.findFirst({
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

/** The signed-in user's own recent security events, newest first, for the account page. */
export async function listSecurityActivity(userId: string, limit = 20): Promise<SecurityActivity[]> {
  const rows = await db().accountSecurityEvent.findMany({
    where: { userId },
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
