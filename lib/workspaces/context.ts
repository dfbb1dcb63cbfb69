import { findMembershipBySlug } from "../db/privileged";
import { AppError } from "../errors";
import type { Role } from "../rbac";

/** Who is acting, where, and with which role: resolved on the server for every request. */
export type Principal = {
  userId: string;
  email: string;
  ip: string;
  sessionId?: string;
  /** Set only by the operator CLI (shell access to the server): recent-authentication checks pass. */
  operator?: boolean;
};
export type Actor = Principal & { workspaceId: string; slug: string; workspaceName: string; role: Role };

/**
 * Resolves a console URL's workspace slug to the caller's membership. A workspace
 * the caller does not belong to is "not found", never "forbidden", so slugs of other
 * tenants cannot be probed.
 */
export async function resolveActor(principal: Principal | null, slug: string): Promise<Actor> {
  if (!principal) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  const m = await findMembershipBySlug(principal.userId, slug);
  if (!m) throw new AppError("NOT_FOUND", "Workspace not found.");
  return { ...principal, workspaceId: m.workspaceId, slug: m.slug, workspaceName: m.name, role: m.role };
}
