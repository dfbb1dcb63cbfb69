/**
 * The checked-in table of who may do what. Every console action must appear here;
 * the matrix test fails for an action that is missing or whose outcome differs.
 *
 * Workspace actions are tried by the workspace's Owner, Admin and Member, by a
 * signed-in stranger (NONMEMBER), by an anonymous visitor (ANON), and by the Owner
 * of another workspace aiming at this one (OTHER_OWNER).
 */
export type Outcome = "ok" | "FORBIDDEN" | "NOT_FOUND" | "UNAUTHENTICATED" | "LAST_OWNER" | "MFA_REQUIRED";
export type Actor = "OWNER" | "ADMIN" | "MEMBER" | "NONMEMBER" | "ANON" | "OTHER_OWNER";

const outsiders = { NONMEMBER: "NOT_FOUND", ANON: "UNAUTHENTICATED", OTHER_OWNER: "NOT_FOUND" } as const;

export const workspaceExpectations: Record<string, Record<Actor, Outcome>> = {
  "workspace.rename": { OWNER: "ok", ADMIN: "FORBIDDEN", MEMBER: "FORBIDDEN", ...outsiders },
  "workspace.delete": { OWNER: "ok", ADMIN: "FORBIDDEN", MEMBER: "FORBIDDEN", ...outsiders },
  "workspace.transfer": { OWNER: "ok", ADMIN: "FORBIDDEN", MEMBER: "FORBIDDEN", ...outsiders },
  "workspace.leave": { OWNER: "LAST_OWNER", ADMIN: "ok", MEMBER: "ok", ...outsiders },
  "workspace.setMfaPolicy": { OWNER: "ok", ADMIN: "FORBIDDEN", MEMBER: "FORBIDDEN", ...outsiders },
  "workspace.mfaCompliance": { OWNER: "ok", ADMIN: "FORBIDDEN", MEMBER: "FORBIDDEN", ...outsiders },
  "workspace.corsOrigins": { OWNER: "ok", ADMIN: "ok", MEMBER: "ok", ...outsiders },
  "workspace.setCorsOrigins": { OWNER: "ok", ADMIN: "ok", MEMBER: "FORBIDDEN", ...outsiders },
  "members.list": { OWNER: "ok", ADMIN: "ok", MEMBER: "ok", ...outsiders },
  "members.invite": { OWNER: "ok", ADMIN: "ok", MEMBER: "FORBIDDEN", ...outsiders },
  "members.changeRole": { OWNER: "ok", ADMIN: "ok", MEMBER: "FORBIDDEN", ...outsiders },
  "members.remove": { OWNER: "ok", ADMIN: "ok", MEMBER: "FORBIDDEN", ...outsiders },
  "invitations.list": { OWNER: "ok", ADMIN: "ok", MEMBER: "FORBIDDEN", ...outsiders },
  "invitations.revoke": { OWNER: "ok", ADMIN: "ok", MEMBER: "FORBIDDEN", ...outsiders },
  "audit.list": { OWNER: "ok", ADMIN: "ok", MEMBER: "FORBIDDEN", ...outsiders },
  "providers.list": { OWNER: "ok", ADMIN: "ok", MEMBER: "ok", ...outsiders },
  "providers.add": { OWNER: "ok", ADMIN: "ok", MEMBER: "FORBIDDEN", ...outsiders },
  "providers.replace": { OWNER: "ok", ADMIN: "ok", MEMBER: "FORBIDDEN", ...outsiders },
  "providers.delete": { OWNER: "ok", ADMIN: "ok", MEMBER: "FORBIDDEN", ...outsiders },
  "providers.test": { OWNER: "ok", ADMIN: "ok", MEMBER: "FORBIDDEN", ...outsiders },
  "apiKeys.list": { OWNER: "ok", ADMIN: "ok", MEMBER: "ok", ...outsiders },
  "apiKeys.create": { OWNER: "ok", ADMIN: "ok", MEMBER: "ok", ...outsiders },
  // The key belongs to another Member: a Member cannot see it, so it is "not found".
  "apiKeys.revoke": { OWNER: "ok", ADMIN: "ok", MEMBER: "NOT_FOUND", ...outsiders },
  // Every member reads the workspace's usage (Members see other people's keys unnamed).
  "usage.setup": { OWNER: "ok", ADMIN: "ok", MEMBER: "ok", ...outsiders },
  "usage.overview": { OWNER: "ok", ADMIN: "ok", MEMBER: "ok", ...outsiders },
  // Another member's key's limits: a Member learns nothing of the key; only Owners and Admins set limits.
  "limits.get": { OWNER: "ok", ADMIN: "ok", MEMBER: "NOT_FOUND", ...outsiders },
  "limits.keys": { OWNER: "ok", ADMIN: "ok", MEMBER: "ok", ...outsiders },
  "limits.set": { OWNER: "ok", ADMIN: "ok", MEMBER: "FORBIDDEN", ...outsiders },
  "usage.dashboard": { OWNER: "ok", ADMIN: "ok", MEMBER: "ok", ...outsiders },
  "usage.options": { OWNER: "ok", ADMIN: "ok", MEMBER: "ok", ...outsiders },
  "usage.recent": { OWNER: "ok", ADMIN: "ok", MEMBER: "ok", ...outsiders },
  "usage.export": { OWNER: "ok", ADMIN: "ok", MEMBER: "ok", ...outsiders },
  // Every member reads the workspace's security notices; the Owners and Admins they were
  // addressed to mark them read.
  "notices.list": { OWNER: "ok", ADMIN: "ok", MEMBER: "ok", ...outsiders },
  "notices.markRead": { OWNER: "ok", ADMIN: "ok", MEMBER: "FORBIDDEN", ...outsiders },
  "alerts.list": { OWNER: "ok", ADMIN: "ok", MEMBER: "FORBIDDEN", ...outsiders },
  "alerts.addWebhook": { OWNER: "ok", ADMIN: "ok", MEMBER: "FORBIDDEN", ...outsiders },
  "alerts.addEmail": { OWNER: "ok", ADMIN: "ok", MEMBER: "FORBIDDEN", ...outsiders },
  "alerts.remove": { OWNER: "ok", ADMIN: "ok", MEMBER: "FORBIDDEN", ...outsiders },
};

