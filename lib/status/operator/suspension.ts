import "server-only";
import { recordAudit } from "../../audit";
import { db, withWorkspace } from "../../db";
import { listWorkspacesOfUser } from "../../db/privileged";
import { AppError } from "../../errors";
import { apiKeysChanged } from "../../keys";
import { recordOperatorAudit } from "./audit";

/**
 * Suspending a user (`user:suspend`; shell access to the server is the authority, as for
 * `user:operator`). While `users.suspended_at` is set:
 * - sign-in answers as for a wrong password, and a sign-in ticket already issued is refused;
 * - every session is ended now, and a session check refuses the user anyway;
 * - API keys they created stop authenticating in every workspace: the proxy's cached key
 *   lookup reads the creator's suspension with the key (lib/db/privileged.ts), so other
 *   instances refuse them within KEY_CACHE_TTL_MS and no request pays a round trip.
 * The keys are not revoked: unsuspending brings back the ones nobody revoked meanwhile.
 * Sessions stay ended; the user signs in again.
 *
 * Audited in operator_audit_events, and in each workspace of the user: one event for the
 * member and one per key that stopped (or came back), naming the key and the reason.
 */
export async function setUserSuspended(email: string, suspend: boolean, via = "cli") {
  const normalised = email.trim().toLowerCase();
  const result = await db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email: normalised }, select: { id: true, email: true, suspendedAt: true } });
    if (!user) throw new AppError("NOT_FOUND", `No user with email ${normalised}.`);
    if ((user.suspendedAt !== null) === suspend) return { user, changed: false, sessionsEnded: 0 };
    const now = new Date();
    await tx.user.update({ where: { id: user.id }, data: { suspendedAt: suspend ? now : null } });
    let sessionsEnded = 0;
    if (suspend) {
      sessionsEnded = (await tx.userSession.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: now } })).count;
      await tx.signInTicket.updateMany({ where: { userId: user.id, consumedAt: null }, data: { consumedAt: now } });
    }
    await recordOperatorAudit(
      {
        action: suspend ? "user.suspended" : "user.unsuspended",
        actor: { ip: via },
        target: { type: "user", id: user.id, label: user.email },
        details: { via, ...(suspend ? { sessionsEnded } : {}) },
      },
      tx,
    );
    return { user, changed: true, sessionsEnded };
  });
  if (!result.changed) return { email: result.user.email, changed: false, sessionsEnded: 0, keys: 0, workspaces: 0 };
  apiKeysChanged();

  const { user } = result;
  const by = { userId: null, email: null };
  const workspaces = await listWorkspacesOfUser(user.id);
  let keys = 0;
  for (const w of workspaces) {
    keys += await withWorkspace(w.workspaceId, async (tx) => {
      await recordAudit(tx, w.workspaceId, {
        action: suspend ? "member.suspended" : "member.unsuspended",
        actor: by,
        target: { type: "user", id: user.id, label: user.email },
        ip: via,
        details: { by: "platform operator" },
      });
      const active = await tx.apiKey.findMany({
        where: { workspaceId: w.workspaceId, createdBy: user.id, revokedAt: null },
        select: { id: true, name: true, prefix: true },
        orderBy: { createdAt: "asc" },
      });
      for (const k of active) {
        await recordAudit(tx, w.workspaceId, {
          action: suspend ? "api_key.suspended" : "api_key.unsuspended",
          actor: by,
          target: { type: "api_key", id: k.id, label: `${k.name} (${k.prefix}…)` },
          ip: via,
          details: { reason: suspend ? "owner_suspended" : "owner_unsuspended", owner: user.email, by: "platform operator" },
        });
      }
      return active.length;
    });
  }
  return { email: user.email, changed: true, sessionsEnded: result.sessionsEnded, keys, workspaces: workspaces.length };
}
