import "server-only";
import { AppError } from "../errors";

/**
 * Roles and what they may do: the one permission table, used by every server
 * action, route handler and page. Rules about *whom* an action may target (an Admin
 * cannot touch Owners) live in the target helpers below, also used everywhere.
 */
export type Role = "OWNER" | "ADMIN" | "MEMBER";
export const ROLES: readonly Role[] = ["OWNER", "ADMIN", "MEMBER"];

const ALL: readonly Role[] = ROLES;
const MANAGERS: readonly Role[] = ["OWNER", "ADMIN"];
const OWNERS: readonly Role[] = ["OWNER"];

export const PERMISSIONS = {
  "workspace.view": ALL,
  "workspace.rename": OWNERS,
  "workspace.delete": OWNERS,
  "workspace.transfer": OWNERS,
  "workspace.securityPolicy": OWNERS,
  "workspace.cors": MANAGERS,
  "workspace.leave": ALL,
  "members.view": ALL,
  "members.invite": MANAGERS,
  "members.changeRole": MANAGERS,
  "members.remove": MANAGERS,
  "invitations.view": MANAGERS,
  "invitations.revoke": MANAGERS,
  "audit.view": MANAGERS,
  "usage.view": ALL,
  "providers.view": ALL,
  "providers.manage": MANAGERS,
  "apiKeys.viewAll": MANAGERS,
  "apiKeys.manageAll": MANAGERS,
  "apiKeys.manageOwn": ALL,
  // Spend, token and rate limits, and allowed models: every member reads those of the
  // workspace and of their own keys; Owners and Admins set them.
  "limits.manage": MANAGERS,
  // Security notices from the platform: every member reads them; the Owners and Admins
  // they were addressed to mark them read.
  "notices.view": ALL,
  "notices.acknowledge": MANAGERS,
  // Alert destinations hold webhook URLs and the delivery log: Owners and Admins only.
  "alerts.view": MANAGERS,
  "alerts.manage": MANAGERS,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function assertCan(role: Role, permission: Permission): void {
  if (!can(role, permission)) throw new AppError("FORBIDDEN", "Your role in this workspace does not allow that.");
}

const RANK: Record<Role, number> = { OWNER: 3, ADMIN: 2, MEMBER: 1 };

/** Whether `next` is a lower role than `current` (a demotion). */
export function isLowerRole(next: Role, current: Role): boolean {
  return RANK[next] < RANK[current];
}

/** Roles `actor` may hand out (invite as, or change someone to). */
export function assignableRoles(actor: Role): Role[] {
  if (actor === "OWNER") return ["OWNER", "ADMIN", "MEMBER"];
  if (actor === "ADMIN") return ["MEMBER"];
  return [];
}

/** Whether `actor` may change or remove a member who currently has `target`. */
export function canManageMember(actor: Role, target: Role): boolean {
  if (actor === "OWNER") return true;
  if (actor === "ADMIN") return target === "MEMBER";
  return false;
}

export function assertCanAssign(actor: Role, newRole: Role): void {
  if (!assignableRoles(actor).includes(newRole)) {
    throw new AppError("FORBIDDEN", `Your role cannot grant the ${newRole.toLowerCase()} role.`);
  }
}

export function assertCanManage(actor: Role, target: Role): void {
  if (!canManageMember(actor, target)) {
    throw new AppError("FORBIDDEN", `Your role cannot change a member who is ${target.toLowerCase()}.`);
  }
}