/**
 * Operator actions, tried by an operator (TOTP on), an operator without TOTP, the Owner
 * of a workspace (a workspace role is not an operator), a signed-in user and an anonymous
 * visitor. Everyone who is not an operator is told the area does not exist.
 */
export type OperatorActor = "OPERATOR" | "OPERATOR_NO_MFA" | "WORKSPACE_OWNER" | "SIGNED_IN" | "ANON";
const notOperators = { OPERATOR_NO_MFA: "MFA_REQUIRED", WORKSPACE_OWNER: "NOT_FOUND", SIGNED_IN: "NOT_FOUND", ANON: "UNAUTHENTICATED" } as const;
export const operatorExpectations: Record<string, Record<OperatorActor, Outcome>> = {
  "operator.overview": { OPERATOR: "ok", ...notOperators },
  "operator.audit": { OPERATOR: "ok", ...notOperators },
  "components.list": { OPERATOR: "ok", ...notOperators },
  "components.update": { OPERATOR: "ok", ...notOperators },
  "incidents.list": { OPERATOR: "ok", ...notOperators },
  "incidents.get": { OPERATOR: "ok", ...notOperators },
  "incidents.create": { OPERATOR: "ok", ...notOperators },
  "incidents.edit": { OPERATOR: "ok", ...notOperators },
  "incidents.postUpdate": { OPERATOR: "ok", ...notOperators },
  "maintenance.list": { OPERATOR: "ok", ...notOperators },
  "maintenance.schedule": { OPERATOR: "ok", ...notOperators },
  "maintenance.cancel": { OPERATOR: "ok", ...notOperators },
  "security.workspaces": { OPERATOR: "ok", ...notOperators },
  "security.saveDetails": { OPERATOR: "ok", ...notOperators },
  "security.confirm": { OPERATOR: "ok", ...notOperators },
  "security.sendNotices": { OPERATOR: "ok", ...notOperators },
  "security.delivery": { OPERATOR: "ok", ...notOperators },
};

