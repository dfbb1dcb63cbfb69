import "server-only";
import { createHash, randomBytes } from "node:crypto";

/**
 * The token of an e-mailed single-use link (password reset, address confirmation): 256
 * random bits, base64url; only its SHA-256 is stored. A stored row is usable until it is
 * used, superseded by a newer link or expired.
 */
export type LinkToken = { token: string; tokenHash: string };

export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newLinkToken(): LinkToken {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashLinkToken(token) };
}

/** What a well-formed token looks like; anything else is refused without a lookup. */
export const LINK_TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export type LinkTokenRow = { id: string; userId: string; expiresAt: Date; usedAt: Date | null; supersededAt: Date | null; user: { email: string } };

/** The Prisma select that reads a LinkTokenRow. */
export const LINK_TOKEN_ROW = { id: true, userId: true, expiresAt: true, usedAt: true, supersededAt: true, user: { select: { email: true } } } as const;

export type LinkTokenProblem = "INVALID" | "USED" | "SUPERSEDED" | "EXPIRED";

/** Why a looked-up row (null: not found) cannot be used now, or null when it can. */
export function linkTokenProblem(row: LinkTokenRow | null, now = Date.now()): LinkTokenProblem | null {
  if (!row) return "INVALID";
  if (row.usedAt) return "USED";
  if (row.supersededAt) return "SUPERSEDED";
  if (row.expiresAt.getTime() <= now) return "EXPIRED";
  return null;
}
