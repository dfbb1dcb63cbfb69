import "server-only";
import { findMembershipBySlug } from "../db/privileged";
import { AppError } from "../errors";
import type { Role } from "../rbac";
import type { MfaPolicy } from "../db/generated/client.ts";

/** Who is acting, where, and with which role: resolved on the server for every request. */
export type Principal = {
  userId: string;
  email: string;
  ip: string;
  sessionId?: string;
  /** Whether the user has TOTP turned on (from the session check, fresh every request). */
  mfaEnabled?: boolean;
  /** Set only by the operator CLI (shell access to the server): recent-authentication checks pass. */
  operator?: boolean;
};
export type Actor = Principal & { workspaceId: string; slug: string; workspaceName: string; role: Role; mfaPolicy: MfaPolicy };

/** Whether a workspace's MFA policy applies to a member with `role`. */
export function mfaPolicyCovers(policy: MfaPolicy, role: Role): boolean {
  return policy === "ALL" || (policy === "OWNERS_ADMINS" && role !== "MEMBER");
}

/**
 * Resolves a console URL's workspace slug to the caller's membership. A workspace
 * the caller does not belong to is "not found", never "forbidden", so slugs of other
 * tenants cannot be probed.
 */
export async function resolveActor(principal: Principal | null, slug: string): Promise<Actor> {
  if (!principal) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  const m = await findMembershipBySlug(principal.userId, slug);
  if (!m) throw new AppError("NOT_FOUND", "Workspace not found.");
  // The workspace's MFA policy is enforced here, on every workspace request and action.
  if (!principal.operator && !principal.mfaEnabled && mfaPolicyCovers(m.mfaPolicy, m.role)) {
    throw new AppError("MFA_REQUIRED", `${m.name} requires two-factor authentication. Turn it on to continue.`);
  }
  return { ...principal, workspaceId: m.workspaceId, slug: m.slug, workspaceName: m.name, role: m.role, mfaPolicy: m.mfaPolicy };
}