export const accountExpectations: Record<string, { SIGNED_IN: Outcome; ANON: Outcome }> = {
  "workspace.create": { SIGNED_IN: "ok", ANON: "UNAUTHENTICATED" },
  "invitation.accept": { SIGNED_IN: "ok", ANON: "UNAUTHENTICATED" },
  "account.changePassword": { SIGNED_IN: "ok", ANON: "UNAUTHENTICATED" },
  "account.resendVerification": { SIGNED_IN: "ok", ANON: "UNAUTHENTICATED" },
  "account.confirmIdentity": { SIGNED_IN: "ok", ANON: "UNAUTHENTICATED" },
  "account.signOutAll": { SIGNED_IN: "ok", ANON: "UNAUTHENTICATED" },
  "account.endSession": { SIGNED_IN: "ok", ANON: "UNAUTHENTICATED" },
  "mfa.start": { SIGNED_IN: "ok", ANON: "UNAUTHENTICATED" },
  "mfa.confirm": { SIGNED_IN: "ok", ANON: "UNAUTHENTICATED" },
  "mfa.regenerateCodes": { SIGNED_IN: "ok", ANON: "UNAUTHENTICATED" },
  "mfa.disable": { SIGNED_IN: "ok", ANON: "UNAUTHENTICATED" },
};

/**
 * Console pages, fetched over HTTP by the end-to-end suite: status code, or
 * "login" for a redirect to the sign-in page.
 */
export type PageOutcome = 200 | 403 | 404 | "login";
export const pageExpectations: Record<string, Record<Exclude<Actor, "OTHER_OWNER">, PageOutcome>> = {
  "/w/[slug]": { OWNER: 200, ADMIN: 200, MEMBER: 200, NONMEMBER: 404, ANON: "login" },
  "/w/[slug]/members": { OWNER: 200, ADMIN: 200, MEMBER: 200, NONMEMBER: 404, ANON: "login" },
  "/w/[slug]/audit": { OWNER: 200, ADMIN: 200, MEMBER: 403, NONMEMBER: 404, ANON: "login" },
  "/w/[slug]/usage": { OWNER: 200, ADMIN: 200, MEMBER: 200, NONMEMBER: 404, ANON: "login" },
  "/w/[slug]/settings": { OWNER: 200, ADMIN: 200, MEMBER: 200, NONMEMBER: 404, ANON: "login" },
  "/w/[slug]/providers": { OWNER: 200, ADMIN: 200, MEMBER: 200, NONMEMBER: 404, ANON: "login" },
  "/w/[slug]/keys": { OWNER: 200, ADMIN: 200, MEMBER: 200, NONMEMBER: 404, ANON: "login" },
  "/w/[slug]/notices": { OWNER: 200, ADMIN: 200, MEMBER: 200, NONMEMBER: 404, ANON: "login" },
  // The operator area: none of these users is an operator, and it does not exist for them.
  "/operator": { OWNER: 404, ADMIN: 404, MEMBER: 404, NONMEMBER: 404, ANON: "login" },
  "/operator/components": { OWNER: 404, ADMIN: 404, MEMBER: 404, NONMEMBER: 404, ANON: "login" },
  "/operator/incidents": { OWNER: 404, ADMIN: 404, MEMBER: 404, NONMEMBER: 404, ANON: "login" },
  "/operator/incidents/new": { OWNER: 404, ADMIN: 404, MEMBER: 404, NONMEMBER: 404, ANON: "login" },
  "/operator/maintenance": { OWNER: 404, ADMIN: 404, MEMBER: 404, NONMEMBER: 404, ANON: "login" },
  "/operator/audit": { OWNER: 404, ADMIN: 404, MEMBER: 404, NONMEMBER: 404, ANON: "login" },
};
