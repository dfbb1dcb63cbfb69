import "server-only";
import { db } from "../../db";
import { AppError } from "../../errors";
import type { Principal } from "../../workspaces/context";

/**
 * Who may act as an operator: a user whose `is_operator` flag is set, read from the
 * database on every call (a session says who someone is, never what they may do), with
 * two-factor authentication turned on. Everyone else is told the operator area does not
 * exist: NOT_FOUND, the same answer as for a workspace one is not a member of.
 */
export type Operator = { userId: string; email: string; ip: string; sessionId?: string; mfaEnabled: boolean };

export async function operatorFlags(userId: string): Promise<{ isOperator: boolean; mfaEnabled: boolean; email: string } | null> {
  const row = await db().user.findUnique({ where: { id: userId }, select: { isOperator: true, mfaEnabledAt: true, email: true } });
  return row ? { isOperator: row.isOperator, mfaEnabled: row.mfaEnabledAt !== null, email: row.email } : null;
}

export async function isOperator(userId: string): Promise<boolean> {
  return (await operatorFlags(userId))?.isOperator ?? false;
}

export async function requireOperator(principal: Principal | null): Promise<Operator> {
  if (!principal) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  const flags = await operatorFlags(principal.userId);
  if (!flags?.isOperator) throw new AppError("NOT_FOUND", "Not found.");
  if (!flags.mfaEnabled) {
    throw new AppError("MFA_REQUIRED", "The operator area requires two-factor authentication. Turn it on in your account security settings.");
  }
  return { userId: principal.userId, email: flags.email, ip: principal.ip, sessionId: principal.sessionId, mfaEnabled: true };
}

/**
 * Grants or revokes the operator flag (the `user:operator` CLI command: shell access to
 * the server is the authority). Idempotent; `changed` says whether anything happened.
 */
export async function setOperatorFlag(email: string, grant: boolean, via = "cli") {
  const normalised = email.trim().toLowerCase();
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email: normalised }, select: { id: true, email: true, isOperator: true } });
    if (!user) throw new AppError("NOT_FOUND", `No user with email ${normalised}.`);
    if (user.isOperator === grant) return { email: user.email, changed: false };
    await tx.user.update({ where: { id: user.id }, data: { isOperator: grant, operatorGrantedAt: grant ? new Date() : null } });
    await tx.operatorAuditEvent.create({
      data: {
        action: grant ? "operator.granted" : "operator.revoked",
        actorEmail: null,
        ip: via,
        targetType: "user",
        targetId: user.id,
        targetLabel: user.email,
        details: { via },
      },
    });
    return { email: user.email, changed: true };
  });
}
