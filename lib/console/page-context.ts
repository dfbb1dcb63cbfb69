import "server-only";
import { forbidden, notFound, redirect } from "next/navigation";
import { listWorkspacesOfUser } from "../db/privileged";
import { requireUser } from "../auth/current-user";
import { AppError } from "../errors";
import { can, type Permission } from "../rbac";
import { resolveActor, type Actor } from "../workspaces/context";

/**
 * For console pages under /w/[slug]: the signed-in user's membership, resolved on
 * the server for this request. Anonymous → sign-in; not a member → 404; a role
 * without `permission` → 403.
 */
export async function requireWorkspacePage(slug: string, path: string, permission?: Permission): Promise<Actor> {
  const user = await requireUser(path);
  let actor: Actor;
  try {
    actor = await resolveActor(user, slug);
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_FOUND") notFound();
    if (err instanceof AppError && err.code === "MFA_REQUIRED") redirect(`/account/security?required=${encodeURIComponent(slug)}`);
    throw err;
  }
  if (permission && !can(actor.role, permission)) forbidden();
  return actor;
}

export { listWorkspacesOfUser };
