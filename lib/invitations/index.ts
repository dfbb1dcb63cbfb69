import "server-only";
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { withWorkspace } from "../db";
import { emailUnverified, isEmailVerified } from "../auth/email-verification";
import { findInvitationByTokenHash } from "../db/privileged";
import { recordAudit } from "../audit";
import { env } from "../env";
import { AppError } from "../errors";
import { assertCan, assertCanAssign, type Role } from "../rbac";
import type { Actor, Principal } from "../workspaces/context";

/**
 * Invitations: single-use, expiring links. Only the token's SHA-256 is stored; the
 * link is shown to the inviter once and queued in the outbox for a mail transport.
 *
 * The e-mailed link carries one thing more: a mailbox proof, an HMAC of the token under a
 * key derived from NEXTAUTH_SECRET. Only the e-mail has it (the inviter's copy of the link
 * does not, and nobody without the server's secret can make it), so only the e-mailed link
 * shows that its holder reads the invited address, and only it confirms that address.
 */
export const INVITATION_TTL_DAYS = 7;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function proofKey(): Buffer {
  const secret = env().NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set");
  return createHmac("sha256", secret).update("auriko/invitation-mailbox/v1").digest();
}

/** The mailbox proof the invitation e-mail's link carries for `token`. */
export function mailboxProof(token: string): string {
  return createHmac("sha256", proofKey()).update(token).digest("base64url");
}

/** Whether `proof` is the one the invitation e-mail for `token` carried. */
export function isMailboxProof(token: string, proof: string | undefined | null): boolean {
  if (!proof || proof.length > 100) return false;
  const want = Buffer.from(mailboxProof(token));
  const got = Buffer.from(proof);
  return got.length === want.length && timingSafeEqual(got, want);
}

function origin(): string {
  const e = env();
  return e.AURIKO_PUBLIC_URL ?? e.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`;
}

export async function createInvitation(actor: Actor, input: { email: string; role: Role }) {
  assertCan(actor.role, "members.invite");
  assertCanAssign(actor.role, input.role);
  const email = input.email.trim().toLowerCase();
  const token = randomBytes(32).toString("base64url");
  const link = `${origin()}/invite/${token}`;
  const expiresAt = new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000);
  const invitation = await withWorkspace(actor.workspaceId, async (tx) => {
    const existing = await tx.membership.findFirst({ where: { workspaceId: actor.workspaceId, user: { email } } });
    if (existing) throw new AppError("CONFLICT", "That person is already a member.", { field: "email" });
    // A new invitation replaces any pending one for the same address.
    await tx.invitation.updateMany({
      where: { workspaceId: actor.workspaceId, email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const inv = await tx.invitation.create({
      data: { workspaceId: actor.workspaceId, email, role: input.role, tokenHash: hashToken(token), invitedBy: actor.userId, expiresAt },
      select: { id: true, email: true, role: true, expiresAt: true },
    });
    await tx.emailOutbox.create({
      data: {
        workspaceId: actor.workspaceId,
        toEmail: email,
        kind: "invitation",
        subject: `You're invited to ${actor.workspaceName} on Auriko`,
        body: `${actor.email} invited you to join ${actor.workspaceName} as ${input.role.toLowerCase()}.\n\nAccept: ${link}?proof=${mailboxProof(token)}\n\nThe link expires on ${expiresAt.toUTCString()} and works once.`,
      },
    });
    await recordAudit(tx, actor.workspaceId, {
      action: "invitation.created",
      actor,
      target: { type: "invitation", id: inv.id, label: email },
      ip: actor.ip,
      details: { role: input.role },
    });
    return inv;
  });
  return { invitation, link };
}

export async function listPendingInvitations(actor: Actor) {
  assertCan(actor.role, "invitations.view");
  return withWorkspace(actor.workspaceId, (tx) =>
    tx.invitation.findMany({
      where: { workspaceId: actor.workspaceId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
      orderBy: { createdAt: "desc" },
    }),
  );
}

export async function revokeInvitation(actor: Actor, input: { invitationId: string }) {
  assertCan(actor.role, "invitations.revoke");
  await withWorkspace(actor.workspaceId, async (tx) => {
    const inv = await tx.invitation.findFirst({ where: { id: input.invitationId, workspaceId: actor.workspaceId } });
    if (!inv) throw new AppError("NOT_FOUND", "Invitation not found.");
    // Admins cannot revoke an Owner's invitation to a role they could not grant.
    assertCanAssign(actor.role, inv.role);
    await tx.invitation.update({ where: { id: inv.id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, actor.workspaceId, {
      action: "invitation.revoked",
      actor,
      target: { type: "invitation", id: inv.id, label: inv.email },
      ip: actor.ip,
    });
  });
}

export type InvitationStatus = "pending" | "accepted" | "revoked" | "expired";

export async function describeInvitation(token: string) {
  const inv = await findInvitationByTokenHash(hashToken(token));
  if (!inv) return null;
  const status: InvitationStatus = inv.acceptedAt
    ? "accepted"
    : inv.revokedAt
      ? "revoked"
      : inv.expiresAt.getTime() <= Date.now()
        ? "expired"
        : "pending";
  return { workspaceName: inv.workspaceName, email: inv.email, role: inv.role, status, expiresAt: inv.expiresAt };
}

/**
 * Accepts an invitation for the signed-in user, whose email must match it. Single use.
 * An unconfirmed account may accept only with the e-mailed link's mailbox proof, which
 * then confirms its address; the inviter's copy of the link confirms nothing, so inviting
 * an address does not let the inviter hold an account for it.
 */
export async function acceptInvitation(principal: Principal, input: { token: string; proof?: string }) {
  const inv = await findInvitationByTokenHash(hashToken(input.token));
  const invalid = new AppError("INVITATION_INVALID", "This invitation link is invalid, expired or already used.");
  if (!inv) throw invalid;
  const verified = await isEmailVerified(principal.userId);
  if (inv.email.toLowerCase() !== principal.email.toLowerCase()) {
    // An unconfirmed account proves no mailbox at all: it is told to confirm its own address first.
    if (!verified) throw emailUnverified("accept an invitation for another address");
    throw new AppError("FORBIDDEN", `This invitation is for ${inv.email}. Sign in with that address to accept it.`);
  }
  const proven = isMailboxProof(input.token, input.proof);
  if (!verified && !proven) throw emailUnverified("accept this invitation");
  return withWorkspace(inv.workspaceId, async (tx) => {
    const claimed = await tx.invitation.updateMany({
      where: { id: inv.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      data: { acceptedAt: new Date(), acceptedBy: principal.userId },
    });
    if (claimed.count !== 1) throw invalid;
    const already = await tx.membership.findFirst({ where: { workspaceId: inv.workspaceId, userId: principal.userId } });
    if (!already) {
      await tx.membership.create({ data: { workspaceId: inv.workspaceId, userId: principal.userId, role: inv.role } });
    }
    await recordAudit(tx, inv.workspaceId, {
      action: "invitation.accepted",
      actor: principal,
      target: { type: "invitation", id: inv.id, label: inv.email },
      ip: principal.ip,
      details: { role: inv.role },
    });
    // The e-mailed link came back from this address's mailbox: that confirms the address.
    if (proven) await tx.user.updateMany({ where: { id: principal.userId, emailVerifiedAt: null }, data: { emailVerifiedAt: new Date() } });
    const ws = await tx.workspace.findUnique({ where: { id: inv.workspaceId }, select: { slug: true } });
    return { slug: ws!.slug };
  });
}

